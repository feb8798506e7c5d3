"""The archive's bar chart of articles per month, drawn once at build time as inline SVG.

Readers load no chart library: the chart is a few rectangles, each with a ``<title>``
tooltip; the month list under it carries the links. Colours come from the theme's CSS
variables, so it follows the light/dark palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BAR_WIDTH = 10
BAR_GAP = 2
MIN_MONTHS = 48  # a short archive still gets bars of a normal width, not a few giant ones
PLOT_HEIGHT = 120
LABEL_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    """One month (or year): ``label`` for its tooltip; ``year_starts`` names the year a January
    opens. A ``gap`` stands for years without articles, left out of the chart: an ellipsis."""

    label: str
    count: int
    year_starts: str | None = None
    gap: bool = False


def month_chart(bars: Sequence[Bar], title: str) -> str:
    """An ``<svg>`` with one bar per month, scaled to the busiest month, years marked below
    and gaps in the years marked with an ellipsis."""
    tallest = max((bar.count for bar in bars), default=0) or 1
    step = BAR_WIDTH + BAR_GAP
    width = step * max(len(bars), MIN_MONTHS)
    height = PLOT_HEIGHT + LABEL_HEIGHT
    parts = [
        f'<svg class="ca-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="ca-chart-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="ca-chart-title">{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        x = i * step
        if bar.gap:
            parts.append(
                f'<text x="{x}" y="{PLOT_HEIGHT}"><title>{escape(bar.label)}</title>…</text>'
            )
            continue
        bar_height = round(PLOT_HEIGHT * bar.count / tallest, 1)
        parts.append(
            f'<rect x="{x}" y="{PLOT_HEIGHT - bar_height}" width="{BAR_WIDTH}" '
            f'height="{bar_height}"><title>{escape(bar.label)}: {bar.count}</title></rect>'
        )
        if bar.year_starts:
            parts.append(
                f'<text x="{x}" y="{height - 4}">{escape(bar.year_starts)}</text>'
                f'<line x1="{x}" x2="{x}" y1="0" y2="{PLOT_HEIGHT}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
