"""Server-rendered pages: one Jinja2 environment and a `render` helper.

Every template gets the signed-in user (`user`, or None) and the CSRF token
(`csrf_token`) so forms and `fetch` calls can send it back (see portal/csrf.py).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from mi_core.sales_report import NOT_IN_REPORT
from portal.csrf import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def money(value: Decimal | float | int | str | None) -> str:
    """`1234.5` → `$1,234.50`; None (no data) → an en dash."""
    if value is None or value == "":
        return "–"
    amount = Decimal(str(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def reported_money(value: Decimal | float | int | str | None) -> str:
    """Like `money`, but None means the report lacks the column: "not in this report"."""
    return NOT_IN_REPORT if value is None else money(value)


def number(value: Decimal | float | int | str | None, places: int = 0) -> str:
    if value is None or value == "":
        return "–"
    return f"{Decimal(str(value)):,.{places}f}"


def percent(value: Decimal | float | str | None, places: int = 1) -> str:
    """A ratio (0.125) shown as a percentage (12.5%)."""
    if value is None or value == "":
        return "–"
    return f"{Decimal(str(value)) * 100:,.{places}f}%"


def when(value: datetime | date | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.strftime("%b %-d, %Y %H:%M UTC")
    return value.strftime("%b %-d, %Y")


templates.env.filters.update(money=money, number=number, percent=percent, when=when)


def render(
    request: Request,
    template_name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with the signed-in user and the CSRF token available to the template.

    The user comes from the page dependencies (`portal.deps.PageUser`,
    `portal.deps.OptionalPageUser`), which leave it on `request.state.user`.
    """
    values: dict[str, Any] = {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        **(context or {}),
    }
    return templates.TemplateResponse(request, template_name, values, status_code=status_code)


def render_fragment(template_name: str, context: dict[str, Any]) -> Markup:
    """A part of a page rendered from `context` alone: no request, no user, no CSRF token
    (a fragment may be cached and shown to another session of the same seller)."""
    return Markup(templates.get_template(template_name).render(context))
