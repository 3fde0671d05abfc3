"""Dashboard figures, read from the dbt marts for one tenant and one date range.

The default period is the seller's last 12 months with data (ending at their last sale),
compared with the 12 months before; any range whose length is whole months (a calendar
year, a quarter, the default) is compared with as many months before it, any other range
with the same number of days before it.

The widgets sum the day-grain marts (`marts.fct_seller_daily`, `_daily_states`,
`_daily_clusters`, `_daily_titles`) filtered by tenant and exact sold_date, so any range
(not only whole months) is exact. The rules — money counts completed orders, what is
low confidence, seasons, fee rules and the fee check — live in the marts; this module
only adds their rows up (averages as sum / count) and formats them. The tenant id always
comes from the signed-in user. Sums are PostgreSQL numerics, formatted as decimal strings.
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


# Cost-of-goods sums over rows of the fct_seller_daily* marts: cost and profit are over
# the completed sales that have a cost (NULL when none has), never an unknown cost as zero.
_COST_SUMS = """
    coalesce(sum(sales_with_cost), 0) as sales_with_cost,
    coalesce(sum(sales_without_cost), 0) as sales_without_cost,
    coalesce(sum(cost_known_gross), 0) as cost_known_gross,
    sum(cost_of_goods) as cost_of_goods,
    sum(profit) as profit
"""


def _cost_fields(row: dict[str, Any]) -> dict[str, Any]:
    """Profit figures of a row of _COST_SUMS (+ gross_sales): margin and ROI over the
    sales with a cost, and how much of the gross has no cost."""
    unknown_gross = row["gross_sales"] - row["cost_known_gross"]
    return {
        "cost_of_goods": money(row["cost_of_goods"]),
        "profit": money(row["profit"]),
        "margin": ratio(row["profit"], row["cost_known_gross"]),
        "roi": ratio(row["profit"], row["cost_of_goods"]),
        "sales_with_cost": row["sales_with_cost"],
        "sales_without_cost": row["sales_without_cost"],
        "cost_known_gross": money(row["cost_known_gross"]),
        "cost_unknown_gross": money(unknown_gross),
        "cost_unknown_share": ratio(unknown_gross, row["gross_sales"]),
    }


DEFAULT_MONTHS = 12  # the default period: the last 12 months with data


def add_months(day: date, months: int) -> date:
    """`day` shifted by whole months (the last day of a shorter month when it has none)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    next_month = date(year + 1, 1, 1) if month0 == 11 else date(year, month0 + 2, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month0 + 1, min(day.day, last_day))


def months_spanned(start: date, end: date) -> int | None:
    """n when start..end is exactly n whole months (e.g. 2024-01-01..2024-12-31: 12,
    2024-03-27..2025-03-26: 12), else None."""
    if end >= date.max:  # no day after it: not a whole number of months we can tell
        return None
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if months >= 1 and add_months(start, months) == after:
        return months
    return None


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    department: str | None = None

    @property
    def months(self) -> int | None:
        return months_spanned(self.start, self.end)

    @property
    def previous(self) -> Period:
        """The comparison window: as many months before as the period spans whole months
        (the 12 months before a year), else the same number of days before; it ends the
        day before this period starts (cut off at the first representable day: there are
        no sales before it anyway)."""
        end = _add_days(self.start, -1)
        if self.months:
            try:
                start = add_months(self.start, -self.months)
            except ValueError:  # before year 1
                start = date.min
            return Period(start, end, self.department)
        return Period(_add_days(end, -(self.end - self.start).days), end, self.department)

    @property
    def comparison(self) -> str:
        """The comparison window in words: "the 12 months before", "the 27 days before"."""
        if self.months == 1:
            return "the month before"
        if self.months:
            return f"the {self.months} months before"
        days = (self.end - self.start).days + 1
        return "the day before" if days == 1 else f"the {days} days before"

    def shifted_years(self, years: int) -> Period:
        return Period(_shift_year(self.start, years), _shift_year(self.end, years), self.department)


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
    """Missing bounds: the end defaults to the seller's last sale (today if none), the start
    to 12 months before the end, so the default is the last 12 months with data."""
    if end is None:
        end = sale_span(session, tenant_id)[1] or date.today()
    if start is None:
        start = last_months_start(end, DEFAULT_MONTHS)
    return Period(start, end, department or None)


def last_months_start(end: date, months: int) -> date:
    """First day of the `months` months that end on `end`."""
    return add_months(end + timedelta(days=1), -months)


def sale_span(session: Session, tenant_id: uuid.UUID) -> tuple[date | None, date | None]:
    """The seller's first and last sold date (None, None without sales)."""
    first, last = session.execute(
        text(
            "select min(sold_date), max(sold_date) from marts.fct_seller_daily where tenant_id = :t"
        ),
        {"t": tenant_id},
    ).one()
    return first, last


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_choices(session: Session, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    """The periods one click away on the dashboard: the last 12 months (the default), all
    time, each calendar year with data and each quarter of the last year (the four calendar
    quarters up to the last sale's). Each: {"group", "label", "start", "end"}."""
    first, last = sale_span(session, tenant_id)
    if first is None or last is None:
        return []
    choices: list[dict[str, Any]] = [
        {"group": "period", "label": "Last 12 months", "start": None, "end": None,
         "range": (last_months_start(last, DEFAULT_MONTHS), last)},
        {"group": "period", "label": "All time", "start": first, "end": last,
         "range": (first, last)},
    ]  # fmt: skip
    years = session.execute(
        text(
            "select distinct sale_year from marts.fct_seller_daily where tenant_id = :t order by 1"
        ),
        {"t": tenant_id},
    ).scalars()
    for year in years:
        start, end = date(year, 1, 1), date(year, 12, 31)
        choices.append(
            {"group": "year", "label": str(year), "start": start, "end": end, "range": (start, end)}
        )
    quarter = _quarter_start(last)
    for back in (9, 6, 3, 0):
        start = add_months(quarter, -back)
        end = add_months(start, 3) - timedelta(days=1)
        label = f"Q{(start.month - 1) // 3 + 1} {start.year}"
        choices.append(
            {"group": "quarter", "label": label, "start": start, "end": end, "range": (start, end)}
        )
    return choices


# --- summary ---


def kpis(session: Session, tenant_id: uuid.UUID, period: Period) -> dict[str, Any]:
    row = _rows(
        session,
        f"""select {_SALE_SUMS},
            coalesce(sum(total_fees), 0) as fees,
            {_AVERAGE_PRICE},
            sum(days_to_complete_sum) / nullif(sum(days_to_complete_orders), 0) as average_days,
            {_COST_SUMS}
        from marts.fct_seller_daily where {_IN_PERIOD}""",
        _params(tenant_id, period),
    )[0]
    days = row["average_days"]
    return {
        **_cost_fields(row),
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
    previous = kpis(session, tenant_id, period.previous)
    no_earlier_sales = previous["orders"] == 0 and previous["cancelled_orders"] == 0
    return {
        **kpis(session, tenant_id, period),
        "previous": previous,
        "comparison": period.comparison,
        "comparison_note": f"No sales in {period.comparison}" if no_earlier_sales else None,
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
        f"select season, {_SALE_SUMS} from marts.fct_seller_daily where {_IN_PERIOD} group by 1",
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


def profit_ranking(
    session: Session, tenant_id: uuid.UUID, period: Period, by: str, limit: int
) -> dict[str, list[dict[str, Any]]]:
    """The best and worst items (by = "item") or product groups (by = "group") by profit,
    over their sales that have a cost (items/groups without any are left out)."""
    mart, key = {
        "item": ("fct_seller_daily_titles", "item_title as name"),
        "group": ("fct_seller_daily_clusters", "cluster_name as name"),
    }[by]
    ranked = f"""select {key}, {_SALE_SUMS}, {_COST_SUMS}
        from marts.{mart} where {_IN_PERIOD}
        group by 1 having sum(sales_with_cost) > 0"""
    params = _params(tenant_id, period, limit=limit)
    best = _rows(session, f"{ranked} order by profit desc, name limit :limit", params)
    worst = _rows(session, f"{ranked} order by profit asc, name limit :limit", params)

    def shown(row: dict[str, Any]) -> dict[str, Any]:
        return {"name": row["name"], "orders": row["orders"],
                "gross_sales": money(row["gross_sales"]), **_cost_fields(row)}  # fmt: skip

    return {"best": [shown(r) for r in best], "worst": [shown(r) for r in worst]}


# fct_seller_daily's fee columns (completed orders), answered under the same names.
_FEE_FIELDS = (
    "mercari_selling_fees",
    "payment_processing_fees",
    "shipping_adjustment_fees",
    "penalty_fees",
    "total_fees",
)
# The same fees, per sale, in marts.fct_sale_fee_checks.
_FEE_CHECK_COLUMNS = (
    "mercari_selling_fee",
    "seller_payment_processing_fee",
    "shipping_adjustment_fee",
    "penalty_fee",
    "total_seller_fees",
)


def _penalty_fees_if_reported(row: dict[str, Any]) -> dict[str, Any]:
    """Penalty fees are None ("not in this report") when no sale of the range comes from a
    report with a Penalty Fee column (2022 layout): absent is not an invented 0."""
    if not row.pop("penalty_fee_reported_sales"):
        return {**row, "penalty_fees": None}
    return row


def fee_regimes(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    """Per Mercari fee regime (the rule of each sale's sold date) in the range: fees and the
    fee check of the completed sales (marts.fct_sale_fee_checks), in date order."""
    fee_sums = ",\n".join(
        f"coalesce(sum(c.{column}), 0) as {field}"
        for field, column in zip(_FEE_FIELDS, _FEE_CHECK_COLUMNS, strict=True)
    )
    rows = _rows(
        session,
        f"""select r.regime_number, r.fee_regime, r.valid_from, r.valid_to,
            count(*) as orders,
            coalesce(sum(c.item_price), 0) as gross_sales,
            {fee_sums},
            count(c.penalty_fee) as penalty_fee_reported_sales,
            count(c.fee_check) as checked_sales,
            count(*) filter (where c.fee_check = 'earlier rule') as earlier_rule_sales,
            count(*) filter (where c.fee_check = 'differs') as differing_sales,
            coalesce(sum(abs(c.selling_fee_difference) + abs(c.processing_fee_difference))
                filter (where c.fee_check = 'differs'), 0) as differing_fee_amount
        from marts.fct_sale_fee_checks c
        join marts.dim_fee_regimes r on r.regime_number = c.regime_number
        where {_IN_PERIOD}
        group by 1, 2, 3, 4 order by 1""",
        _params(tenant_id, period),
    )
    return [
        _penalty_fees_if_reported(
            {
                **_money_fields(r, "gross_sales", *_FEE_FIELDS, "differing_fee_amount"),
                "effective_fee_rate": ratio(r["total_fees"], r["gross_sales"]),
                "differing_share": ratio(r["differing_sales"], r["checked_sales"]),
            }
        )
        for r in rows
    ]


def fee_months(session: Session, tenant_id: uuid.UUID, period: Period) -> list[dict[str, Any]]:
    """Fees per month, each labelled with the fee rules in force during the month's days
    of the range (' → ' when a rule changed within the month)."""
    fee_sums = ",\n".join(f"coalesce(sum({field}), 0) as {field}" for field in _FEE_FIELDS)
    rows = _rows(
        session,
        f"""with sums as (
            select sale_month as month,
                coalesce(sum(orders), 0) as orders,
                coalesce(sum(gross_sales), 0) as gross_sales,
                {fee_sums},
                coalesce(sum(penalty_fee_reported_sales), 0) as penalty_fee_reported_sales
            from marts.fct_seller_daily where {_IN_PERIOD}
            group by 1
        )
        select sums.*, (
            select string_agg(r.fee_regime, ' → ' order by r.regime_number)
            from marts.dim_fee_regimes r
            where (r.valid_from is null or r.valid_from <= least(
                    cast(sums.month + interval '1 month' - interval '1 day' as date), :end))
                and (r.valid_to is null or r.valid_to >= greatest(sums.month, :start))
        ) as fee_regime
        from sums
        order by 1""",
        _params(tenant_id, period),
    )
    return [
        _penalty_fees_if_reported(
            {
                **_money_fields(r, "gross_sales", *_FEE_FIELDS),
                "effective_fee_rate": ratio(r["total_fees"], r["gross_sales"]),
            }
        )
        for r in rows
    ]


def fee_rule_changes(session: Session, period: Period) -> list[dict[str, Any]]:
    """The days within the range on which Mercari's fee rules changed, with the new rule."""
    return _rows(
        session,
        """select valid_from as day, fee_regime from marts.dim_fee_regimes
        where valid_from > :start and valid_from <= :end order by valid_from""",
        {"start": period.start, "end": period.end},
    )


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
