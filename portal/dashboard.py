"""Dashboard figures, read from the dbt marts for one tenant and one date range.

The widgets sum the day-grain marts (`marts.fct_seller_daily`, `_daily_states`,
`_daily_clusters`, `_daily_titles`) filtered by tenant and exact sold_date, so any range
(not only whole months) is exact. The rules — money counts completed orders, what is
low confidence, seasons, fee regimes — live in the marts; this module only adds their
rows up (averages as sum / count) and formats them. The tenant id always comes from the
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
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Sums shared by the widgets over rows of the fct_seller_daily* marts (whose money
# columns already count completed orders only).
_SALE_SUMS = """
    coalesce(sum(orders), 0) as orders,
    coalesce(sum(cancelled_orders), 0) as cancelled_orders,
    coalesce(sum(gross_sales), 0) as gross_sales,
    coalesce(sum(net_proceeds), 0) as net_proceeds
"""
# Average price of completed orders over the summed rows.
_AVERAGE_PRICE = "sum(gross_sales) / nullif(sum(orders), 0) as average_price"
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
            text(
                "select min(sold_date), max(sold_date) from marts.fct_seller_daily"
                " where tenant_id = :t"
            ),
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
            coalesce(sum(total_fees), 0) as fees,
            {_AVERAGE_PRICE},
            sum(days_to_complete_sum) / nullif(sum(days_to_complete_orders), 0) as average_days
        from marts.fct_seller_daily where {_IN_PERIOD}""",
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
            coalesce(sum(total_fees), 0) as fees
        from marts.fct_seller_daily where {_IN_PERIOD} group by 1"""
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
        f"""select shipped_to_state as state, {_SALE_SUMS}, {_AVERAGE_PRICE}
        from marts.fct_seller_daily_states where {_IN_PERIOD}
        group by 1 order by gross_sales desc, state""",
        _params(tenant_id, period),
    )
    return [_money_fields(r, "gross_sales", "net_proceeds", "average_price") for r in rows]


def categories(
    session: Session, tenant_id: uuid.UUID, period: Period, department: str | None = None
) -> list[dict[str, Any]]:
    rows = _rows(
        session,
        f"""select department, subcategory, {_SALE_SUMS},
            sum(category_confidence_sum) / nullif(sum(sales), 0) as average_confidence,
            coalesce(sum(low_confidence_sales), 0) as low_confidence_sales
        from marts.fct_seller_daily
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
        f"""select cluster_id, cluster_name, {_SALE_SUMS}, {_AVERAGE_PRICE}
        from marts.fct_seller_daily_clusters
        where {_IN_PERIOD}
        group by 1, 2 order by gross_sales desc, cluster_id""",
        _params(tenant_id, period),
    )
    return [_money_fields(r, "gross_sales", "net_proceeds", "average_price") for r in rows]


def weekdays(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    rows = _rows(
        session,
        f"""select day_of_week, {_SALE_SUMS}
        from marts.fct_seller_daily where {_IN_PERIOD} group by 1 order by 1""",
        _params(tenant_id, period),
    )
    return [
        {
            **_money_fields(r, "gross_sales", "net_proceeds"),
            "day_name": DAY_NAMES[r["day_of_week"] - 1],
        }
        for r in rows
    ]


_SEASON_ORDER = ("Winter", "Spring", "Summer", "Autumn")


def seasons(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    """Meteorological seasons of the northern hemisphere (fct_seller_daily.season)."""
    rows = _rows(
        session,
        f"select season, {_SALE_SUMS} from marts.fct_seller_daily"
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
        f"""select item_title, {_SALE_SUMS}, {_AVERAGE_PRICE}
        from marts.fct_seller_daily_titles where {_IN_PERIOD}
        group by 1 having sum(orders) > 0
        order by gross_sales desc, item_title limit :limit""",
        _params(tenant_id, period, limit=limit),
    )
    return [_money_fields(r, "gross_sales", "net_proceeds", "average_price") for r in rows]


# fct_seller_daily's fee columns (completed orders), answered under the same names.
_FEE_FIELDS = (
    "mercari_selling_fees",
    "payment_processing_fees",
    "shipping_adjustment_fees",
    "penalty_fees",
    "total_fees",
)


def _fee_rows(
    session: Session, tenant_id: uuid.UUID, period: Period, bucket: str, name: str
) -> list[dict[str, Any]]:
    """Fees per `bucket` (a fct_seller_daily column), labelled with the year's fee rules.

    The sums are taken first and the few buckets joined to the fee-year labels after,
    rather than joining every sale: the labels come from the mart (one source of truth).
    """
    fee_sums = ",\n".join(f"coalesce(sum({field}), 0) as {field}" for field in _FEE_FIELDS)
    rows = _rows(
        session,
        f"""with sums as (
            select {bucket} as {name}, min(sale_year) as sale_year,
                coalesce(sum(orders), 0) as orders,
                coalesce(sum(gross_sales), 0) as gross_sales,
                {fee_sums}
            from marts.fct_seller_daily where {_IN_PERIOD}
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
    return session.scalar(text("select to_regclass('marts.fct_seller_daily') is not null")) is True


def departments(session: Session, tenant_id: uuid.UUID) -> list[str]:
    """The departments the seller has sold in (choices of the department filter)."""
    if not marts_built(session):
        return []
    rows = session.execute(
        text(
            "select distinct department from marts.fct_seller_daily where tenant_id = :tenant"
            " order by 1"
        ),
        {"tenant": tenant_id},
    )
    return [department for (department,) in rows]


def low_confidence_items(
    session: Session, tenant_id: uuid.UUID, period: Period, limit: int
) -> list[dict[str, Any]]:
    """Titles flagged low-confidence by the marts (fct_sales.is_low_confidence, threshold
    MI_LOW_CONFIDENCE_BELOW), least certain first, for review."""
    rows = _rows(
        session,
        f"""select item_title, department, coalesce(subcategory, '') as subcategory,
            min(category_confidence) as confidence, count(*) as sales,
            coalesce(max(category_source), '') as source
        from marts.fct_sales
        where {_IN_PERIOD} and is_low_confidence
        group by 1, 2, 3 order by confidence, sales desc, item_title limit :limit""",
        _params(tenant_id, period, limit=limit),
    )
    return [{**r, "confidence": ratio(r["confidence"], 1)} for r in rows]
