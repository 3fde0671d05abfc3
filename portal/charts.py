"""Plotly figures of the dashboard, built server-side from the dashboard functions' rows.

Each chart comes with its numbers as a table (for reading, screen readers and copying).
The US map is a tile grid (one square per state): it needs no map geometry from the
internet, so the dashboard works offline like the rest of the portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from portal.templating import money, number, percent, reported_money

PALETTE = ["#2f5bd3", "#1d9a8a", "#e08a1e", "#9b59b6", "#c0392b", "#7f8c8d"]
FEE_COLOURS = {
    "mercari_selling_fees": "#2f5bd3",
    "payment_processing_fees": "#1d9a8a",
    "shipping_adjustment_fees": "#e08a1e",
    "penalty_fees": "#c0392b",
}
FEE_LABELS = {
    "mercari_selling_fees": "Selling fee",
    "payment_processing_fees": "Payment processing",
    "shipping_adjustment_fees": "Shipping adjustment",
    "penalty_fees": "Penalty",
}

# (column, row) of each state in the tile grid, north-west at (0, 0).
STATE_TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (11, 0), "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2),
    "WI": (7, 2), "MI": (8, 2), "NY": (9, 2), "RI": (10, 2), "MA": (11, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3),
    "OH": (7, 3), "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4),
    "WV": (7, 4), "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5),
    "SC": (8, 5), "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7),
}  # fmt: skip
STATE_CODES: dict[str, str] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI",
    "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}  # fmt: skip


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # indexes of right-aligned columns


@dataclass
class Chart:
    key: str
    title: str
    figure: go.Figure | None
    table: Table
    note: str = ""
    summary: Table | None = None  # a table shown under the chart (not folded away)
    summary_title: str = ""

    @property
    def figure_json(self) -> str | None:
        if self.figure is None:
            return None
        # Inlined in a <script> element: an item title must not be able to close it.
        return self.figure.to_json().replace("</", "<\\/")


def _f(value: str | None) -> float:
    return float(Decimal(value)) if value not in (None, "") else 0.0


def _layout(figure: go.Figure, **extra: Any) -> go.Figure:
    defaults: dict[str, Any] = {
        "template": "plotly_white",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "legend": {"orientation": "h", "y": -0.15},
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "colorway": PALETTE,
        "hovermode": "x unified",
    }
    figure.update_layout(**(defaults | extra))
    return figure


def state_code(name: str) -> str | None:
    cleaned = name.strip()
    if cleaned.upper() in STATE_TILES:
        return cleaned.upper()
    return STATE_CODES.get(cleaned.lower())


# --- one function per chart ---


def monthly_chart(rows: list[dict[str, Any]]) -> Chart:
    months = [r["month"] for r in rows]
    figure = go.Figure(
        [
            go.Bar(x=months, y=[_f(r["gross"]) for r in rows], name="Gross sales"),
            go.Bar(x=months, y=[_f(r["net"]) for r in rows], name="Net proceeds"),
            go.Scatter(
                x=months,
                y=[_f(r["previous_year_gross"]) or None for r in rows],
                name="Gross a year earlier",
                mode="lines+markers",
                line={"dash": "dot", "color": "#7f8c8d"},
            ),
        ]
    )
    _layout(figure, barmode="group", yaxis={"tickprefix": "$"})
    table = Table(
        ["Month", "Gross sales", "Net proceeds", "Fees", "Orders", "Cancelled",
         "Gross a year earlier", "Year over year"],
        [
            [r["month"].strftime("%b %Y"), money(r["gross"]), money(r["net"]), money(r["fees"]),
             number(r["orders"]), number(r["cancelled"]), money(r["previous_year_gross"]),
             percent(r["gross_change_year_over_year"])]
            for r in rows
        ],
        numeric=set(range(1, 8)),
    )  # fmt: skip
    return Chart("monthly", "Sales and net proceeds by month", figure, table)


def categories_chart(rows: list[dict[str, Any]]) -> Chart:
    by_department: dict[str, float] = {}
    for r in rows:
        by_department[r["department"]] = by_department.get(r["department"], 0) + _f(
            r["gross_sales"]
        )
    top = sorted(rows, key=lambda r: _f(r["gross_sales"]), reverse=True)[:20]
    figure = go.Figure(
        go.Bar(
            y=[f"{r['department']} › {r['subcategory'] or '–'}" for r in top][::-1],
            x=[_f(r["gross_sales"]) for r in top][::-1],
            orientation="h",
            marker={
                "color": [_f(r["average_confidence"]) for r in top][::-1],
                "colorscale": [[0, "#e08a1e"], [0.5, "#f3d27a"], [1, "#2f5bd3"]],
                "cmin": 0,
                "cmax": 1,
                "colorbar": {"title": {"text": "Confidence"}, "tickformat": ".0%"},
            },
            customdata=[percent(r["average_confidence"], 0) for r in top][::-1],
            hovertemplate="%{y}<br>$%{x:,.2f}<br>confidence %{customdata}<extra></extra>",
        )
    )
    _layout(figure, xaxis={"tickprefix": "$"}, hovermode="closest", height=max(340, 24 * len(top)))
    table = Table(
        ["Department", "Subcategory", "Orders", "Cancelled", "Gross sales", "Net proceeds",
         "Average confidence", "Low-confidence sales"],
        [
            [r["department"], r["subcategory"] or "–", number(r["orders"]),
             number(r["cancelled_orders"]), money(r["gross_sales"]), money(r["net_proceeds"]),
             percent(r["average_confidence"], 0), number(r["low_confidence_sales"])]
            for r in rows
        ],
        numeric=set(range(2, 8)),
    )  # fmt: skip
    note = "Bar colour shows how sure the categorisation is (orange: less sure)."
    return Chart("categories", "By department and subcategory", figure, table, note)


def clusters_chart(rows: list[dict[str, Any]]) -> Chart:
    top = rows[:15]
    figure = go.Figure(
        go.Bar(
            y=[r["cluster_name"] for r in top][::-1],
            x=[_f(r["gross_sales"]) for r in top][::-1],
            orientation="h",
            hovertemplate="%{y}<br>$%{x:,.2f}<extra></extra>",
        )
    )
    _layout(figure, xaxis={"tickprefix": "$"}, hovermode="closest", height=max(340, 26 * len(top)))
    table = Table(
        ["Product group", "Orders", "Cancelled", "Gross sales", "Net proceeds", "Average price"],
        [
            [r["cluster_name"], number(r["orders"]), number(r["cancelled_orders"]),
             money(r["gross_sales"]), money(r["net_proceeds"]), money(r["average_price"])]
            for r in rows
        ],
        numeric=set(range(1, 6)),
    )  # fmt: skip
    return Chart("clusters", "By product group", figure, table)


def states_chart(rows: list[dict[str, Any]]) -> Chart:
    gross = {code: _f(r["gross_sales"]) for r in rows if (code := state_code(r["state"]))}
    orders = {code: r["orders"] for r in rows if (code := state_code(r["state"]))}
    width, height = 12, 8
    z: list[list[float | None]] = [[None] * width for _ in range(height)]
    text: list[list[str]] = [[""] * width for _ in range(height)]
    hover: list[list[str]] = [[""] * width for _ in range(height)]
    for code, (col, row) in STATE_TILES.items():
        z[row][col] = gross.get(code, 0.0)
        text[row][col] = code
        hover[row][col] = f"{code}: {money(gross.get(code, 0))} · {orders.get(code, 0)} orders"
    figure = go.Figure(
        go.Heatmap(
            z=z,
            text=text,
            hovertext=hover,
            texttemplate="%{text}",
            hovertemplate="%{hovertext}<extra></extra>",
            colorscale=[[0, "#eef2fb"], [1, "#2f5bd3"]],
            xgap=3,
            ygap=3,
            colorbar={"title": {"text": "Gross"}, "tickprefix": "$"},
        )
    )
    _layout(
        figure,
        hovermode="closest",
        xaxis={"visible": False},
        yaxis={"visible": False, "autorange": "reversed", "scaleanchor": "x"},
        plot_bgcolor="#ffffff",
    )
    table = Table(
        ["State", "Orders", "Cancelled", "Gross sales", "Net proceeds", "Average price"],
        [
            [r["state"] or "Unknown", number(r["orders"]), number(r["cancelled_orders"]),
             money(r["gross_sales"]), money(r["net_proceeds"]), money(r["average_price"])]
            for r in rows
        ],
        numeric=set(range(1, 6)),
    )  # fmt: skip
    return Chart("states", "By state (shipped to)", figure, table)


def _simple_bars(key: str, title: str, label: str, names: list[str], rows: list[dict]) -> Chart:
    figure = go.Figure(
        [
            go.Bar(x=names, y=[_f(r["gross_sales"]) for r in rows], name="Gross sales"),
            go.Bar(x=names, y=[_f(r["net_proceeds"]) for r in rows], name="Net proceeds"),
        ]
    )
    _layout(figure, barmode="group", yaxis={"tickprefix": "$"})
    table = Table(
        [label, "Orders", "Cancelled", "Gross sales", "Net proceeds"],
        [
            [name, number(r["orders"]), number(r["cancelled_orders"]), money(r["gross_sales"]),
             money(r["net_proceeds"])]
            for name, r in zip(names, rows, strict=True)
        ],
        numeric={1, 2, 3, 4},
    )  # fmt: skip
    return Chart(key, title, figure, table)


def weekdays_chart(rows: list[dict[str, Any]]) -> Chart:
    names = [r["day_name"] for r in rows]
    return _simple_bars("weekdays", "By day of the week (sold date)", "Day", names, rows)


def seasons_chart(rows: list[dict[str, Any]]) -> Chart:
    names = [r["season"] for r in rows]
    return _simple_bars("seasons", "By season", "Season", names, rows)


def best_sellers_chart(rows: list[dict[str, Any]]) -> Chart:
    figure = go.Figure(
        go.Bar(
            y=[r["item_title"][:60] for r in rows][::-1],
            x=[_f(r["gross_sales"]) for r in rows][::-1],
            orientation="h",
            hovertemplate="%{y}<br>$%{x:,.2f}<extra></extra>",
        )
    )
    _layout(figure, xaxis={"tickprefix": "$"}, hovermode="closest", height=max(340, 28 * len(rows)))
    table = Table(
        ["Item", "Orders", "Gross sales", "Net proceeds", "Average price"],
        [
            [r["item_title"], number(r["orders"]), money(r["gross_sales"]),
             money(r["net_proceeds"]), money(r["average_price"])]
            for r in rows
        ],
        numeric={1, 2, 3, 4},
    )  # fmt: skip
    return Chart("best-sellers", "Best sellers", figure, table)


def fees_chart(
    rows: list[dict[str, Any]],
    changes: list[dict[str, Any]] | None = None,
    regimes: list[dict[str, Any]] | None = None,
) -> Chart:
    """Stacked fees per month, the effective rate, a line on each day Mercari's fee rules
    changed (`changes`, from dim_fee_regimes), and the fee check per regime under it."""
    months = [r["month"] for r in rows]
    # Each month's bar spans its month, so a change on the 27th is drawn late in its month.
    period = {"xperiod": "M1", "xperiodalignment": "middle"}
    traces: list[Any] = [
        go.Bar(
            x=months, y=[_f(r[name]) for r in rows], name=label, marker_color=FEE_COLOURS[name],
            **period,
        )
        for name, label in FEE_LABELS.items()
    ]  # fmt: skip
    traces.append(
        go.Scatter(
            x=months,
            y=[_f(r["effective_fee_rate"]) if r["effective_fee_rate"] else None for r in rows],
            name="Fees / gross",
            yaxis="y2",
            mode="lines+markers",
            line={"color": "#1f2430"},
            **period,
        )
    )
    figure = go.Figure(traces)
    _layout(
        figure,
        barmode="stack",
        yaxis={"tickprefix": "$"},
        yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "rangemode": "tozero"},
    )
    for change in changes or []:
        day = change["day"].isoformat()
        figure.add_vline(x=day, line={"dash": "dash", "color": "#c0392b"})
        figure.add_annotation(
            x=day, y=1, yref="paper", text=f"{change['day']:%-d %b %Y}: {change['fee_regime']}",
            showarrow=False, xanchor="left", yanchor="top", font={"size": 11, "color": "#c0392b"},
            bgcolor="rgba(255,255,255,.85)",
        )  # fmt: skip
    table = Table(
        ["Month", "Fee rules", "Orders", "Gross sales", *FEE_LABELS.values(), "Total fees",
         "Fees / gross"],
        [
            [r["month"].strftime("%b %Y"), r["fee_regime"] or "–", number(r["orders"]),
             money(r["gross_sales"]), *(reported_money(r[name]) for name in FEE_LABELS),
             money(r["total_fees"]), percent(r["effective_fee_rate"])]
            for r in rows
        ],
        numeric=set(range(2, 10)),
    )  # fmt: skip
    note = "Dashed red lines mark the days Mercari's fee rules changed (by sold date)."
    chart = Chart("fees", "Fees over time", figure, table, note)
    if regimes is not None:
        chart.summary = fee_regimes_table(regimes)
        chart.summary_title = "Fees by Mercari's rules, checked sale by sale"
    return chart


def _day(value: Any) -> str:
    return value.strftime("%-d %b %Y") if value else "–"


def fee_regimes_table(rows: list[dict[str, Any]]) -> Table:
    """Per fee regime: sales, the effective fee rate, the sales whose fees the rule of their
    sold date does not explain and the money involved."""
    return Table(
        ["Fee rules", "From", "To", "Sales", "Gross sales", "Fees / gross",
         "Earlier rule", "Differing", "Money involved"],
        [
            [r["fee_regime"], _day(r["valid_from"]), _day(r["valid_to"]), number(r["orders"]),
             money(r["gross_sales"]), percent(r["effective_fee_rate"]),
             number(r["earlier_rule_sales"]), number(r["differing_sales"]),
             money(r["differing_fee_amount"])]
            for r in rows
        ],
        numeric=set(range(3, 9)),
    )  # fmt: skip
