"""Tax-year rules, defined once: the federal Form 1099-K reporting thresholds per calendar
year, which date places a sale in a year, and the Schedule C lines the tax page shows.

Nothing here is tax advice; the portal says so wherever these figures appear.

Sources (checked 2026-12-01):

* Mercari, "1099-K related FAQs", https://www.mercari.com/us/help_center/article/163
  (update of August 2025): gross payments are the item price, buyer-paid shipping and
  buyer-paid sales tax of completed transactions; buyer-paid Service Fees and Payment
  Processing Fees are excluded since March 27, 2024; cancelled and refunded transactions
  that did not complete are excluded. The threshold of $20,000 and more than 200
  transactions is reinstated for the 2025 tax year "due to recent changes in federal law".
* Mercari, "1099-K Reporting Policy and Disclosure Information",
  https://www.mercari.com/us/help_center/1099-K_reporting_policy_and_disclosure_information/
  : "A transaction completes on the date when a seller rates the order – or when Mercari
  auto-rates the order [...]. This also marks the point when net sales proceeds are added
  to the seller's Mercari balance." Some states have lower thresholds of their own.
* IRC § 6050W(e) before 2022: no report unless more than 200 transactions AND more than
  $20,000. The American Rescue Plan Act of 2021 lowered it to $600 from 2022; the IRS
  delayed that: Notice 2023-10 (calendar 2022) and Notice 2023-74 (calendar 2023) kept
  $20,000 / 200; Notice 2024-85 set more than $5,000 (any number of transactions) for
  calendar 2024 and $2,500 for 2025 (e.g. https://kpmg.com/us/en/taxnewsflash/news/2024/11/
  tnf-notice-2024-85-form-1099k-transition-relief-2024-2025-transactions.html).
* The One Big Beautiful Bill Act (P.L. 119-21, July 4, 2025, § 70432) restored $20,000 and
  200 transactions; Mercari applies it from the 2025 tax year (article 163 above). Forms
  for 2024 had already been filed under the $5,000 rule, so 2024 keeps it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

NOT_TAX_ADVICE = (
    "Not tax advice. These figures are computed from your Mercari sales reports and the "
    "expenses you entered, to help you and your tax preparer; check them before you file."
)

# Which date places a sale in a tax year. The completed date: that is when Mercari
# counts the transaction for the 1099-K and adds the proceeds to the seller's balance
# (disclosure page above), so a sale sold on Dec 30 and rated on Jan 3 is next year's.
YEAR_RULE = "completed_date"
YEAR_RULE_TEXT = (
    "A sale belongs to the calendar year of its completed date (when the order was rated "
    "and the proceeds reached your Mercari balance), not of its sold date: that is the "
    "date Mercari uses for Form 1099-K. Cancelled orders are never receipts."
)

# Since this date Mercari leaves buyer-paid service and processing fees out of the 1099-K
# gross (article 163). Our form_1099k_gross never includes them (the seller never received
# them); for sales completed before it, Mercari's form may be higher by those fees.
BUYER_FEES_EXCLUDED_FROM = date(2024, 3, 27)

STATE_THRESHOLDS_NOTE = (
    "Some states require a 1099-K from lower amounts (for example $600), so you may receive "
    "a state form even below the federal threshold."
)


@dataclass(frozen=True)
class Threshold:
    """A seller gets a 1099-K when gross payments are MORE than `amount` and, where
    `transactions` is set, transactions are MORE than it too."""

    amount: Decimal
    transactions: int | None
    source: str

    def reached(self, gross: Decimal, transactions: int) -> bool:
        if gross <= self.amount:
            return False
        return self.transactions is None or transactions > self.transactions


_CLASSIC = "IRC § 6050W(e) de minimis rule: $20,000 and 200 transactions"
_DELAYED = "IRS Notice {notice}: the $600 threshold delayed; $20,000 and 200 transactions kept"

# (first calendar year, threshold); each row holds until the next one's year.
FEDERAL_THRESHOLDS: tuple[tuple[int, Threshold], ...] = (
    (1900, Threshold(Decimal("20000"), 200, _CLASSIC)),
    (2022, Threshold(Decimal("20000"), 200, _DELAYED.format(notice="2023-10"))),
    (2023, Threshold(Decimal("20000"), 200, _DELAYED.format(notice="2023-74"))),
    (2024, Threshold(Decimal("5000"), None, "IRS Notice 2024-85: more than $5,000, any count")),
    (
        2025,
        Threshold(
            Decimal("20000"),
            200,
            "One Big Beautiful Bill Act (July 2025) restored $20,000 and 200 transactions",
        ),
    ),
)


def federal_threshold(year: int) -> Threshold:
    """The federal 1099-K threshold in force for a calendar year."""
    chosen = FEDERAL_THRESHOLDS[0][1]
    for first_year, threshold in FEDERAL_THRESHOLDS:
        if year >= first_year:
            chosen = threshold
    return chosen


@dataclass(frozen=True)
class TaxLine:
    """One line of the tax page: its key (API, CSV, drill-down), label, and where its
    rows come from ('sales': marts.fct_sale_tax_lines, 'expenses': fct_seller_expenses)."""

    key: str
    label: str
    rows_from: str
    explanation: str


TAX_LINES: tuple[TaxLine, ...] = (
    TaxLine(
        "form_1099k_gross",
        "Form 1099-K gross payments",
        "sales",
        "Item price + buyer-paid shipping + sales tax charged to the buyer, completed sales.",
    ),
    TaxLine(
        "sales_tax_remitted",
        "Sales tax Mercari collected and remitted",
        "sales",
        "Mercari is the marketplace facilitator: the buyer's sales tax was never yours.",
    ),
    TaxLine(
        "gross_receipts",
        "Gross receipts (Schedule C line 1)",
        "sales",
        "The 1099-K gross less the sales tax Mercari collected and remitted.",
    ),
    TaxLine(
        "returns",
        "Returns and allowances (line 2)",
        "sales",
        "Refunds on completed sales. Mercari's sales report has no refund column.",
    ),
    TaxLine(
        "cost_of_goods",
        "Cost of goods sold (line 4)",
        "sales",
        "The costs you entered for the sales completed in the year.",
    ),
    TaxLine(
        "fees",
        "Commissions and fees (line 10)",
        "sales",
        "Mercari selling fee + payment processing fee charged to you + penalty fees.",
    ),
    TaxLine(
        "shipping",
        "Shipping",
        "sales",
        "Shipping you paid + shipping adjustments + labels paid from the buyer's shipping "
        "fee (counted in the 1099-K gross but never paid out to you).",
    ),
    TaxLine(
        "other_expenses",
        "Other expenses (line 27a)",
        "expenses",
        "The business expenses you entered, by date.",
    ),
    TaxLine(
        "profit",
        "Net profit (line 31)",
        "sales",
        "Gross receipts − returns − cost of goods − fees − shipping − other expenses.",
    ),
)
TAX_LINE_KEYS: tuple[str, ...] = tuple(line.key for line in TAX_LINES)
