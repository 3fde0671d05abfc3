"""Mercari US seller fees by their dated rules, and the fee check of a report.

The table `FEE_RULES` is the ONE place the rules live (the warehouse may mirror
it as a dbt seed: `write_fee_rules_csv`). A rule applies by Sold Date, from its
`valid_from` to the day before the next rule's. The figures are the product
owner's; what Mercari's help centre says about them:

* 10% selling fee; 2.9% + $0.30 payment processing on the item price, charged
  to the seller: "Fees on Mercari", https://www.mercari.com/us/help_center/article/169/
  ("A Payment Processing Fee of 2.9% plus $0.30 per sale is charged based on
  the completed sale price of the item."). The start of the processing fee is
  not dated there; sales reports show it first on sales of 2020-10-08.
* 2022-11-01, 2.9% + $0.50: "Payment Processing Fee",
  https://www.mercari.com/us/help_center/article/525/?topic=listing ("Effective
  November 1, 2022, Mercari will implement a 2.9% + $0.50 payment processing fee
  for sellers on all completed transactions, based on the sold price.").
* 2023-04-17, on item price + shipping: the same article, later revision (as
  quoted at http://fieldose.blogg.se/2023/july/mercari-reviews-for-sellers.html):
  "Effective starting April 17, 2023, the seller will pay a processing fee based
  on the combined sale plus shipping price"; "It may take several weeks for
  updated fees to be fully implemented for listings created before April 17, 2023."
* 2024-03-27, no seller fees on new listings; the buyer pays a service fee and
  "a Payment Processing Fee of $0.50 plus 2.9% of the transaction price":
  https://www.mercari.com/us/help_center/article/525/ (updated 03/27/2024; "For
  Listings created before March 27, 2024, please refer to this article.").
* 2025-01-06, "Sellers will pay a flat 10% selling fee on the completed item
  price and buyer-paid shipping", "Buyers will pay a flat 3.6% Buyer Protection
  fee", "No additional payment processing fee for either buyers or sellers";
  "it may take up to 1 week for the new fee structure to apply to all
  listings", and no 10% fee on listings without it sold 2025-01-06..12:
  Mercari's FAQ on the new fee structure (copy at https://mercadosales.com/?p=2608).

Listings keep the fees of the day they were created for a while, so a sale
shortly after a change may still carry the previous rule's fees: the check
counts a sale within `GRACE_DAYS` after a change that matches the previous
rule as "earlier rule", not as a difference.

Rounding: every rule rounds half up to the cent, as the product owner
specified. The real sample suggests Mercari truncates the 2025 selling fee
(10% of 25.99 charged 2.59, of 35.76 charged 3.57): if confirmed, set that
rule's `rounding` to DOWN here, nowhere else.

Pure: no database, no Dagster; money in integer cents.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from .columns import COMPLETED

HALF_UP, DOWN = "half up", "down"
ITEM_PRICE = "item price"
ITEM_PRICE_AND_BUYER_SHIPPING = "item price + buyer shipping fee"
GRACE_DAYS = 60

SELLING_FEE_COLUMN = "Mercari Selling Fee"
PROCESSING_FEE_COLUMN = "Payment Processing Fee Charged To Seller"
SELLING_FEE_FIELD = "mercari_selling_fee"
PROCESSING_FEE_FIELD = "payment_processing_fee_charged_to_seller"


@dataclass(frozen=True)
class FeeRule:
    """The seller-side fees of completed sales sold on or after `valid_from`."""

    label: str
    valid_from: date | None  # None: since Mercari US began
    selling_fee_rate: Decimal
    selling_fee_base: str
    processing_fee_rate: Decimal
    processing_fee_fixed: Decimal  # dollars
    processing_fee_base: str
    buyer_side: str
    source: str
    rounding: str = "half up"  # each fee to the cent: HALF_UP or DOWN (truncated)


FEE_RULES: tuple[FeeRule, ...] = (
    FeeRule(
        label="10% selling fee",
        valid_from=None,
        selling_fee_rate=Decimal("0.10"),
        selling_fee_base=ITEM_PRICE,
        processing_fee_rate=Decimal("0"),
        processing_fee_fixed=Decimal("0"),
        processing_fee_base=ITEM_PRICE,
        buyer_side="",
        source="https://www.mercari.com/us/help_center/article/169/",
    ),
    FeeRule(
        label="10% selling fee + 2.9% + $0.30 processing",
        valid_from=date(2020, 10, 8),  # first seen on sales of that day
        selling_fee_rate=Decimal("0.10"),
        selling_fee_base=ITEM_PRICE,
        processing_fee_rate=Decimal("0.029"),
        processing_fee_fixed=Decimal("0.30"),
        processing_fee_base=ITEM_PRICE,
        buyer_side="",
        source="https://www.mercari.com/us/help_center/article/169/",
    ),
    FeeRule(
        label="10% selling fee + 2.9% + $0.50 processing",
        valid_from=date(2022, 11, 1),
        selling_fee_rate=Decimal("0.10"),
        selling_fee_base=ITEM_PRICE,
        processing_fee_rate=Decimal("0.029"),
        processing_fee_fixed=Decimal("0.50"),
        processing_fee_base=ITEM_PRICE,
        buyer_side="",
        source="https://www.mercari.com/us/help_center/article/525/?topic=listing",
    ),
    FeeRule(
        label="10% selling fee + 2.9% + $0.50 processing on price and shipping",
        valid_from=date(2023, 4, 17),
        selling_fee_rate=Decimal("0.10"),
        selling_fee_base=ITEM_PRICE,
        processing_fee_rate=Decimal("0.029"),
        processing_fee_fixed=Decimal("0.50"),
        processing_fee_base=ITEM_PRICE_AND_BUYER_SHIPPING,
        buyer_side="",
        source="https://www.mercari.com/us/help_center/article/525/?topic=listing",
    ),
    FeeRule(
        label="No seller fees; the buyer pays a service fee and processing",
        valid_from=date(2024, 3, 27),  # on listings created from then on
        selling_fee_rate=Decimal("0"),
        selling_fee_base=ITEM_PRICE,
        processing_fee_rate=Decimal("0"),
        processing_fee_fixed=Decimal("0"),
        processing_fee_base=ITEM_PRICE,
        buyer_side="service fee + 2.9% + $0.50 payment processing, paid by the buyer",
        source="https://www.mercari.com/us/help_center/article/525/",
    ),
    FeeRule(
        label="10% selling fee on price and shipping; 3.6% Buyer Protection",
        valid_from=date(2025, 1, 6),
        selling_fee_rate=Decimal("0.10"),
        selling_fee_base=ITEM_PRICE_AND_BUYER_SHIPPING,
        processing_fee_rate=Decimal("0"),
        processing_fee_fixed=Decimal("0"),
        processing_fee_base=ITEM_PRICE,
        buyer_side="3.6% Buyer Protection, paid by the buyer",
        source="https://mercadosales.com/?p=2608 (copy of Mercari's fee FAQ)",
    ),
)


def rule_valid_to(index: int) -> date | None:
    """Last Sold Date of `FEE_RULES[index]` (the day before the next rule), or None."""
    if index + 1 >= len(FEE_RULES):
        return None
    following = FEE_RULES[index + 1].valid_from
    assert following is not None
    return following - timedelta(days=1)


def rule_for(sold: date) -> FeeRule:
    """The rule of a sale sold on `sold`."""
    chosen = FEE_RULES[0]
    for rule in FEE_RULES[1:]:
        assert rule.valid_from is not None
        if sold >= rule.valid_from:
            chosen = rule
    return chosen


# --- the table as rows (e.g. for a dbt seed) ------------------------------------------------

FEE_RULE_CSV_COLUMNS: tuple[str, ...] = (
    "label",
    "valid_from",
    "valid_to",
    "selling_fee_rate",
    "selling_fee_base",
    "processing_fee_rate",
    "processing_fee_fixed",
    "processing_fee_base",
    "buyer_side",
    "rounding",
    "source",
)


def fee_rule_rows() -> list[dict[str, str]]:
    """`FEE_RULES` as text rows (dates YYYY-MM-DD, empty when open-ended)."""
    rows = []
    for index, rule in enumerate(FEE_RULES):
        valid_to = rule_valid_to(index)
        rows.append(
            {
                "label": rule.label,
                "valid_from": rule.valid_from.isoformat() if rule.valid_from else "",
                "valid_to": valid_to.isoformat() if valid_to else "",
                "selling_fee_rate": str(rule.selling_fee_rate),
                "selling_fee_base": rule.selling_fee_base,
                "processing_fee_rate": str(rule.processing_fee_rate),
                "processing_fee_fixed": str(rule.processing_fee_fixed),
                "processing_fee_base": rule.processing_fee_base,
                "buyer_side": rule.buyer_side,
                "rounding": rule.rounding,
                "source": rule.source,
            }
        )
    return rows


def write_fee_rules_csv(target: str | os.PathLike[str] | TextIO) -> None:
    """Write `FEE_RULES` as CSV with a header row (`FEE_RULE_CSV_COLUMNS`)."""
    if isinstance(target, str | os.PathLike):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            write_fee_rules_csv(stream)
        return
    writer = csv.DictWriter(target, fieldnames=FEE_RULE_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(fee_rule_rows())


def fee_rules_csv() -> str:
    """`write_fee_rules_csv` as a string."""
    out = io.StringIO()
    write_fee_rules_csv(out)
    return out.getvalue()


# --- expected fees ---------------------------------------------------------------------------


def _percent_of(cents: Any, rate: Decimal, rounding: str) -> Any:
    """`rate` of `cents` (non-negative int or integer array), to the cent."""
    numerator, denominator = rate.as_integer_ratio()
    if rounding == DOWN:
        return cents * numerator // denominator
    if rounding != HALF_UP:
        raise ValueError(f"unknown rounding {rounding!r}")
    return (2 * cents * numerator + denominator) // (2 * denominator)


def _base(rule_base: str, price: Any, buyer_shipping: Any) -> Any:
    return price + buyer_shipping if rule_base == ITEM_PRICE_AND_BUYER_SHIPPING else price


def expected_fees(rule: FeeRule, price_cents: Any, buyer_shipping_cents: Any) -> tuple[Any, Any]:
    """(selling fee, processing fee) in cents the rule implies; ints or integer arrays."""
    selling = _percent_of(
        _base(rule.selling_fee_base, price_cents, buyer_shipping_cents),
        rule.selling_fee_rate,
        rule.rounding,
    )
    if rule.processing_fee_rate == 0 and rule.processing_fee_fixed == 0:
        return selling, selling * 0
    processing = _percent_of(
        _base(rule.processing_fee_base, price_cents, buyer_shipping_cents),
        rule.processing_fee_rate,
        rule.rounding,
    ) + int(rule.processing_fee_fixed * 100)
    return selling, processing


# --- the check -------------------------------------------------------------------------------


def _cents(cents: int) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


@dataclass(frozen=True)
class FeeDifference:
    """A fee Mercari charged that no rule of the sale's date explains."""

    row: int  # spreadsheet row
    column: str  # the report column, as the file names it
    field: str  # its frame field: SELLING_FEE_FIELD or PROCESSING_FEE_FIELD
    expected: Decimal  # what the rule of the Sold Date implies
    charged: Decimal
    sold_date: date
    rule: str  # label of that rule


@dataclass(frozen=True)
class RegimeFees:
    """The completed sales under one rule and the seller fees they were charged."""

    label: str
    valid_from: date | None
    valid_to: date | None
    sales: int
    item_price: Decimal
    selling_fee: Decimal
    processing_fee: Decimal
    earlier_rule: int  # sales charged by the previous rule within the grace period
    differing: int  # sales with a fee no rule explains
    differing_rows: tuple[FeeDifference, ...] = ()  # their fees, by row

    @property
    def effective_rate(self) -> Decimal | None:
        """(selling + processing fees) / item price, to 4 places; None without sales."""
        if not self.item_price:
            return None
        rate = (self.selling_fee + self.processing_fee) / self.item_price
        return rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FeeCheck:
    regimes: tuple[RegimeFees, ...]

    @property
    def differing_rows(self) -> tuple[FeeDifference, ...]:
        """Every fee no rule explains (a sale may have two), by row."""
        return tuple(sorted((d for r in self.regimes for d in r.differing_rows), key=_by_row))

    @property
    def differing(self) -> int:
        """Sales (rows) with at least one fee no rule explains."""
        return sum(r.differing for r in self.regimes)

    @property
    def earlier_rule(self) -> int:
        return sum(r.earlier_rule for r in self.regimes)


def check_fees(
    rows: pd.DataFrame, *, names: dict[str, str] | None = None, grace_days: int = GRACE_DAYS
) -> FeeCheck:
    """Check each completed sale's selling and processing fee against its Sold Date's rule.

    `rows` is `ParsedReport.rows`; `names` maps report column names to the file's
    (`ParsedReport.column_names`), for the differences.
    """
    names = names or {}
    selling_column = names.get(SELLING_FEE_COLUMN, SELLING_FEE_COLUMN)
    processing_column = names.get(PROCESSING_FEE_COLUMN, PROCESSING_FEE_COLUMN)
    completed = rows[rows["order_status"] == COMPLETED]
    sold = completed["sold_date"].to_numpy(dtype="datetime64[D]")
    price = completed["item_price_cents"].to_numpy(dtype=np.int64)
    shipping = completed["buyer_shipping_fee_cents"].to_numpy(dtype=np.int64)
    selling = completed[f"{SELLING_FEE_FIELD}_cents"].to_numpy(dtype=np.int64)
    processing = completed[f"{PROCESSING_FEE_FIELD}_cents"].to_numpy(dtype=np.int64)
    row_numbers = completed["row_number"].to_numpy(dtype=np.int64)

    regimes: list[RegimeFees] = []
    for index, rule in enumerate(FEE_RULES):
        valid_to = rule_valid_to(index)
        mask = np.ones(len(sold), dtype=bool)
        if rule.valid_from is not None:
            mask &= sold >= np.datetime64(rule.valid_from, "D")
        if valid_to is not None:
            mask &= sold <= np.datetime64(valid_to, "D")
        want_selling, want_processing = expected_fees(rule, price[mask], shipping[mask])
        matches = (selling[mask] == want_selling) & (processing[mask] == want_processing)
        earlier = np.zeros(len(matches), dtype=bool)
        if index > 0 and rule.valid_from is not None:
            grace_end = np.datetime64(rule.valid_from + timedelta(days=grace_days), "D")
            previous = expected_fees(FEE_RULES[index - 1], price[mask], shipping[mask])
            earlier = (
                ~matches
                & (sold[mask] < grace_end)
                & (selling[mask] == previous[0])
                & (processing[mask] == previous[1])
            )
        differ = ~matches & ~earlier
        differences: list[FeeDifference] = []
        if differ.any():
            differences = _differences(
                rule,
                differ,
                row_numbers[mask],
                sold[mask],
                (
                    (SELLING_FEE_FIELD, selling_column, want_selling, selling[mask]),
                    (PROCESSING_FEE_FIELD, processing_column, want_processing, processing[mask]),
                ),
            )
        regimes.append(
            RegimeFees(
                label=rule.label,
                valid_from=rule.valid_from,
                valid_to=valid_to,
                sales=int(mask.sum()),
                item_price=_cents(sum(price[mask].tolist())),
                selling_fee=_cents(sum(selling[mask].tolist())),
                processing_fee=_cents(sum(processing[mask].tolist())),
                earlier_rule=int(earlier.sum()),
                differing=int(differ.sum()),
                differing_rows=tuple(sorted(differences, key=_by_row)),
            )
        )
    return FeeCheck(regimes=tuple(regimes))


def _by_row(difference: FeeDifference) -> tuple[int, bool]:
    # Within a row, the selling fee first (the report's column order).
    return difference.row, difference.field != SELLING_FEE_FIELD


def _differences(
    rule: FeeRule,
    differ: np.ndarray,
    rows: np.ndarray,
    sold: np.ndarray,
    columns: tuple[tuple[str, str, np.ndarray, np.ndarray], ...],
) -> list[FeeDifference]:
    """One FeeDifference per fee that differs on a sale `differ` marks (arrays aligned)."""
    found = []
    for field, column, expected, charged in columns:
        for index in np.flatnonzero(differ & (expected != charged)):
            found.append(
                FeeDifference(
                    row=int(rows[index]),
                    column=column,
                    field=field,
                    expected=_cents(expected[index]),
                    charged=_cents(charged[index]),
                    sold_date=sold[index].item(),  # datetime64[D] -> datetime.date
                    rule=rule.label,
                )
            )
    return found


def fee_summary(check: FeeCheck) -> dict[str, Any]:
    """The `fees` object of `mi check`: dates YYYY-MM-DD, money as decimal strings."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "regimes": [
            {
                "label": r.label,
                "from": day(r.valid_from),
                "to": day(r.valid_to),
                "sales": r.sales,
                "selling_fee": f"{r.selling_fee:.2f}",
                "processing_fee": f"{r.processing_fee:.2f}",
                "effective_rate": None if r.effective_rate is None else f"{r.effective_rate:.4f}",
            }
            for r in check.regimes
        ],
        "differing": check.differing,
        "differing_rows": [
            {
                "row": d.row,
                "column": d.column,
                "expected": f"{d.expected:.2f}",
                "charged": f"{d.charged:.2f}",
            }
            for d in check.differing_rows
        ],
    }
