"""Costs of goods: what a seller paid for what they sold, at five levels.

A seller gives costs per sale (Mercari item id), per title, per product group (title
cluster), per subcategory and as a default share of the price per department; dbt picks
one per completed sale with the precedence sale > title > product group > subcategory >
department share (fct_sales.cost_of_goods / cost_source / profit).

Every change here queues a whole-seller marts refresh (`refresh_queue.enqueue(..., None)`)
in the same transaction as the change, so the marts only ever change through the
pipeline: the marts_refresh_sensor launches a marts-only `refresh_marts` run for the
seller. Nothing here writes the marts.

Cost CSV (`import_costs`): columns `item_id` or `title`, and `cost`. It is applied whole or
not at all: one refused row (no key, both keys, a cost that is not a non-negative amount
of dollars and cents, a key given twice) and nothing is stored. Rows whose item id or
title matches none of the seller's sales yet are valid and stored too (a cost typed in
before the report that has the sale was uploaded applies when it arrives); they are
counted and listed as unmatched so the seller can spot a typo.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import Connection, Engine, delete, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from mi_core import refresh_queue
from mi_core.categorisation.normalise import normalise_title
from mi_core.models import (
    DepartmentCostShare,
    ProductGroupCost,
    SaleCost,
    SubcategoryCost,
    TitleCost,
)

CENT = Decimal("0.01")
MAX_COST = Decimal("9999999999.99")  # numeric(12, 2)
COST_SOURCES = ("sale", "title", "product_group", "subcategory", "department_default")
TEMPLATE_CSV = "item_id,title,cost\n"


class CostError(ValueError):
    """A cost or share a seller typed that cannot be stored (the message says why)."""


class UnknownProductGroup(LookupError):
    pass


def parse_cost(value: str | Decimal | int | float | None, *, what: str = "cost") -> Decimal:
    """A non-negative amount of dollars and cents: '4', '4.00', '$4.00', ' 1,204.50 '."""
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    else:
        cleaned = str(value if value is not None else "").strip().replace(",", "")
        cleaned = cleaned.removeprefix("$").strip()
        if not cleaned:
            raise CostError(f"{what} is empty")
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise CostError(f"{what} {str(value).strip()!r} is not a number") from None
    if not amount.is_finite():
        raise CostError(f"{what} {value!r} is not a number")
    if amount < 0:
        raise CostError(f"{what} {value} is negative")
    if amount != amount.quantize(CENT):
        raise CostError(f"{what} {value} has more than two decimals")
    if amount > MAX_COST:
        raise CostError(f"{what} {value} is too large")
    return amount.quantize(CENT)


def parse_share(value: str | Decimal) -> Decimal:
    """A department's cost share, given in percent of the price ('30', '30%', '12.5')."""
    cleaned = str(value).strip().removesuffix("%").strip()
    try:
        percent = Decimal(cleaned)
    except InvalidOperation:
        raise CostError(f"share {str(value).strip()!r} is not a number") from None
    if not percent.is_finite() or not 0 <= percent <= 100:
        raise CostError(f"share {value} is not between 0 and 100 %")
    share = percent / 100
    if share != share.quantize(Decimal("0.0001")):
        raise CostError(f"share {value} has more than two decimals")
    return share.quantize(Decimal("0.0001"))


def _refresh(session: Session, seller_id: uuid.UUID) -> None:
    refresh_queue.enqueue(session.connection(), seller_id, None)


def _upsert(session: Session, model, values: dict, keys: list[str]) -> None:
    statement = insert(model).values(**values)
    updates = {k: statement.excluded[k] for k in values if k not in keys}
    updates["updated_at"] = text("now()")
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates))


# --- one cost at a time (the /costs page, the sales table's inline cost) ---


MAX_ITEM_ID = 64
MAX_TITLE = 1000


# The checks of a sale's and a title's key, shared by the single cost and the cost CSV
# (each names the key its own way: "item id …" / "column item_id: …").


def _item_id_problem(item_id: str) -> str | None:
    """Why a stripped, non-empty item id is not a Mercari item id: short, printable text
    (PostgreSQL refuses NUL). None when it is one."""
    if len(item_id) > MAX_ITEM_ID or not item_id.isprintable():
        return f"{item_id[:MAX_ITEM_ID]!r} is not a Mercari item id"
    return None


def _title_problem(title: str) -> str | None:
    """Why a stripped, non-empty title cannot key a cost (None when it can)."""
    if len(title) > MAX_TITLE or "\x00" in title:
        return f"longer than {MAX_TITLE} characters or holds a NUL character"
    if not normalise_title(title):
        return f"{title!r} has no words to match"
    return None


def _item_id(item_id: str) -> str:
    item_id = item_id.strip()
    if not item_id:
        raise CostError("item id is empty")
    if problem := _item_id_problem(item_id):
        raise CostError(f"item id {problem}")
    return item_id


def _store_sale_cost(session: Session, seller_id: uuid.UUID, item_id: str, amount) -> None:
    _upsert(
        session,
        SaleCost,
        {"seller_id": seller_id, "item_id": item_id, "cost": amount},
        ["seller_id", "item_id"],
    )


def _store_title_cost(session: Session, seller_id: uuid.UUID, title: str, amount) -> None:
    _upsert(
        session,
        TitleCost,
        {
            "seller_id": seller_id,
            "normalised_title": normalise_title(title),
            "title": title,
            "cost": amount,
        },
        ["seller_id", "normalised_title"],
    )


def set_sale_cost(session: Session, seller_id: uuid.UUID, item_id: str, cost) -> Decimal:
    item_id = _item_id(item_id)
    amount = parse_cost(cost)
    _store_sale_cost(session, seller_id, item_id, amount)
    _refresh(session, seller_id)
    return amount


def clear_sale_cost(session: Session, seller_id: uuid.UUID, item_id: str) -> bool:
    try:
        item_id = _item_id(item_id)
    except CostError:
        return False  # no such cost can exist
    result = session.execute(
        delete(SaleCost).where(SaleCost.seller_id == seller_id, SaleCost.item_id == item_id)
    )
    if result.rowcount:
        _refresh(session, seller_id)
    return bool(result.rowcount)


def set_title_cost(session: Session, seller_id: uuid.UUID, title: str, cost) -> Decimal:
    title = title.strip()
    if problem := _title_problem(title):
        raise CostError(f"title {problem}")
    amount = parse_cost(cost)
    _store_title_cost(session, seller_id, title, amount)
    _refresh(session, seller_id)
    return amount


def clear_title_cost(session: Session, seller_id: uuid.UUID, normalised_title: str) -> bool:
    return _clear(
        session,
        seller_id,
        delete(TitleCost).where(
            TitleCost.seller_id == seller_id, TitleCost.normalised_title == normalised_title
        ),
    )


def set_subcategory_cost(
    session: Session, seller_id: uuid.UUID, department: str, subcategory: str, cost
) -> Decimal:
    amount = parse_cost(cost)
    _upsert(
        session,
        SubcategoryCost,
        {
            "seller_id": seller_id,
            "department": department,
            "subcategory": subcategory,
            "cost": amount,
        },
        ["seller_id", "department", "subcategory"],
    )
    _refresh(session, seller_id)
    return amount


def clear_subcategory_cost(
    session: Session, seller_id: uuid.UUID, department: str, subcategory: str
) -> bool:
    return _clear(
        session,
        seller_id,
        delete(SubcategoryCost).where(
            SubcategoryCost.seller_id == seller_id,
            SubcategoryCost.department == department,
            SubcategoryCost.subcategory == subcategory,
        ),
    )


def set_department_share(
    session: Session, seller_id: uuid.UUID, department: str, percent
) -> Decimal:
    share = parse_share(percent)
    _upsert(
        session,
        DepartmentCostShare,
        {"seller_id": seller_id, "department": department, "share": share},
        ["seller_id", "department"],
    )
    _refresh(session, seller_id)
    return share


def clear_department_share(session: Session, seller_id: uuid.UUID, department: str) -> bool:
    return _clear(
        session,
        seller_id,
        delete(DepartmentCostShare).where(
            DepartmentCostShare.seller_id == seller_id,
            DepartmentCostShare.department == department,
        ),
    )


def _clear(session: Session, seller_id: uuid.UUID, statement) -> bool:
    if session.execute(statement).rowcount:
        _refresh(session, seller_id)
        return True
    return False


# --- product groups: ids are only stable within one clustering fit ---


@dataclass(frozen=True)
class ProductGroup:
    cluster_id: int
    name: str
    size: int  # sales in the group (raw.title_clusters.size)
    cost: Decimal | None  # the cost set under the current fit, if any


def product_groups(session: Session, seller_id: uuid.UUID) -> list[ProductGroup]:
    """The seller's current product groups with the cost set for them under this fit."""
    rows = session.execute(
        text(
            """select c.cluster_id, c.name, c.size, g.cost
            from raw.title_clusters c
            left join raw.title_cluster_models m on m.tenant_id = c.tenant_id
            left join product_group_costs g
                on g.seller_id = c.tenant_id and g.cluster_id = c.cluster_id
                and g.fitted_at = m.fitted_at
            where c.tenant_id = :seller
            order by c.revenue desc, c.cluster_id"""
        ),
        {"seller": seller_id},
    )
    return [ProductGroup(*row) for row in rows]


def set_product_group_cost(
    session: Session, seller_id: uuid.UUID, cluster_id: int, cost
) -> Decimal:
    """Cost per item for a group: remembered with the group's titles now, so that a later
    re-clustering (which renumbers groups) leaves the cost on the same items."""
    amount = parse_cost(cost)
    if not -(2**31) <= cluster_id < 2**31:
        raise UnknownProductGroup(f"no product group {cluster_id}")
    group = session.execute(
        text(
            "select c.name, m.fitted_at from raw.title_clusters c"
            " join raw.title_cluster_models m on m.tenant_id = c.tenant_id"
            " where c.tenant_id = :seller and c.cluster_id = :cluster"
        ),
        {"seller": seller_id, "cluster": cluster_id},
    ).first()
    if group is None:
        raise UnknownProductGroup(f"no product group {cluster_id}")
    statement = insert(ProductGroupCost).values(
        seller_id=seller_id,
        cluster_id=cluster_id,
        name=group.name,
        fitted_at=group.fitted_at,
        cost=amount,
    )
    cost_id = session.execute(
        statement.on_conflict_do_update(
            index_elements=["seller_id", "cluster_id", "fitted_at"],
            set_={"cost": amount, "name": group.name, "updated_at": text("now()")},
        ).returning(ProductGroupCost.id)
    ).scalar_one()
    # The group's titles now move to this cost (the newest group cost of a title wins).
    session.execute(
        text(
            """insert into product_group_cost_titles (seller_id, item_title, product_group_cost_id)
            select tenant_id, item_title, :cost_id from raw.title_cluster_members
            where tenant_id = :seller and cluster_id = :cluster
            on conflict (seller_id, item_title)
            do update set product_group_cost_id = excluded.product_group_cost_id"""
        ),
        {"seller": seller_id, "cluster": cluster_id, "cost_id": cost_id},
    )
    _drop_unused_group_costs(session, seller_id)
    _refresh(session, seller_id)
    return amount


def clear_product_group_cost(session: Session, seller_id: uuid.UUID, cluster_id: int) -> bool:
    """Forget the cost of a current group, and of its titles under any earlier group."""
    if not -(2**31) <= cluster_id < 2**31:
        return False
    removed = session.execute(
        text(
            "delete from product_group_cost_titles t using raw.title_cluster_members m"
            " where t.seller_id = :seller and m.tenant_id = t.seller_id"
            " and m.item_title = t.item_title and m.cluster_id = :cluster"
        ),
        {"seller": seller_id, "cluster": cluster_id},
    ).rowcount
    removed += session.execute(
        text(
            "delete from product_group_costs g using raw.title_cluster_models m"
            " where g.seller_id = :seller and g.cluster_id = :cluster"
            " and m.tenant_id = g.seller_id and g.fitted_at = m.fitted_at"
        ),
        {"seller": seller_id, "cluster": cluster_id},
    ).rowcount
    _drop_unused_group_costs(session, seller_id)
    if removed:
        _refresh(session, seller_id)
    return bool(removed)


def _drop_unused_group_costs(session: Session, seller_id: uuid.UUID) -> None:
    """A group cost of an earlier fit whose titles all moved to newer costs covers nothing."""
    session.execute(
        text(
            """delete from product_group_costs g
            where g.seller_id = :seller
              and g.fitted_at is distinct from (
                  select fitted_at from raw.title_cluster_models where tenant_id = :seller)
              and not exists (
                  select 1 from product_group_cost_titles t where t.product_group_cost_id = g.id)"""
        ),
        {"seller": seller_id},
    )


# --- titles normalised for dbt (run by the marts build) ---


def normalise_claimed_titles(engine: Engine) -> int:
    """Normalise the not yet normalised titles of the claimed sellers that have title
    costs (raw.normalised_titles, read by stg_title_costs); returns how many were added.

    Called by the marts build right after it claims the refresh queue, so every build
    sees every title of the sellers it rebuilds (normalisation is Python, not SQL).
    """
    with engine.begin() as conn:
        titles = conn.execute(
            text(
                """select distinct r.tenant_id, r.item_title
                from raw.sales_report_rows r
                where r.tenant_id in (
                    select q.tenant_id from raw.mart_refresh_queue q where q.claimed
                    intersect
                    select t.seller_id from title_costs t
                )
                and not exists (
                    select 1 from raw.normalised_titles n
                    where n.tenant_id = r.tenant_id and n.item_title = r.item_title
                )"""
            )
        ).all()
        if titles:
            _copy_normalised(conn, titles)
    return len(titles)


def _copy_normalised(conn: Connection, titles) -> None:
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(
        "copy raw.normalised_titles (tenant_id, item_title, normalised_title) from stdin"
    ) as copy:
        for tenant_id, title in titles:
            copy.write_row((tenant_id, title, normalise_title(title)))


# --- the cost CSV ---


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str


@dataclass
class CostImport:
    """What an import did: applied is False when any row was refused (nothing stored)."""

    matched: int = 0
    unmatched: int = 0
    refused: list[RowProblem] = field(default_factory=list)
    unmatched_rows: list[RowProblem] = field(default_factory=list)
    applied: bool = False


@dataclass(frozen=True)
class _CostRow:
    row: int
    item_id: str | None
    title: str | None
    cost: Decimal


class CostFileError(ValueError):
    """The file as a whole cannot be read as a cost CSV (message names the file)."""


def read_cost_csv(data: bytes, filename: str) -> tuple[list[_CostRow], list[RowProblem]]:
    """Parse the CSV; rows are numbered as a spreadsheet shows them (header = row 1)."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CostFileError(f"{filename}: not UTF-8 text (save the sheet as CSV UTF-8)") from None
    try:
        return _read_rows(csv.reader(io.StringIO(content, newline="")), filename)
    except csv.Error as err:  # e.g. a NUL byte: not a text file
        raise CostFileError(f"{filename}: not a CSV file ({err})") from None


def _read_rows(reader, filename: str) -> tuple[list[_CostRow], list[RowProblem]]:
    header = next(reader, None)
    if header is None:
        raise CostFileError(f"{filename}: the file is empty (expected item_id or title, and cost)")
    columns = {name.strip().lower(): i for i, name in enumerate(header) if name.strip()}
    if "cost" not in columns or not ({"item_id", "title"} & columns.keys()):
        raise CostFileError(
            f"{filename} row 1: expected columns item_id or title, and cost;"
            f" found {', '.join(repr(h) for h in header)}"
        )
    rows, refused, seen = [], [], {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line (spreadsheets leave them at the end)

        def cell(name: str, cells=cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        item_id, title = cell("item_id") or None, cell("title") or None
        problem = _key_problem(item_id, title)
        if problem is None:
            try:
                cost = parse_cost(cell("cost"))
            except CostError as error:
                problem = f"column cost: {error}"
        if problem is None:
            key = ("item_id", item_id) if item_id else ("title", normalise_title(title or ""))
            if key in seen:
                problem = f"column {key[0]}: the same {key[0]} as row {seen[key]}"
            else:
                seen[key] = number
        if problem:
            refused.append(RowProblem(number, f"{filename} row {number}, {problem}"))
        else:
            rows.append(_CostRow(number, item_id, title, cost))
    return rows, refused


def _key_problem(item_id: str | None, title: str | None) -> str | None:
    """Why a row's key columns cannot key a cost, naming the column (None when they can)."""
    if item_id and title:
        return "columns item_id and title: give one of them, not both"
    if item_id:
        problem = _item_id_problem(item_id)
        return f"column item_id: {problem}" if problem else None
    if title:
        problem = _title_problem(title)
        return f"column title: {problem}" if problem else None
    return "columns item_id and title: both are empty"


def import_costs(session: Session, seller_id: uuid.UUID, data: bytes, filename: str) -> CostImport:
    """Apply a cost CSV whole, or nothing when a row is refused (see the module doc).

    Raises CostFileError when the file itself is unreadable. The caller commits."""
    rows, refused = read_cost_csv(data, filename)
    result = CostImport(refused=refused)
    item_ids, titles = _seller_keys(session, seller_id)
    for row in rows:
        if row.item_id is not None:
            known, what = row.item_id in item_ids, f"item_id {row.item_id!r}"
        else:
            known, what = normalise_title(row.title or "") in titles, f"title {row.title!r}"
        if known:
            result.matched += 1
        else:
            result.unmatched += 1
            result.unmatched_rows.append(
                RowProblem(
                    row.row,
                    f"{filename} row {row.row}: no sale with this {what} yet"
                    " (stored: it applies when such a sale is uploaded)",
                )
            )
    if refused or not rows:
        return result
    for row in rows:
        if row.item_id is not None:
            _store_sale_cost(session, seller_id, row.item_id, row.cost)
        else:
            _store_title_cost(session, seller_id, row.title or "", row.cost)
    _refresh(session, seller_id)
    result.applied = True
    return result


def _seller_keys(session: Session, seller_id: uuid.UUID) -> tuple[set[str], set[str]]:
    """The seller's item ids and normalised titles, over everything they uploaded."""
    rows = session.execute(
        text("select distinct item_id, item_title from raw.sales_report_rows where tenant_id = :s"),
        {"s": seller_id},
    ).all()
    return {r.item_id for r in rows}, {normalise_title(r.item_title) for r in rows}
