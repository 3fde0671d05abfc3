"""Categorisation and clustering in the pipeline: pure steps, then real runs (offline and
OpenAI through the local fake server)."""

from __future__ import annotations

import uuid

import pandas as pd
import pytest
from sqlalchemy import text

from mi_core.categorisation import OfflineCategoriser, load_taxonomy
from mi_core.categorising import categorise_rows, summarise_categories
from orchestration.resources import CategoriserResource
from tests.fakes.openai_server import FakeOpenAIServer
from tests.pipeline_helpers import execute, register, run_upload, scalar


def test_categorise_rows_gives_taxonomy_pairs_per_row():
    rows = pd.DataFrame(
        {
            "row_number": [2, 3, 5],
            "item_title": ["Lululemon Align leggings size 6", "Reserved for Ann", "Rae Dunn mug"],
        }
    )

    categories = categorise_rows(rows, OfflineCategoriser())

    assert categories["row_number"].tolist() == [2, 3, 5]
    taxonomy = load_taxonomy()
    first, reserved, mug = categories.itertuples(index=False)
    assert taxonomy.is_valid(first.department, first.subcategory)
    assert first.department == "Women"
    assert reserved.department == "Uncategorised" and reserved.reason
    assert mug.department == "Home"
    summary = summarise_categories(categories)
    assert summary.titles == 3
    assert summary.uncategorised_share == pytest.approx(1 / 3)
    assert sum(summary.confidence_histogram.values()) == 3


def test_offline_run_stores_a_category_per_row_and_the_sellers_clusters(
    settings, engine, instance, seller, tmp_path
):
    from mi_core.sales_report import write_report

    upload_id = register(settings, seller, write_report(tmp_path / "r.csv", 300, seed=12))

    result = run_upload(instance, seller, upload_id)

    assert result.success
    per_source = scalar(
        engine,
        "select string_agg(distinct source, ',') from raw.sale_categories where upload_id = :u",
        u=upload_id,
    )
    assert per_source == "offline"
    assert (
        scalar(engine, "select count(*) from raw.sale_categories where upload_id = :u", u=upload_id)
        == 300
    )
    assert (
        scalar(
            engine, "select categoriser from categorisation_usage where upload_id = :u", u=upload_id
        )
        == "offline"
    )
    clustered = scalar(
        engine, "select sum(size) from raw.title_clusters where tenant_id = :t", t=seller.id
    )
    assert clustered == 300
    assert (
        scalar(
            engine,
            "select count(*) from raw.title_clusters where tenant_id = :t and name = ''",
            t=seller.id,
        )
        == 0
    )


def test_openai_answers_are_cached_across_sellers(settings, engine, instance, seller, tmp_path):
    from mi_core.db import session_scope
    from mi_core.sales_report import write_report
    from mi_core.uploads import create_seller

    report = write_report(tmp_path / "shared.csv", 400, seed=21)
    with session_scope(engine) as session:
        other = create_seller(session, f"llm-{seller.id.hex[:8]}@example.test")
        session.expunge(other)
    with FakeOpenAIServer() as server:
        resources = {
            "categoriser": CategoriserResource(
                openai_api_key="test-key",
                openai_base_url=server.base_url,
                openai_model="gpt-4o-mini",
                requests_per_minute=6000,
            )
        }
        first = register(settings, seller, report)
        run_upload(instance, seller, first, resources=resources)
        requests_first = len(server.requests)
        second = register(settings, other, report)
        run_upload(instance, other, second, resources=resources)
        requests_second = len(server.requests) - requests_first

    assert requests_first >= 1
    assert requests_second == 0
    usage = "select requests from categorisation_usage where upload_id = :u"
    assert scalar(engine, usage, u=first) == requests_first
    assert scalar(engine, usage, u=second) == 0
    from_cache = scalar(
        engine,
        "select count(*) from raw.sale_categories where upload_id = :u and source = 'cache'",
        u=second,
    )
    from_llm = scalar(
        engine,
        "select count(*) from raw.sale_categories where upload_id = :u and source = 'llm'",
        u=first,
    )
    assert from_llm > 0
    assert from_cache == from_llm


def test_later_uploads_join_existing_clusters_until_a_refit(settings, engine, seller, tmp_path):
    from mi_core.categorising import REFIT_SHARE, cluster_seller
    from mi_core.loading import load_report
    from mi_core.sales_report import generate_report, parse_report

    def load(rows: int, seed: int) -> None:
        content = generate_report(rows, seed=seed)
        upload_id = register(settings, seller, _write(tmp_path / f"{seed}.csv", content))
        load_report(engine, upload_id, seller.id, parse_report(content))

    fitted = "select fitted_titles from raw.title_cluster_models where tenant_id = :t"
    members = "select count(*) from raw.title_cluster_members where tenant_id = :t"
    # A fit may regroup any title: the seller's marts are queued whole.
    whole_seller = (
        "select count(*) from raw.mart_refresh_queue where tenant_id = :t and upload_id is null"
    )
    load(400, seed=31)
    cluster_seller(engine, seller.id)
    first_fit = scalar(engine, fitted, t=seller.id)
    titles_before = scalar(engine, members, t=seller.id)
    assert scalar(engine, whole_seller, t=seller.id) == 1

    load(int(400 * REFIT_SHARE / 3), seed=32)  # few new titles: assigned, no refit
    cluster_seller(engine, seller.id)
    assert scalar(engine, fitted, t=seller.id) == first_fit
    assert scalar(engine, members, t=seller.id) > titles_before
    # Titles joining a group change no other title's: the upload's own refresh will do.
    assert scalar(engine, whole_seller, t=seller.id) == 1
    sizes = "select sum(size) from raw.title_clusters where tenant_id = :t"
    sales = (
        "select count(distinct (item_id, sold_date, order_status))"
        " from raw.sales_report_rows where tenant_id = :t"
    )
    assert scalar(engine, sizes, t=seller.id) == scalar(engine, sales, t=seller.id)

    load(400, seed=33)  # many new titles: the seller is re-clustered
    cluster_seller(engine, seller.id)
    assert scalar(engine, fitted, t=seller.id) > first_fit
    assert scalar(engine, sizes, t=seller.id) == scalar(engine, sales, t=seller.id)
    assert scalar(engine, whole_seller, t=seller.id) == 2

    # An upload whose marts were built before its titles were grouped (its run failed
    # after loading: no refresh of it is queued any more) shows them ungrouped: joining
    # a group then queues the seller whole.
    load(int(400 * REFIT_SHARE / 3), seed=34)
    execute(
        engine,
        "delete from raw.mart_refresh_queue where tenant_id = :t and upload_id is not null",
        t=seller.id,
    )
    cluster_seller(engine, seller.id)
    assert scalar(engine, whole_seller, t=seller.id) == 3


def test_a_second_upload_rebuilds_the_product_groups_of_its_days_only_and_exactly(
    settings, engine, instance, seller, tmp_path
):
    """fct_seller_daily_clusters is rebuilt for the days an upload touches, unless the
    seller was regrouped: after an upload whose titles only joined groups, every day of
    the mart still equals its definition over all the seller's sales."""
    from mi_core.sales_report import write_report

    fitted = "select fitted_at from raw.title_cluster_models where tenant_id = :t"
    first = write_report(tmp_path / "first.csv", 400, seed=31)
    assert run_upload(instance, seller, register(settings, seller, first)).success
    first_fit = scalar(engine, fitted, t=seller.id)
    second = write_report(tmp_path / "second.csv", 30, seed=32)
    assert run_upload(instance, seller, register(settings, seller, second)).success

    assert scalar(engine, fitted, t=seller.id) == first_fit  # no refit: day-scoped build
    days = "select count(distinct sold_date) from marts.fct_sales where tenant_id = :t"
    assert scalar(engine, days, t=seller.id) > 60  # most days untouched by the second
    mart = (
        "select sold_date, department, cluster_id, cluster_name, orders, cancelled_orders,"
        " gross_sales, net_proceeds from marts.fct_seller_daily_clusters"
        " where tenant_id = :t order by 1, 2, 3"
    )
    definition = (
        "select s.sold_date, s.department, coalesce(c.cluster_id, -2),"
        " coalesce(c.cluster_name, 'Not clustered yet'),"
        " count(*) filter (where s.is_completed), count(*) filter (where s.is_cancelled),"
        " coalesce(sum(s.item_price) filter (where s.is_completed), 0),"
        " coalesce(sum(s.net_seller_proceeds) filter (where s.is_completed), 0)"
        " from marts.fct_sales as s left join staging.stg_title_clusters as c"
        " on c.tenant_id = s.tenant_id and c.item_title = s.item_title"
        " where s.tenant_id = :t group by 1, 2, 3, 4 order by 1, 2, 3"
    )
    with engine.connect() as conn:
        built = [tuple(row) for row in conn.execute(text(mart), {"t": seller.id})]
        expected = [tuple(row) for row in conn.execute(text(definition), {"t": seller.id})]
    assert built == expected
    assert all(row[2] != -2 for row in built)  # every title of both uploads grouped


def _write(path, content: bytes):
    path.write_bytes(content)
    return path


def test_loaded_rows_are_read_back_from_the_warehouse_in_file_order(
    settings, engine, free_seller, tmp_path
):
    """What categorisation reads (no step hands it the report): the loaded rows only, so
    rows waiting for the allowance are not categorised."""
    from mi_core.categorising import loaded_rows
    from mi_core.loading import load_report
    from mi_core.sales_report import generate_report, parse_report

    content = generate_report(110, seed=41)  # the free plan admits 100 products a month
    upload_id = register(settings, free_seller, _write(tmp_path / "r.csv", content), plan=None)
    report = parse_report(content)

    result = load_report(engine, upload_id, free_seller.id, report)

    rows = loaded_rows(engine, upload_id)
    assert list(rows.columns) == ["row_number", "item_title"]
    assert (len(rows), result.rows_loaded, result.rows_waiting) == (100, 100, 10)
    assert rows["row_number"].is_monotonic_increasing
    expected = report.rows.set_index("row_number")["item_title"]
    assert rows.set_index("row_number")["item_title"].to_dict() == {
        n: expected[n] for n in rows["row_number"]
    }
    assert loaded_rows(engine, uuid.uuid4()).empty
