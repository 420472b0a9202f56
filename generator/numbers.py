"""How numbers are written for readers: one place, so that a figure reads the same on every page,
in every chart, warning and search term."""

from __future__ import annotations

from typing import Any


def grouped(value: float) -> str:
    """``2,200``, ``2.5``: thousands grouped, a whole number without a decimal point."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def plain(value: float) -> str:
    """``2200``: as typed without a thousands separator (what a reader may search for)."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value}"


def format_figure(figure: Any) -> str:
    """``about 2,200 troops``, ``1,100–1,300 crossings per day``."""
    value = figure.value
    text = f"{grouped(value[0])}–{grouped(value[1])}" if isinstance(value, tuple) else grouped(value)
    return f"{'about ' if figure.approx else ''}{text} {figure.unit}"

