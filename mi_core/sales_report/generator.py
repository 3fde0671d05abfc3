"""Synthetic Mercari US sales reports, byte-for-byte in Mercari's format.

The product ships demo data made here, so the output must exercise every
quirk the parser handles: UTF-8 BOM, every field quoted, Mercari's
first-inner-quote-only doubling (titles with inch marks), emoji and curly
quotes, "Bundle for <name>" / "Reserved for <name>" titles with invented
names, ``b``-prefixed bundle ids, cancelled orders later resold under the
same Item Id, an exact "Totals:" row, a "Report generated on" row and no
final newline.

Fee rules by Sold Date (modelled on what real reports show):

* before 2020-11-01: selling fee 10% of Item Price; no processing fee.
* 2020-11-01 .. 2022-06-30: 10% selling fee + payment processing
  2.9% of Item Price + $0.30.
* 2022-07-01 .. 2024-03-31: 10% selling fee + payment processing
  2.9% of (Item Price + Buyer Shipping Fee) + $0.50.
* 2024-04-01 .. 2024-12-31: no seller fees; the buyer pays a service fee
  (usually 10% of Item Price, less under promotions) and payment processing
  of 2.9% of everything they pay + $0.50.
* from 2025-01-01: selling fee 10% of (Item Price + Buyer Shipping Fee),
  truncated to the cent; buyers may add buyer protection (3.3% of what they
  pay).
* A flat buyer "merchant fee" ($2.00 from 2021-09 to 2022-11, $3.00 in
  2022-12 .. 2023-12) on about a fifth of orders; sales tax by ship-to state
  on Item Price + shipping from 2019-10 (marketplace-facilitator laws).
* Rarely a Shipping Adjustment Fee (under-declared label) or Penalty Fee.

Net Seller Proceeds = Item Price - Seller Shipping Fee - Mercari Selling Fee
- Payment Processing Fee Charged To Seller - Shipping Adjustment Fee -
Penalty Fee. Cancelled rows keep Item Price and Buyer Shipping Fee, carry
no fees and show a net of "0", as Mercari's export does.
"""

from __future__ import annotations

import functools
import heapq
import os
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .catalog import (
    BUYER_FIRST_NAMES,
    BUYER_INITIALS,
    CONDITIONS,
    DEPARTMENTS,
    EMOJI,
    ODD_TITLES,
    QUOTED_WORD_DEPARTMENTS,
    QUOTED_WORDS,
    SHIPPING_CENTS,
    STATES,
    Department,
)
from .columns import MONEY_FIELDS, REPORT_COLUMNS

__all__ = ["generate_report", "write_report"]

_BOM = "\ufeff"
_TITLE_LIMIT = 80  # Mercari's listing title limit
_RESALE_SHARE = 0.3  # of cancelled orders, how many are later sold again
_PROCESSING_FROM = date(2020, 11, 1)
_PROCESSING_ON_SHIPPING_FROM = date(2022, 7, 1)
_NO_SELLER_FEES_FROM = date(2024, 4, 1)
_SELLER_FEES_BACK_FROM = date(2025, 1, 1)
_TAX_FROM = date(2019, 10, 1)
_STATE_NAMES = tuple(name for name, _, _ in STATES)
_STATE_WEIGHTS = tuple(weight for _, weight, _ in STATES)
_TAX_BP = {name: rate for name, _, rate in STATES}
_PRODUCTS = tuple((d, brand, item) for d in DEPARTMENTS for brand in d.brands for item in d.items)


@dataclass
class _Sale:
    """One report row before formatting; money in cents keyed by field."""

    item_id: str
    sold: date
    title: str
    department: Department
    price: int
    cancelled: bool
    ship_to: str = ""
    closed: date | None = None
    money: dict[str, int] | None = None


def generate_report(
    n_rows: int,
    *,
    seed: int = 7,
    start: date = date(2021, 1, 1),
    end: date = date(2025, 6, 30),
    cancel_rate: float = 0.18,
) -> bytes:
    """A deterministic report of `n_rows` data rows sold between `start` and `end`."""
    if n_rows < 0 or start > end or not 0.0 <= cancel_rate <= 1.0:
        raise ValueError("need n_rows >= 0, start <= end and 0 <= cancel_rate <= 1")
    rng = random.Random(seed)
    ship_from = rng.choices(_STATE_NAMES, _STATE_WEIGHTS)[0]  # one seller, one home state
    sales = _plan_sales(rng, n_rows, start, end, cancel_rate)
    for sale in sales:
        _settle(rng, sale)
    lines = [_line(REPORT_COLUMNS)]
    lines.extend(_line(_cells(sale, ship_from)) for sale in sales)
    lines.append(_line(["Totals:", *[""] * 7, *_totals(sales)]))
    lines.append(_line([_generated_on(rng, sales, end), *[""] * 20]))
    # Mercari's export has a BOM and no newline after the last row.
    return (_BOM + "\n".join(lines)).encode("utf-8")


def write_report(path: str | os.PathLike[str], n_rows: int, **kw: Any) -> Path:
    """Write `generate_report(n_rows, **kw)` to `path` (parents created)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(generate_report(n_rows, **kw))
    return target


def _plan_sales(
    rng: random.Random, n_rows: int, start: date, end: date, cancel_rate: float
) -> list[_Sale]:
    """Rows in Sold Date order; some cancelled listings come back as resales."""
    first, last = start.toordinal(), end.toordinal()
    days = sorted(rng.randint(first, last) for _ in range(n_rows))
    used_ids: set[str] = set()
    resales: list[tuple[int, int, _Sale]] = []  # (due day, tiebreak, cancelled sale)
    sales: list[_Sale] = []
    for n, day in enumerate(days):
        if resales and resales[0][0] <= day:
            sales.append(_resale(rng, heapq.heappop(resales)[2], date.fromordinal(day)))
            continue
        sale = _new_sale(rng, date.fromordinal(day), used_ids, cancel_rate)
        if sale.cancelled and rng.random() < _RESALE_SHARE:
            heapq.heappush(resales, (day + rng.randint(0, 20), n, sale))
        sales.append(sale)
    return sales


def _new_sale(rng: random.Random, sold: date, used_ids: set[str], cancel_rate: float) -> _Sale:
    department, brand, item = rng.choice(_PRODUCTS)
    kind = rng.random()
    if kind < 0.02:
        prefix, title = "b", f"Bundle for {_buyer_name(rng)}"
    elif kind < 0.03:
        prefix, title = "m", f"Reserved for {_buyer_name(rng)} {brand} {item}"
    else:
        prefix, title = "m", _title(rng, department, brand, item)
    price = _price_cents(rng, department, bundle=prefix == "b")
    item_id = _item_id(rng, prefix, used_ids)
    return _Sale(
        item_id, sold, title[:_TITLE_LIMIT].rstrip(), department, price, rng.random() < cancel_rate
    )


def _resale(rng: random.Random, cancelled: _Sale, sold: date) -> _Sale:
    # Relisted after the cancellation, sometimes a little cheaper.
    price = cancelled.price - rng.choice((0, 0, 100, 200))
    return _Sale(
        cancelled.item_id, sold, cancelled.title, cancelled.department, max(price, 500), False
    )


def _item_id(rng: random.Random, prefix: str, used: set[str]) -> str:
    while True:
        item_id = f"{prefix}{rng.randrange(10**10, 10**11)}"
        if item_id not in used:
            used.add(item_id)
            return item_id


def _buyer_name(rng: random.Random) -> str:
    return f"{rng.choice(BUYER_FIRST_NAMES)} {rng.choice(BUYER_INITIALS)}."


def _title(rng: random.Random, department: Department, brand: str, item: str) -> str:
    roll = rng.random()
    if roll < 0.01:
        return rng.choice(ODD_TITLES)
    if roll < 0.06 and department.name in QUOTED_WORD_DEPARTMENTS:
        word = rng.choice(QUOTED_WORDS)
        if roll < 0.045:
            # Straight quotes around a word: two inner quotes, so the bug shows.
            return f'{brand} "{word}" {item}'
        return f"{brand} \u201c{word}\u201d {item} \u2019Tis the Season"
    words = [brand]
    descriptor = rng.choice(department.descriptors)
    if descriptor and rng.random() < 0.5:
        words.append(descriptor)
    words.append(item)
    size = rng.choice(department.sizes)
    if size:
        words.append(size)
    if rng.random() < 0.5:
        words.append(rng.choice(CONDITIONS))
    title = " ".join(words)
    if roll > 0.985:
        title = f"{rng.choice(EMOJI)} {title}" if roll > 0.993 else f"{title} {rng.choice(EMOJI)}"
    return title


def _price_cents(rng: random.Random, department: Department, *, bundle: bool) -> int:
    low, high = department.price_range
    dollars = rng.randint(low, high) * (rng.randint(2, 4) if bundle else 1)
    if rng.random() < 0.12:
        # Accepted offers and discounts leave odd cents.
        return dollars * 100 * rng.randint(80, 95) // 100
    return dollars * 100


def _settle(rng: random.Random, sale: _Sale) -> None:
    """Ship-to state, close date and all 13 money columns of one sale."""
    sale.ship_to = rng.choices(_STATE_NAMES, _STATE_WEIGHTS)[0]
    seller_pays = rng.random() < 0.1
    label = rng.choice(SHIPPING_CENTS[sale.department.shipping])
    buyer_shipping, seller_shipping = (0, label) if seller_pays else (label, 0)
    if sale.cancelled:
        sale.closed = sale.sold + timedelta(days=rng.randint(0, 3))
        sale.money = dict.fromkeys(MONEY_FIELDS, 0)
        sale.money.update(item_price=sale.price, buyer_shipping_fee=buyer_shipping)
        return
    sale.closed = sale.sold + timedelta(days=rng.randint(2, 12))
    money = _fees(rng, sale.sold, sale.price, buyer_shipping, _TAX_BP[sale.ship_to])
    money.update(item_price=sale.price, seller_shipping_fee=seller_shipping)
    money["net_seller_proceeds"] = (
        sale.price
        - seller_shipping
        - sum(
            money[f]
            for f in (
                "mercari_selling_fee",
                "payment_processing_fee_charged_to_seller",
                "shipping_adjustment_fee",
                "penalty_fee",
            )
        )
    )
    sale.money = money


def _fees(rng: random.Random, sold: date, price: int, shipping: int, tax_bp: int) -> dict[str, int]:
    """Fee columns of a completed sale under the rules in the module docstring."""
    money = dict.fromkeys(MONEY_FIELDS, 0)
    money["buyer_shipping_fee"] = shipping
    tax = _share(price + shipping, tax_bp) if sold >= _TAX_FROM else 0
    money["sales_tax_charged_to_buyer"] = tax
    money["merchant_fees_charged_to_buyer"] = _merchant_fee(rng, sold)
    if sold < _NO_SELLER_FEES_FROM:
        money["mercari_selling_fee"] = _share(price, 1000)
        if sold >= _PROCESSING_ON_SHIPPING_FROM:
            money["payment_processing_fee_charged_to_seller"] = _share(price + shipping, 290) + 50
        elif sold >= _PROCESSING_FROM:
            money["payment_processing_fee_charged_to_seller"] = _share(price, 290) + 30
    elif sold < _SELLER_FEES_BACK_FROM:
        service = _share(price, rng.choice((1000, 1000, 1000, 800, 500)))
        money["service_fee_charged_to_buyer"] = service
        paid = price + shipping + tax + service
        money["payment_processing_fee_charged_to_buyer"] = _share(paid, 290) + 50
    else:
        money["mercari_selling_fee"] = (price + shipping) // 10  # truncated, as observed
        if rng.random() < 0.7:
            money["buyer_protection_charged_to_buyer"] = _share(price + shipping + tax, 330)
    if rng.random() < 0.005:
        money["shipping_adjustment_fee"] = rng.randint(1, 20) * 100 - 1
    if rng.random() < 0.002:
        money["penalty_fee"] = rng.choice((200, 500))
    return money


def _merchant_fee(rng: random.Random, sold: date) -> int:
    if date(2021, 9, 1) <= sold < date(2022, 12, 1):
        return 200 if rng.random() < 0.2 else 0
    if date(2022, 12, 1) <= sold < date(2024, 1, 1):
        return 300 if rng.random() < 0.2 else 0
    return 0


def _share(cents: int, basis_points: int) -> int:
    """cents x basis_points / 10000, rounded half up (cents are never negative here)."""
    return (cents * basis_points * 2 + 10_000) // 20_000


def _cells(sale: _Sale, ship_from: str) -> list[str]:
    assert sale.money is not None and sale.closed is not None
    money = [_amount(sale.money[f]) for f in MONEY_FIELDS]
    if sale.cancelled:
        money[MONEY_FIELDS.index("net_seller_proceeds")] = "0"  # Mercari writes a bare 0 here
    closed = sale.closed.isoformat()
    canceled, completed = (closed, "") if sale.cancelled else ("", closed)
    status = "Cancelled" if sale.cancelled else "Completed"
    head = [sale.item_id, sale.sold.isoformat(), canceled, completed, sale.title, status]
    return [*head, sale.ship_to, ship_from, *money]


def _totals(sales: list[_Sale]) -> list[str]:
    sums = dict.fromkeys(MONEY_FIELDS, 0)
    for sale in sales:
        assert sale.money is not None
        for name, cents in sale.money.items():
            sums[name] += cents
    return [_amount(sums[f]) for f in MONEY_FIELDS]


def _generated_on(rng: random.Random, sales: list[_Sale], end: date) -> str:
    latest = max((s.closed for s in sales if s.closed), default=end)
    stamp = f"{latest + timedelta(days=1)} {rng.randrange(24):02d}:{rng.randrange(60):02d}"
    return f"Report generated on: {stamp}:{rng.randrange(60):02d} UTC"


@functools.lru_cache(maxsize=1 << 16)  # amounts repeat; formatting dominated the run time
def _amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _line(cells: list[str] | tuple[str, ...]) -> str:
    # Mercari's exporter doubles only the first inner quote of a field
    # (a replace-first bug); reproduced deliberately.
    escaped = [cell.replace('"', '""', 1) if '"' in cell else cell for cell in cells]
    return '"' + '","'.join(escaped) + '"'
