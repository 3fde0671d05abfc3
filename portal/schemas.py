"""API schemas, in families per resource (`UploadPublic`, `UploadsPublic`, …).

Money is a decimal string ("1234.50") so no client ever sees a binary float;
ratios are decimal strings too (6 decimals), for the same reason.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from fastapi_users import schemas as user_schemas
from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

# --- errors (declared in the OpenAPI schema: see `errors`) ---


class ErrorMessage(BaseModel):
    """Every refusal of ours: one sentence for the person reading it."""

    detail: str


class ValidationIssue(BaseModel):
    """One problem FastAPI found in the request (its request validation)."""

    loc: list[str | int]
    msg: str
    type: str


class UnprocessableContent(BaseModel):
    """422: either our own sentence (e.g. a file that is not a Mercari report) or, when the
    request itself does not validate, FastAPI's list of issues."""

    detail: str | list[ValidationIssue]


_ERROR_DESCRIPTIONS = {
    400: "Bad request.",
    401: "Not signed in (missing, invalid or expired credentials).",
    403: "Signed in, but not allowed (plan, verification or CSRF token).",
    404: "Not found (or someone else's: the two look alike).",
    409: "Conflicts with the current state; try again later or change that state first.",
    413: "The body is larger than the limit (MI_UPLOAD_MAX_BYTES, MI_REQUEST_MAX_BYTES).",
    415: "Only application/json is accepted here.",
    422: "The request does not validate, or the content cannot be used.",
    429: "Too many requests for now (see Retry-After).",
    502: "An upstream service (Stripe) could not be reached or refused the request.",
    503: "Not configured on this installation (e.g. billing without Stripe).",
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "string"},
    }
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route for the error answers it gives, each with its JSON body."""
    declared: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        answer: dict[str, Any] = {
            "model": UnprocessableContent if code == 422 else ErrorMessage,
            "description": _ERROR_DESCRIPTIONS[code],
        }
        if code == 429:
            answer["headers"] = _RETRY_AFTER
        declared[code] = answer
    return declared


# --- users ---


class UserRead(user_schemas.BaseUser[uuid.UUID]):
    pass


class UserCreate(user_schemas.BaseUserCreate):
    pass


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _omittable() -> Any:
    """Leave it out to keep the value, but never null: a user always has one (a null email
    reached the database's NOT NULL and answered 500)."""
    return Field(None, json_schema_extra=_drop_default)


class UserUpdate(user_schemas.BaseUserUpdate):
    password: str = _omittable()
    email: EmailStr = _omittable()
    is_active: bool = _omittable()
    is_superuser: bool = _omittable()
    is_verified: bool = _omittable()

    current_password: str | None = Field(
        None,
        description="The seller's current password: required to change `password` or `email`.",
    )

    # What fastapi-users writes to the user row: never the current password.
    def create_update_dict(self) -> dict[str, object]:
        changes = super().create_update_dict()
        changes.pop("current_password", None)
        return changes

    def create_update_dict_superuser(self) -> dict[str, object]:
        changes = super().create_update_dict_superuser()
        changes.pop("current_password", None)
        return changes


class RegistrationAccepted(BaseModel):
    """The answer to every well-formed registration, whether or not the address already
    has an account (the answer must not tell): the next step is in the mail."""

    message: str = Field(examples=["Check your inbox: we sent a message to confirm the address."])


# --- uploads ---


class UploadAccepted(BaseModel):
    id: uuid.UUID
    status: str


class UploadSummary(BaseModel):
    """One line of the seller's upload list."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    filename: str
    status: str
    stage: str
    rows: int | None = Field(description="Data rows in the file (known once validated).")
    first_sale_date: date | None
    last_sale_date: date | None
    created_at: datetime
    completed_at: datetime | None


class PreliminaryFigures(BaseModel):
    """The headline figures parsed from the file in the upload request."""

    orders: int = Field(description="Completed orders.")
    cancelled: int = Field(description="Cancelled orders.")
    gross_sales: str = Field(description="Item price of completed orders (decimal string).")
    net_proceeds: str = Field(description="Net seller proceeds of completed orders.")
    fees: str = Field(description="Seller fees of completed orders (seller shipping excluded).")
    reconciled: bool = Field(
        description="Whether the rows add up to the file's Totals row (false without one)."
    )
    differences: int = Field(0, description="Money columns that disagree with the Totals row.")
    computed_at: datetime


class UploadPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    filename: str
    status: str
    stage: str
    total_items: int | None
    processed_items: int
    quarantined: int = Field(description="Number of quarantined rows.")
    waiting_rows: int = Field(
        0, description="Valid rows held back by the plan's monthly limit (see `notice`)."
    )
    notice: str | None = Field(
        None,
        description=(
            "What the seller should know and can act on: rows waiting for the plan, a file "
            "with no sales rows or with every row quarantined, totals that do not reconcile."
        ),
    )
    reconciled: bool | None = Field(
        None,
        description=(
            "Whether every money column the file has sums to its own Totals row, to the cent "
            "(false also when the file has no Totals row; null until validated)."
        ),
    )
    differences: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description=(
            "Per money column that disagrees: `file` (its Totals row), `computed` (the sum of "
            "the rows) and `difference`, as decimal strings."
        ),
    )
    layout: str | None = Field(
        None, description="The report's layout: `2022` (17 columns) or `2024` (today's 21)."
    )
    absent_columns: list[str] = Field(
        default_factory=list,
        description=(
            "Report columns this layout does not have: stored as absent and shown as "
            '"not in this report", never as 0 (a 2022 report has no Penalty Fee).'
        ),
    )
    unknown_columns: list[str] = Field(
        default_factory=list,
        description="Columns the file has that we do not know; kept with each row.",
    )
    preliminary: PreliminaryFigures | None = Field(
        None,
        description=(
            "Headline figures parsed from the file as it was uploaded, available at once; "
            "preliminary until the upload is completed, when the dashboard's numbers are "
            "authoritative. Null when not taken (see `preliminary_note`)."
        ),
    )
    preliminary_note: str | None = Field(
        None, description="Why there are no preliminary figures (e.g. a very large file)."
    )
    queue_position: int | None = Field(
        None,
        description=(
            "While pending: 1 when it goes in the seller's next run, 2 while a run of theirs "
            "is still processing (a run takes every pending upload of its seller, so the "
            "uploads pending beside it go in the same run). Null otherwise."
        ),
    )
    estimated_seconds: float | None = Field(
        None,
        description=(
            "While pending: about how long until it is ready, from recent run durations "
            "(null when there is none to go by)."
        ),
    )
    queue_text: str | None = Field(None, description="The queue position and estimate, in words.")
    error: str | None
    created_at: datetime
    completed_at: datetime | None


class QuarantinedRowPublic(BaseModel):
    row: int = Field(description="Line number in the file as a spreadsheet shows it.")
    column: str | None
    reason: str


# --- dashboard ---

Money = str
Ratio = str


class Kpis(BaseModel):
    start: date
    end: date
    gross_sales: Money = Field(description="Item price of completed orders.")
    net_proceeds: Money
    fees: Money = Field(description="Total seller fees (seller shipping excluded).")
    fee_share: Ratio | None = Field(description="fees / gross_sales.")
    orders: int = Field(description="Completed orders.")
    cancelled_orders: int
    cancellation_rate: Ratio | None
    average_price: Money | None
    average_days_to_complete: str | None
    cost_of_goods: Money | None = Field(
        description="Cost of goods of the completed sales that have a cost (None: none has)."
    )
    profit: Money | None = Field(
        description="Σ net proceeds − cost over the completed sales that have a cost"
        " (None: no sale has a cost; an unknown cost never counts as zero)."
    )
    margin: Ratio | None = Field(description="profit / gross of the sales that have a cost.")
    roi: Ratio | None = Field(description="profit / cost_of_goods.")
    sales_with_cost: int = Field(description="Completed sales whose cost is known.")
    sales_without_cost: int = Field(description="Completed sales whose cost is unknown.")
    cost_known_gross: Money = Field(description="Gross of the sales that have a cost.")
    cost_unknown_gross: Money = Field(description="Gross of the sales without a cost.")
    cost_unknown_share: Ratio | None = Field(description="cost_unknown_gross / gross_sales.")


class DashboardSummary(Kpis):
    previous: Kpis = Field(
        description="The same figures for the comparison window: as many months before as"
        " the period spans whole months (the 12 months before, by default), else as many days."
    )
    comparison: str = Field(description='The comparison window in words: "the 12 months before".')
    comparison_note: str | None = Field(
        description='"No sales in the 12 months before" when that window has no sales.'
    )


class MonthRow(BaseModel):
    month: date
    gross: Money
    net: Money
    fees: Money
    orders: int
    cancelled: int
    previous_year_gross: Money | None
    gross_change_year_over_year: Ratio | None


class StateRow(BaseModel):
    state: str
    orders: int
    cancelled_orders: int
    gross_sales: Money
    net_proceeds: Money
    average_price: Money | None


class CategoryRow(BaseModel):
    department: str
    subcategory: str
    orders: int
    cancelled_orders: int
    gross_sales: Money
    net_proceeds: Money
    average_confidence: Ratio | None
    low_confidence_sales: int = Field(
        description="Sales categorised with confidence below MI_LOW_CONFIDENCE_BELOW (0.5)."
    )


class ClusterRow(BaseModel):
    cluster_id: int
    cluster_name: str
    orders: int
    cancelled_orders: int
    gross_sales: Money
    net_proceeds: Money
    average_price: Money | None


class WeekdayRow(BaseModel):
    day_of_week: int = Field(description="ISO day number: 1 = Monday … 7 = Sunday.")
    day_name: str
    orders: int
    cancelled_orders: int
    gross_sales: Money
    net_proceeds: Money


class SeasonRow(BaseModel):
    season: str
    orders: int
    cancelled_orders: int
    gross_sales: Money
    net_proceeds: Money


class BestSellerRow(BaseModel):
    item_title: str
    orders: int
    gross_sales: Money
    net_proceeds: Money
    average_price: Money | None


class FeeTotals(BaseModel):
    """Completed sales' fees over a period (a month or a fee regime), by kind."""

    fee_regime: str | None = Field(description="Mercari's fee rules in force then.")
    orders: int
    gross_sales: Money
    mercari_selling_fees: Money
    payment_processing_fees: Money
    shipping_adjustment_fees: Money
    penalty_fees: Money | None = Field(
        description=(
            "None: not in this report — none of these orders' reports has a Penalty Fee "
            "column (a report generated in 2022); never an invented 0."
        )
    )
    total_fees: Money
    effective_fee_rate: Ratio | None


class FeeMonthRow(FeeTotals):
    month: date


class LowConfidenceItem(BaseModel):
    item_title: str
    department: str
    subcategory: str
    confidence: Ratio | None
    sales: int
    source: str = Field(description="How it was categorised (rules, model, cache…).")


class FeeRegimeRow(FeeTotals):
    """One Mercari fee regime (the rule of the sales' sold date) within the range."""

    regime_number: int = Field(description="1, 2, … in date order.")
    valid_from: date | None = Field(description="First sold date of the rule (None: the first).")
    valid_to: date | None = Field(description="Last sold date of the rule (None: in force).")
    checked_sales: int = Field(description="Sales whose fees could be checked.")
    earlier_rule_sales: int = Field(
        description="Sold within 60 days after the change, charged by the previous rule."
    )
    differing_sales: int = Field(description="Sales whose fees no rule explains.")
    differing_share: Ratio | None = Field(description="differing_sales / checked_sales.")
    differing_fee_amount: Money = Field(
        description="Money involved: |charged - expected| of each differing fee, summed."
    )


# --- billing ---


class CheckoutRequest(BaseModel):
    plan: Literal["pro", "business"] = Field(description="The paid plan to subscribe to.")


class BillingRedirect(BaseModel):
    url: str = Field(description="Where to send the browser (a Stripe-hosted page).")


class BillingUsage(BaseModel):
    """The seller's plan and usage; limits are None when unlimited."""

    plan: str
    plan_source: Literal["default", "subscription", "override"] = Field(
        "default", description="Where the plan comes from: free by default, Stripe, an operator."
    )
    products_this_month: int
    products_limit: int | None
    uploads_today: int
    uploads_limit: int | None
    export_enabled: bool
    renews_at: datetime | None = Field(description="Next renewal of the subscription.")
    override_until: datetime | None = Field(
        None, description="End of an operator's plan override (None: no end, or no override)."
    )
    waiting_rows: int = Field(0, description="Rows of uploads waiting for allowance.")
    subscription_status: str | None = None
    cancel_at_period_end: bool = False
    cancels_at: datetime | None = None
    payment_grace_until: datetime | None = Field(
        None, description="After a failed payment: when the plan falls back to free."
    )
    products_reset_at: datetime | None = None
    uploads_reset_at: datetime | None = None


# --- costs of goods ---


class CostRowProblem(BaseModel):
    row: int = Field(description="Row of the CSV as a spreadsheet shows it (header = 1).")
    reason: str = Field(description="What is wrong, naming the file, row and column.")


class CostImportResult(BaseModel):
    """What a cost CSV import did. Applied whole or not at all: with any refused row
    nothing is stored (answered with 422). Rows matching none of the seller's sales yet are
    stored (they apply when such a sale is uploaded) and listed in unmatched_rows."""

    matched: int = Field(description="Valid rows whose item id or title matches a sale.")
    unmatched: int = Field(description="Valid rows matching no sale (yet).")
    refused: list[CostRowProblem] = Field(description="Rows that cannot be stored.")
    unmatched_rows: list[CostRowProblem] = Field(description="The unmatched rows, with why.")
    applied: bool = Field(description="Whether the import was stored (no refused row).")


class SaleCostIn(BaseModel):
    cost: Money = Field(description='Cost of goods of the sale in USD, e.g. "4.00".')


class SaleCostPublic(BaseModel):
    item_id: str
    cost: Money | None = Field(description="The sale's own cost (None: cleared).")
    marts_refresh_queued: bool = Field(
        description="The dashboard shows the change once the queued marts refresh has run."
    )


# --- business expenses and the tax year (portal/routes/expenses.py, portal/routes/tax.py) ---


class ExpenseCreate(BaseModel):
    """One business expense as typed: amount is a decimal string ("24.99")."""

    date: str = Field(description="YYYY-MM-DD", max_length=10)
    amount: str = Field(description="USD, more than 0, at most 2 decimals", max_length=20)
    category: str = Field(description="supplies | packaging | mileage | subscriptions | other",
                          max_length=20)  # fmt: skip
    note: str = Field("", max_length=500)


class ExpensePublic(BaseModel):
    id: int
    date: date
    amount: Money
    category: str
    note: str


class ExpenseImported(BaseModel):
    imported: int


class ImportProblemPublic(BaseModel):
    file: str
    row: int = Field(description="Spreadsheet row number (the header is row 1).")
    column: str | None
    reason: str


class ExpenseImportRefused(BaseModel):
    """422 of an import: nothing was stored; every problem named by file, row and column
    (a request that does not validate gets FastAPI's list of issues, and no problems)."""

    detail: str | list[ValidationIssue]
    problems: list[ImportProblemPublic] = []


class TaxThreshold(BaseModel):
    amount: Money
    transactions: int | None = Field(description="null: any number of transactions.")
    source: str


class TaxLinePublic(BaseModel):
    line: str
    label: str
    amount: Money | None = Field(description="null where the reports cannot tell.")
    shown_as: str = Field(description="The amount, or 'not in this report'.")
    explanation: str
    notes: list[str]


class TaxYear(BaseModel):
    year: int
    year_rule: str = Field(description="The date that places a sale in a year.")
    year_rule_text: str
    form_1099k_gross: Money
    transactions: int
    threshold: TaxThreshold
    likely_1099k: bool
    state_thresholds_note: str
    sales_tax_remitted: Money
    gross_receipts: Money
    returns: Money | None = Field(description="null: no report layout shows refunds.")
    cost_of_goods: Money | None = Field(description="null: no sale of the year has a cost.")
    fees: Money
    shipping: Money
    other_expenses: Money
    profit: Money
    sales_with_cost: int
    sales_without_cost: int
    sales_without_penalty_fee: int
    expenses: int
    lines: list[TaxLinePublic]
    disclaimer: str


# --- sales and category corrections ---


class ProductGroup(BaseModel):
    """A product group (title cluster) as the marts show it now."""

    id: int
    name: str


class SaleRow(BaseModel):
    """One sale with its category: where it came from (`source`: offline, llm, cache or
    seller) and how sure it is (`confidence`, 0–1, a decimal string)."""

    sale_key: str
    item_id: str
    title: str
    sold_date: date
    order_status: str
    item_price: str | None
    net_seller_proceeds: str | None
    department: str
    subcategory: str | None
    confidence: str
    source: str | None
    group: ProductGroup | None


class SalesPage(BaseModel):
    items: list[SaleRow]
    total: int
    page: int
    per_page: int
    pages: int


_CATEGORY_TEXT = Field(min_length=1, max_length=200)


class CorrectionRequest(BaseModel):
    """Either `title` (every sale whose title normalises the same) or `group_id` (every
    item of a product group), and a (department, subcategory) of the taxonomy."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=1000)
    group_id: int | None = Field(default=None, ge=-2_147_483_648, le=2_147_483_647)
    department: str = _CATEGORY_TEXT
    subcategory: str = _CATEGORY_TEXT

    @model_validator(mode="after")
    def _one_target(self) -> CorrectionRequest:
        if (self.title is None) == (self.group_id is None):
            raise ValueError("give either `title` or `group_id`")
        return self


class CorrectionPublic(BaseModel):
    """A stored correction. `normalised_titles` are the titles it applies to (for a group
    correction, the group's titles when it was made, so it keeps to them after the group
    is renumbered); it reaches the marts once the seller's marts-only refresh has run."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str | None
    normalised_title: str | None
    group_id: int | None
    group_name: str | None
    department: str
    subcategory: str
    created_at: datetime
    normalised_titles: list[str]
