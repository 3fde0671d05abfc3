"""The demo report shipped for `make run` is exactly what the generator makes."""

from mi_cli.stack import DEMO_REPORT
from mi_core.sales_report import generate_report, parse_report


def test_shipped_demo_report_is_reproducible_and_clean():
    content = DEMO_REPORT.read_bytes()
    assert content == generate_report(750, seed=2026)
    report = parse_report(content, source_name=DEMO_REPORT.name)
    assert report.data_row_count == 750
    assert report.quarantined == []
    assert report.reconciled
