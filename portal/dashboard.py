"""Dashboard figures, read from the dbt marts for one tenant and one date range.

Everything is computed from `marts.fct_sales` filtered by tenant and exact sold_date,
so any range (not only whole months) is exact; the tenant id always comes from the
signed-in user. Sums are PostgreSQL numerics, formatted as decimal strings.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

CENT = Decimal("0.01")
RATIO = Decimal("0.000001")
# Categorisations below this confidence are listed for the seller to review.
LOW_CONFIDENCE = Decimal("0.5")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Sums shared by the widgets; completed orders carry the money (cancelled rows carry none).
_SALE_SUMS = """
    count(*) filter (where is_completed) as orders,
    count(*) filter (where is_cancelled) as cancelled_orders,
    coalesce(sum(item_price) filter (where is_completed), 0) as gross_sales,
    coalesce(sum(net_seller_proceeds) filter (where is_completed), 0) as net_proceeds
"""
# The department filter is part of every widget's scope (None: all departments).
_IN_PERIOD = (
    "tenant_id = :tenant and sold_date between :start and :end"
    " and (cast(:department as text) is null or department = :department)"
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    department: str | None = None

    @property
    def previous(self) -> Period:
        """The period of equal length that ends the day before this one starts (cut off at
        the first representable day: there are no sales before it anyway)."""
        end = _add_days(self.start, -1)
        return Period(_add_days(end, -(self.end - self.start).days), end, self.department)

    def shifted_years(self, years: int) -> Period:
        return Period(
            _shift_year(self.start, years), _shift_year(self.end, years), self.department
        )


def _add_days(day: date, days: int) -> date:
    """`day + days`, held within the dates Python represents (year 1 to 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def _shift_year(day: date, years: int) -> date:
    year = day.year + years
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=year, day=28)


def money(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT))


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> str | None:
    if numerator is None or not denominator:
        return None
    return str((Decimal(numerator) / Decimal(denominator)).quantize(RATIO))


def _rows(session: Session, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in session.execute(text(sql), params).mappings()]


def _params(tenant_id: uuid.UUID, period: Period, **extra: Any) -> dict[str, Any]:
    return {
        "tenant": tenant_id,
        "start": period.start,
        "end": period.end,
        "department": period.department,
        **extra,
    }


def resolve_period(
    session: Session,
    tenant_id: uuid.UUID,
    start: date | None,
    end: date | None,
    department: str | None = None,
) -> Period:
    """Missing bounds default to the seller's first and last sale (today if none)."""
    if start is None or end is None:
        first, last = session.execute(
            text("select min(sold_date), max(sold_date) from marts.fct_sales where tenant_id = :t"),
            {"t": tenant_id},
        ).one()
        today = date.today()
        start = start or first or today
        end = end or last or today
    return Period(start, end, department or None)


# --- summary ---


def kpis(session: Session, tenant_id: uuid.UUID, period: Period) -> dict[str, Any]:
    row = _rows(
        session,
        f"""select {_SALE_SUMS},
            coalesce(sum(total_seller_fees) filter (where is_completed), 0) as fees,
            avg(item_price) filter (where is_completed) as average_price,
            avg(days_to_complete) filter (where is_completed) as average_days
        from marts.fct_sales where {_IN_PERIOD}""",
        _params(tenant_id, period),
    )[0]
    days = row["average_days"]
    return {
        "start": period.start,
        "end": period.end,
        "gross_sales": money(row["gross_sales"]),
        "net_proceeds": money(row["net_proceeds"]),
        "fees": money(row["fees"]),
        "fee_share": ratio(row["fees"], row["gross_sales"]),
        "orders": row["orders"],
        "cancelled_orders": row["cancelled_orders"],
        "cancellation_rate": ratio(
            row["cancelled_orders"], row["orders"] + row["cancelled_orders"]
        ),
        "average_price": money(row["average_price"]),
        "average_days_to_complete": money(days),
    }


def summary(session: Session, tenant_id: uuid.UUID, period: Period) -> dict[str, Any]:
    return {
        **kpis(session, tenant_id, period),
        "previous": kpis(session, tenant_id, period.previous),
    }


# --- widgets ---


def monthly(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    """Per month; year-over-year compares with the same dates one year earlier."""
    by_month = f"""select sale_month as month, {_SALE_SUMS},
            coalesce(sum(total_seller_fees) filter (where is_completed), 0) as fees
        from marts.fct_sales where {_IN_PERIOD} group by 1"""
    rows = _rows(session, by_month, _params(tenant_id, period))
    earlier = _rows(session, by_month, _params(tenant_id, period.shifted_years(-1)))
    gross_a_year_before = {_shift_year(r["month"], 1): r["gross_sales"] for r in earlier}
    return [
        _month_row(r, gross_a_year_before.get(r["month"]))
        for r in sorted(rows, key=lambda r: r["month"])
    ]


def _month_row(row: dict[str, Any], previous_gross: Decimal | None) -> dict[str, Any]:
    change = None
    if previous_gross:
        change = ratio(row["gross_sales"] - previous_gross, previous_gross)
    return {
        "month": row["month"],
        "gross": money(row["gross_sales"]),
        "net": money(row["net_proceeds"]),
        "fees": money(row["fees"]),
        "orders": row["orders"],
        "cancelled": row["cancelled_orders"],
        "previous_year_gross": money(previous_gross),
        "gross_change_year_over_year": change,
    }


def _money_fields(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {**row, **{name: money(row[name]) for name in names}}


def states(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    rows = _rows(
        session,
        f"""select coalesce(shipped_to_state, 'UNKNOWN') as state, {_SALE_SUMS},
            avg(item_price) filter (where is_completed) as average_price
        from marts.fct_sales where {_IN_PERIOD}
        group by 1 order by gross_sales desc, state""",
        _params(tenant_id, period),
    )
    return [_money_fields(r, "gross_sales", "net_proceeds", "average_price") for r in rows]


def categories(
    session: Session, tenant_id: uuid.UUID, period: Period, department: str | None = None
) -> list[dict[str, Any]]:
    rows = _rows(
        session,
        f"""select department, coalesce(subcategory, '') as subcategory, {_SALE_SUMS},
            avg(category_confidence) as average_confidence,
            count(*) filter (where category_confidence < {LOW_CONFIDENCE}) as low_confidence_sales
        from marts.fct_sales
        where {_IN_PERIOD}
        group by 1, 2 order by gross_sales desc, department, subcategory""",
        _params(tenant_id, period, department=department or period.department),
    )
    return [
        {
            **_money_fields(r, "gross_sales", "net_proceeds"),
            "average_confidence": ratio(r["average_confidence"], 1),
        }
        for r in rows
    ]


def clusters(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    # Same cluster assignment as marts.fct_seller_clusters, but for any date range.
    rows = _rows(
        session,
        f"""select coalesce(c.cluster_id, -2) as cluster_id,
            coalesce(c.cluster_name, 'Not clustered yet') as cluster_name, {_SALE_SUMS},
            avg(item_price) filter (where is_completed) as average_price
        from marts.fct_sales s
        left join staging.stg_title_clusters c
            on c.tenant_id = s.tenant_id and c.item_title = s.item_title
        where s.{_IN_PERIOD}
        group by 1, 2 order by gross_sales desc, cluster_id""",
        _params(tenant_id, period),
    )
    return [_money_fields(r, "gross_sales", "net_proceeds", "average_price") for r in rows]


def weekdays(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    rows = _rows(
        session,
        f"""select extract(isodow from sold_date)::int as day_of_week, {_SALE_SUMS}
        from marts.fct_sales where {_IN_PERIOD} group by 1 order by 1""",
        _params(tenant_id, period),
    )
    return [
        {
            **_money_fields(r, "gross_sales", "net_proceeds"),
            "day_name": DAY_NAMES[r["day_of_week"] - 1],
        }
        for r in rows
    ]


_SEASON = """case
    when extract(month from sold_date) in (12, 1, 2) then 'Winter'
    when extract(month from sold_date) in (3, 4, 5) then 'Spring'
    when extract(month from sold_date) in (6, 7, 8) then 'Summer'
    else 'Autumn' end"""
_SEASON_ORDER = ("Winter", "Spring", "Summer", "Autumn")


def seasons(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    """Meteorological seasons of the northern hemisphere (Mercari US)."""
    rows = _rows(
        session,
        f"select {_SEASON} as season, {_SALE_SUMS} from marts.fct_sales"
        f" where {_IN_PERIOD} group by 1",
        _params(tenant_id, period),
    )
    rows.sort(key=lambda r: _SEASON_ORDER.index(r["season"]))
    return [_money_fields(r, "gross_sales", "net_proceeds") for r in rows]


def best_sellers(
    session: Session, tenant_id: uuid.UUID, period: Period, limit: int
) -> list[dict[str, Any]]:
    rows = _rows(
        session,
        f"""select item_title, {_SALE_SUMS},
            avg(item_price) filter (where is_completed) as average_price
        from marts.fct_sales where {_IN_PERIOD}
        group by 1 having count(*) filter (where is_completed) > 0
        order by gross_sales desc, item_title limit :limit""",
        _params(tenant_id, period, limit=limit),
    )
    return [_money_fields(r, "gross_sales", "net_proceeds", "average_price") for r in rows]


_FEE_FIELDS = {
    "mercari_selling_fees": "mercari_selling_fee",
    "payment_processing_fees": "seller_payment_processing_fee",
    "shipping_adjustment_fees": "shipping_adjustment_fee",
    "penalty_fees": "penalty_fee",
    "total_fees": "total_seller_fees",
}


def _fee_rows(
    session: Session, tenant_id: uuid.UUID, period: Period, bucket: str, name: str
) -> list[dict[str, Any]]:
    """Fees per `bucket` (a fct_sales column), labelled with the year's fee rules.

    The sums are taken first and the few buckets joined to the fee-year labels after,
    rather than joining every sale: the labels come from the mart (one source of truth).
    """
    fee_sums = ",\n".join(
        f"coalesce(sum({column}) filter (where is_completed), 0) as {field}"
        for field, column in _FEE_FIELDS.items()
    )
    rows = _rows(
        session,
        f"""with sums as (
            select {bucket} as {name}, min(sale_year) as sale_year,
                count(*) filter (where is_completed) as orders,
                coalesce(sum(item_price) filter (where is_completed), 0) as gross_sales,
                {fee_sums}
            from marts.fct_sales where {_IN_PERIOD}
            group by 1
        )
        select sums.*, y.fee_regime
        from sums
        left join marts.fct_seller_fee_years y
            on y.tenant_id = :tenant and y.year = sums.sale_year
        order by 1""",
        _params(tenant_id, period),
    )
    return [
        {
            **_money_fields(r, "gross_sales", *_FEE_FIELDS),
            "effective_fee_rate": ratio(r["total_fees"], r["gross_sales"]),
        }
        for r in rows
    ]


def fee_years(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    """Per year of the range, with the fee rules of that year."""
    return _fee_rows(session, tenant_id, period, "sale_year", "year")


def fee_months(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    """Fees per month with the fee rules in force (to see what each rule change cost)."""
    return _fee_rows(session, tenant_id, period, "sale_month", "month")


def marts_built(session: Session) -> bool:
    """Whether dbt has built the marts yet (not before the first upload is processed)."""
    return session.scalar(text("select to_regclass('marts.fct_sales') is not null")) is True


def departments(session: Session, tenant_id: uuid.UUID) -> list[str]:
    """The departments the seller has sold in (choices of the department filter)."""
    if not marts_built(session):
        return []
    rows = session.execute(
        text(
            "select distinct department from marts.fct_sales where tenant_id = :tenant"
            " order by 1"
        ),
        {"tenant": tenant_id},
    )
    return [department for (department,) in rows]


def low_confidence_items(
    session: Session, tenant_id: uuid.UUID, period: Period, limit: int
) -> list[dict[str, Any]]:
    """Titles whose categorisation is least certain, least certain first, for review."""
    rows = _rows(
        session,
        f"""select item_title, department, coalesce(subcategory, '') as subcategory,
            min(category_confidence) as confidence, count(*) as sales,
            coalesce(max(category_source), '') as source
        from marts.fct_sales
        where {_IN_PERIOD} and category_confidence < {LOW_CONFIDENCE}
        group by 1, 2, 3 order by confidence, sales desc, item_title limit :limit""",
        _params(tenant_id, period, limit=limit),
    )
    return [{**r, "confidence": ratio(r["confidence"], 1)} for r in rows]
