"""The tax-year summary as a PDF (reportlab's platypus: flowing paragraphs and tables)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def summary_pdf(data: dict[str, Any]) -> bytes:
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=LETTER,
        title=f"Tax year {data['year']}",
        author="Mercari Intelligence",
        leftMargin=0.7 * inch,
        rightMargin=0.7 * inch,
    )
    threshold = data["threshold"]
    figures = [
        ["Form 1099-K gross payments", data["form_1099k_gross"]],
        ["Transactions", str(data["transactions"])],
        ["Federal threshold", _threshold_text(threshold)],
        ["Likely to get a 1099-K", "yes" if data["likely_1099k"] else "no"],
    ]
    lines = [["Line", "Amount", "Notes"]] + [
        [
            Paragraph(escape(line["label"]), small),
            line["shown_as"],
            Paragraph(escape(" ".join([line["explanation"], *line["notes"]])), small),
        ]
        for line in data["lines"]
    ]
    story = [
        Paragraph(escape(f"Tax year {data['year']}: Mercari sales"), styles["Title"]),
        Paragraph(f"<b>{escape(data['disclaimer'])}</b>", body),
        Paragraph(escape(data["year_rule_text"]), body),
        Spacer(1, 8),
        _table(figures, [3.2 * inch, 3.6 * inch], header=False),
        Paragraph(escape(threshold["source"] + ". " + data["state_thresholds_note"]), small),
        Spacer(1, 12),
        Paragraph("Schedule C view", styles["Heading2"]),
        _table(lines, [2.0 * inch, 1.1 * inch, 3.9 * inch], header=True),
    ]
    document.build(story)
    return output.getvalue()


def _threshold_text(threshold: dict[str, Any]) -> str:
    amount = f"more than ${threshold['amount']}"
    if threshold["transactions"] is None:
        return f"{amount} (any number of transactions)"
    return f"{amount} and more than {threshold['transactions']} transactions"


def _table(rows: list[list[Any]], widths: list[float], *, header: bool) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey))
    table.setStyle(TableStyle(style))
    return table
