"""The report the tests process, and its facts, defined once.

The real 755-row Mercari sample lives in `../shared/data` (never bundled). Where it is
missing the tests use the committed demo report instead, with that file's facts; on CI
(`CI` set) a missing sample is an error, never a silent skip.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
_SAMPLE_NAME = "mercari_sales_report_sample.csv"


def _shared_data() -> Path:
    """`shared/data` beside the clone (or beside a folder above it, as for a worktree)."""
    for parent in REPO_ROOT.parents:
        if (parent / "shared" / "data" / _SAMPLE_NAME).exists():
            return parent / "shared" / "data"
    return REPO_ROOT.parent / "shared" / "data"


SHARED_DATA = _shared_data()


@dataclass(frozen=True)
class SampleFacts:
    path: Path
    rows: int
    completed: int
    cancelled: int
    first_sale: str
    # The file's own Totals row (all 13 money columns), as decimal strings.
    totals: dict[str, str]

    @property
    def is_real(self) -> bool:
        return self.path == REAL_SAMPLE.path

    def total(self, column: str) -> Decimal:
        return Decimal(self.totals[column])


REAL_SAMPLE = SampleFacts(
    path=SHARED_DATA / _SAMPLE_NAME,
    rows=755,
    completed=597,
    cancelled=158,
    first_sale="2017-05-11",
    totals={
        "Item Price": "31295.68",
        "Buyer Shipping Fee": "6425.32",
        "Seller Shipping Fee": "51.49",
        "Mercari Selling Fee": "2449.18",
        "Payment Processing Fee Charged To Seller": "873.37",
        "Shipping Adjustment Fee": "17.36",
        "Penalty Fee": "0.00",
        "Net Seller Proceeds": "22113.71",
        "Sales Tax Charged to Buyer": "1965.57",
        "Merchant Fees Charged to Buyer": "59.00",
        "Service Fee Charged to Buyer": "83.79",
        "Buyer Protection Charged to Buyer": "3.40",
        "Payment Processing Fee Charged to Buyer": "47.81",
    },
)

DEMO_REPORT = SampleFacts(
    path=REPO_ROOT / "mi_cli" / "demo_data" / "mercari_sales_report_demo.csv",
    rows=750,
    completed=610,
    cancelled=140,
    first_sale="2021-01-01",
    totals={
        "Item Price": "68979.22",
        "Buyer Shipping Fee": "6045.71",
        "Seller Shipping Fee": "588.39",
        "Mercari Selling Fee": "4688.68",
        "Payment Processing Fee Charged To Seller": "1442.53",
        "Shipping Adjustment Fee": "38.97",
        "Penalty Fee": "5.00",
        "Net Seller Proceeds": "48804.03",
        "Sales Tax Charged to Buyer": "4566.48",
        "Merchant Fees Charged to Buyer": "162.00",
        "Service Fee Charged to Buyer": "818.58",
        "Buyer Protection Charged to Buyer": "164.19",
        "Payment Processing Fee Charged to Buyer": "378.28",
    },
)


class SampleMissingError(RuntimeError):
    pass


@lru_cache
def sample() -> SampleFacts:
    """The real sample when present; else the demo report (or an error on CI).

    `MI_TEST_SAMPLE=demo` uses the demo report even where the real one exists (to check
    that the fallback works).
    """
    if os.environ.get("MI_TEST_SAMPLE") != "demo" and REAL_SAMPLE.path.exists():
        return REAL_SAMPLE
    if os.environ.get("CI") and os.environ.get("MI_TEST_SAMPLE") != "demo":
        raise SampleMissingError(
            f"{REAL_SAMPLE.path} is missing: CI must have ../shared beside the clone"
        )
    return DEMO_REPORT
