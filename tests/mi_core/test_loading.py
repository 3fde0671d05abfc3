"""Loading stores each row exactly as parsed: titles holding CSV's and COPY's special
characters, empty and NULL values, dates and money to the cent (the rows go to
PostgreSQL as one CSV text)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from mi_core.loading import LOADED_COLUMNS, cents_to_decimal_text, copy_frame, load_report
from mi_core.sales_report import parse_report, write_report
from tests.pipeline_helpers import register

TRICKY_TITLES = [
    'Rae Dunn "MOM" mug, 12oz',
    "back\\slash and \\N and tab\there",
    'Two "quoted" words, commas, "more"',
    "ümlaut — 🧸 bear",
]


def _report_with_titles(tmp_path):
    path = write_report(tmp_path / "tricky.csv", 30, seed=5)
    lines = path.read_bytes().split(b"\n")
    for line_number, title in enumerate(TRICKY_TITLES, start=3):
        fields = lines[line_number].split(b'","')
        # Mercari's CSV: every field quoted, inner quotes doubled.
        fields[4] = title.replace('"', '""').encode()
        lines[line_number] = b'","'.join(fields)
    path.write_bytes(b"\n".join(lines))
    return path


@given(st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=50))
def test_cents_become_exact_decimal_text(cents):
    texts = cents_to_decimal_text(pd.Series(cents, dtype="int64"))
    assert [Decimal(t) * 100 for t in texts] == [Decimal(c) for c in cents]
    assert all(t.split(".")[1].isdigit() and len(t.split(".")[1]) == 2 for t in texts)


@pytest.mark.parametrize(
    "cents, expected",
    [(0, "0.00"), (-1, "-0.01"), (-100, "-1.00"), (5, "0.05"), (123456, "1234.56")],
)
def test_cents_text_examples(cents, expected):
    assert cents_to_decimal_text(pd.Series([cents]))[0] == expected


def test_loaded_rows_equal_the_parsed_rows(settings, engine, seller, tmp_path):
    path = _report_with_titles(tmp_path)
    upload_id = register(settings, seller, path)
    report = parse_report(path, source_name=path.name)
    assert not report.quarantined
    expected = copy_frame(report, upload_id, seller.id)
    assert set(TRICKY_TITLES) <= set(expected["item_title"])
    assert expected["canceled_date"].isna().any()  # NULLs among the values

    result = load_report(engine, upload_id, seller.id, report, settings)

    assert result.rows_loaded == len(expected)
    columns = ", ".join(f"{c}::text" for c in LOADED_COLUMNS)
    with engine.connect() as conn:
        stored = conn.execute(
            text(
                f"select {columns} from raw.sales_report_rows where upload_id = :u"
                " order by sales_report_rows.row_number"
            ),
            {"u": upload_id},
        ).all()
    expected = expected.sort_values("row_number", key=lambda s: s.astype(int))
    wanted = [
        tuple(None if pd.isna(v) else v for v in row)
        for row in expected.itertuples(index=False, name=None)
    ]
    # Text as PostgreSQL prints it: the JSON column normalised, everything else as sent.
    assert [row[:-1] for row in stored] == [row[:-1] for row in wanted]
    assert [row[-1] is None for row in stored] == [row[-1] is None for row in wanted]
