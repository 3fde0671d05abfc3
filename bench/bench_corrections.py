"""What seller corrections cost the categorise step (no database, no network).

    .venv/bin/python bench/bench_corrections.py [--titles N] [--corrected-share S]

Prints the categorise step's throughput (`mi_core.categorising.categorise_rows`, the offline
categoriser) without corrections and with corrections covering a share of the distinct
titles: a corrected title skips the configured model but still gets the offline answer
beside it (kept for undo), and every title is normalised once more for the lookup.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import uuid
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mi_core.categorisation import OfflineCategoriser  # noqa: E402
from mi_core.categorisation.normalise import normalise_title  # noqa: E402
from mi_core.categorising import categorise_rows  # noqa: E402
from mi_core.corrections import SellerCategory  # noqa: E402

DEMO_REPORT = REPO / "mi_cli" / "demo_data" / "mercari_sales_report_demo.csv"


def demo_titles(count: int) -> list[str]:
    with DEMO_REPORT.open(newline="", encoding="utf-8-sig") as handle:
        base = [row["Item Title"] for row in csv.DictReader(handle) if row.get("Item Title")]
    # Distinct titles (a number appended), so no memo flatters the figure.
    return [f"{base[i % len(base)]} {i // len(base)}" for i in range(count)]


def throughput(rows: pd.DataFrame, corrections: dict[str, SellerCategory]) -> float:
    start = time.perf_counter()
    categorise_rows(rows, OfflineCategoriser(promoted={}), corrections)
    return len(rows) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--titles", type=int, default=50_000)
    parser.add_argument("--corrected-share", type=float, default=0.10)
    args = parser.parse_args()
    titles = demo_titles(args.titles)
    rows = pd.DataFrame({"row_number": range(2, len(titles) + 2), "item_title": titles})
    keys = sorted({normalise_title(t) for t in titles})
    corrected = keys[: int(len(keys) * args.corrected_share)]
    corrections = {k: SellerCategory(uuid.uuid4(), "Home", "Bath") for k in corrected}
    plain = throughput(rows, {})
    with_corrections = throughput(rows, corrections)
    print(f"categorise step, {len(titles):,} distinct titles (offline categoriser):")
    print(f"  no corrections:                  {plain:,.0f} titles/s")
    print(
        f"  {len(corrected):,} corrected titles ({args.corrected_share:.0%}): "
        f"{with_corrections:,.0f} titles/s"
    )


if __name__ == "__main__":
    main()
