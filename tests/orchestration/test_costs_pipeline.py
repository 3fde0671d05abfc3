"""Costs of goods through the real pipeline: costs at every level for the real sample,
the marts-only run they queue, the precedence checked sale by sale against an
expectation computed here in Python, the marts' profit against SQL over fct_sales, and a
second upload (which re-clusters the seller) keeping every cost on the same items.

One processed seller for the whole module; the tests run in file order and build on
each other's costs (each says what it adds)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import text

from mi_core.categorisation.normalise import normalise_title
from tests.cost_helpers import refresh_marts
from tests.pipeline_helpers import scalar
from tests.portal_helpers import process, seller_with_processed_sample

CENT = Decimal("0.01")
PRICE_SHARE = Decimal("0.30")


def rows(engine, sql: str, **params) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql), params)]


@pytest.fixture(scope="module")
def processed(database):
    return seller_with_processed_sample(database)


@pytest.fixture(scope="module")
def seller(processed):
    return processed[0]


@pytest.fixture(scope="module")
def chosen(processed, database):
    """The costs of the module, chosen from the seller's marts: a department share, a
    subcategory of that department, the largest product group, one of its titles (typed
    in another case, with punctuation) and one sale of that title."""
    from mi_core.db import get_engine

    engine = get_engine()
    seller = processed[0]
    department, subcategory = rows(
        engine,
        """select department, subcategory from marts.fct_sales
        where tenant_id = :t and is_completed and subcategory is not null
        group by 1, 2 order by count(*) desc limit 1""",
        t=seller.id,
    )[0].values()
    # The largest product group (of at least 3 titles) with a title sold twice or more.
    group = rows(
        engine,
        """with sizes as (
            select cluster_id, count(*) as titles from marts.dim_title_clusters
            where tenant_id = :t and cluster_id >= 0 group by 1 having count(*) >= 3
        ), repeated as (
            select c.cluster_id from marts.fct_sales s
            join marts.dim_title_clusters c
                on c.tenant_id = s.tenant_id and c.item_title = s.item_title
            where s.tenant_id = :t and s.is_completed
            group by c.cluster_id, s.item_title having count(*) >= 2
        )
        select cluster_id, titles from sizes
        where cluster_id in (select cluster_id from repeated)
        order by titles desc, cluster_id limit 1""",
        t=seller.id,
    )[0]
    members = [
        r["item_title"]
        for r in rows(
            engine,
            "select item_title from marts.dim_title_clusters where tenant_id = :t"
            " and cluster_id = :c order by item_title",
            t=seller.id,
            c=group["cluster_id"],
        )
    ]
    # A title of the group sold (completed) at least twice: one sale gets a sale cost, the
    # others keep the title cost.
    title, item_id = rows(
        engine,
        """select s.item_title, min(s.item_id) as item_id from marts.fct_sales s
        join marts.dim_title_clusters c
            on c.tenant_id = s.tenant_id and c.item_title = s.item_title
        where s.tenant_id = :t and c.cluster_id = :c and s.is_completed
        group by 1 having count(*) >= 2 order by count(*) desc, 1 limit 1""",
        t=seller.id,
        c=group["cluster_id"],
    )[0].values()
    return {
        "department": department,
        "subcategory": subcategory,
        "cluster_id": group["cluster_id"],
        "members": set(members),
        "title": title,
        "typed_title": f"  {title.upper()} !! ",
        "item_id": item_id,
    }


def expected_cost(sale: dict, chosen: dict) -> tuple[Decimal | None, str | None]:
    """The precedence, written independently of the dbt model."""
    if not sale["is_completed"]:
        return None, None
    if sale["item_id"] == chosen["item_id"]:
        return Decimal("1.00"), "sale"
    if normalise_title(sale["item_title"]) == normalise_title(chosen["title"]):
        return Decimal("2.00"), "title"
    if sale["item_title"] in chosen["members"]:
        return Decimal("3.00"), "product_group"
    if (sale["department"], sale["subcategory"]) == (chosen["department"], chosen["subcategory"]):
        return Decimal("5.00"), "subcategory"
    if sale["department"] == chosen["department"] and sale["item_price"] is not None:
        return (sale["item_price"] * PRICE_SHARE).quantize(
            CENT, ROUND_HALF_UP
        ), "department_default"
    return None, None


def sales_of(engine, seller) -> list[dict]:
    return rows(
        engine,
        """select sale_key, item_id, item_title, is_completed, department, subcategory,
            item_price, net_seller_proceeds, cost_of_goods, cost_source, profit
        from marts.fct_sales where tenant_id = :t order by sale_key""",
        t=seller.id,
    )


def test_no_cost_means_unknown_not_zero(engine, seller):
    assert (
        scalar(
            engine,
            "select count(*) from marts.fct_sales"
            " where tenant_id = :t and cost_of_goods is not null",
            t=seller.id,
        )
        == 0
    )
    monthly = rows(
        engine,
        "select sum(profit) as profit, sum(sales_with_cost) as with_cost,"
        " sum(sales_without_cost) as without_cost, sum(orders) as orders"
        " from marts.fct_seller_monthly where tenant_id = :t",
        t=seller.id,
    )[0]
    assert monthly["profit"] is None
    assert monthly["with_cost"] == 0
    assert monthly["without_cost"] == monthly["orders"] > 0


def test_costs_at_every_level_follow_the_precedence(settings, engine, instance, seller, chosen):
    from mi_core import costs
    from mi_core.db import session_scope

    with session_scope() as session:
        costs.set_department_share(session, seller.id, chosen["department"], "30%")
        costs.set_subcategory_cost(
            session, seller.id, chosen["department"], chosen["subcategory"], "5"
        )
        costs.set_product_group_cost(session, seller.id, chosen["cluster_id"], "$3.00")
        costs.set_title_cost(session, seller.id, chosen["typed_title"], "2.00")
        costs.set_sale_cost(session, seller.id, chosen["item_id"], Decimal("1"))
    refresh_marts(instance, settings, seller.id)

    sales = sales_of(engine, seller)
    sources = set()
    for sale in sales:
        cost, source = expected_cost(sale, chosen)
        assert (sale["cost_of_goods"], sale["cost_source"]) == (cost, source), sale
        expected_profit = None if cost is None else sale["net_seller_proceeds"] - cost
        assert sale["profit"] == expected_profit, sale
        sources.add(source)
    # Every level decided at least one sale, and some sales still have no cost.
    assert sources == {"sale", "title", "product_group", "subcategory", "department_default", None}


MARTS = (
    "fct_seller_monthly",
    "fct_seller_categories",
    "fct_seller_clusters",
    "fct_seller_states",
    "fct_seller_daily",
    "fct_seller_daily_states",
    "fct_seller_daily_clusters",
    "fct_seller_daily_titles",
)


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_adds_up_the_profit_of_fct_sales(engine, seller, mart):
    facts = rows(
        engine,
        """select sum(profit) as profit, sum(cost_of_goods) as cost_of_goods,
            count(cost_of_goods) as sales_with_cost,
            count(*) filter (where cost_of_goods is null) as sales_without_cost,
            sum(item_price) filter (where cost_of_goods is not null) as cost_known_gross
        from marts.fct_sales where tenant_id = :t and is_completed""",
        t=seller.id,
    )[0]
    totals = rows(
        engine,
        f"""select sum(profit) as profit, sum(cost_of_goods) as cost_of_goods,
            sum(sales_with_cost) as sales_with_cost,
            sum(sales_without_cost) as sales_without_cost,
            sum(cost_known_gross) as cost_known_gross
        from marts.{mart} where tenant_id = :t""",
        t=seller.id,
    )[0]
    assert facts["sales_with_cost"] > 0 and facts["sales_without_cost"] > 0
    assert totals == facts


def test_margin_and_roi_are_over_the_sales_with_a_cost(engine, seller):
    for row in rows(
        engine,
        "select * from marts.fct_seller_categories where tenant_id = :t and sales_with_cost > 0",
        t=seller.id,
    ):
        assert row["margin"] == (row["profit"] / row["cost_known_gross"]).quantize(
            Decimal("0.000001"), ROUND_HALF_UP
        )
        if row["cost_of_goods"]:
            assert row["roi"] == (row["profit"] / row["cost_of_goods"]).quantize(
                Decimal("0.000001"), ROUND_HALF_UP
            )
    unknown = rows(
        engine,
        "select margin, roi, profit from marts.fct_seller_categories"
        " where tenant_id = :t and sales_with_cost = 0",
        t=seller.id,
    )
    assert unknown and all(r == {"margin": None, "roi": None, "profit": None} for r in unknown)


def test_a_second_upload_keeps_every_cost_on_the_same_items(
    settings, engine, instance, seller, chosen, tmp_path
):
    """Many new titles make the pipeline re-cluster the seller from scratch (cluster ids
    then mean other groups); the sample's sales keep exactly the costs they had."""
    from mi_core.sales_report import write_report
    from tests.pipeline_helpers import register

    before = {
        s["sale_key"]: (s["cost_of_goods"], s["cost_source"]) for s in sales_of(engine, seller)
    }
    fitted_before = scalar(
        engine, "select fitted_at from raw.title_cluster_models where tenant_id = :t", t=seller.id
    )

    upload_id = register(settings, seller, write_report(tmp_path / "more.csv", 600, seed=5))
    process(instance, seller, upload_id)

    fitted_after = scalar(
        engine, "select fitted_at from raw.title_cluster_models where tenant_id = :t", t=seller.id
    )
    assert fitted_after != fitted_before, "the second upload was meant to re-cluster"
    after = {
        s["sale_key"]: (s["cost_of_goods"], s["cost_source"]) for s in sales_of(engine, seller)
    }
    assert {key: after[key] for key in before} == before
    assert len(after) > len(before)
