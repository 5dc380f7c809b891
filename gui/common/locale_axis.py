"""A pyqtgraph axis whose tick labels follow the interface locale (decimal comma in Russian)."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QLocale


def locale_number(value: float, decimals: int = 0) -> str:
    """`value` written the locale's way, without group separators ("551,5" in Russian)."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(float(value), "f", decimals)


class LocaleAxis(pg.AxisItem):
    """Tick labels written with QLocale, with as few decimals as the spacing needs."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph override
        step = spacing * scale
        decimals = 0 if step >= 1 or step <= 0 else min(6, math.ceil(-math.log10(step)))
        return [locale_number(v * scale, decimals) for v in values]
