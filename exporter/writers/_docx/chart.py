"""The report's bar chart as an SVG picture with a PNG of it, the same bytes every time.

Word (2016 and later) draws the SVG, a vector chart sharp at any zoom and in print;
older readers and previewers show the PNG, which the SVG names as its fallback
(`asvg:svgBlip`). Its alternative text stands for it; the same numbers are always in a
table beside it.
The chart is drawn with Pillow at 150 dpi: a label per bar, the bar
in its colour from a common start, and the value after it (as the PDF draws it). Text is laid out with
Pillow's basic layout (not the optional libraqm), so the bytes do not depend on what
else is installed.

The picture is a palette PNG (a report draws one, so it is made quickly): the text is
drawn in grey levels, which become `SHADES` shades of the ink on white (as smooth as
the text's anti-aliasing needs), and the bars take palette entries of
their own after them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from ...report.outline import BarChart

__all__ = ["Picture", "bar_chart_png", "DPI"]

SVG_NS = "http://www.w3.org/2000/svg"

DPI = 150  # Word's own resolution for documents shared on screen and printed
INK = (34, 34, 34)
SHADES = 128  # of the ink on white, for the text's anti-aliasing


def _shade(k: int) -> tuple[int, int, int]:
    """The colour of shade `k`: the ink at 0, white at SHADES - 1, evenly between."""
    return tuple(round(ink + (255 - ink) * k / (SHADES - 1)) for ink in INK)  # type: ignore[return-value]


# A grey level of the drawn text (0 ink, 255 white) to the index of its shade.
_SHADE_OF_GREY = [round(level * (SHADES - 1) / 255) for level in range(256)]
_SHADE_PALETTE = [channel for k in range(SHADES) for channel in _shade(k)]


@dataclass(frozen=True)
class Picture:
    """A PNG, the same chart as SVG, and the size to show them at, in millimetres."""

    png: bytes
    svg: bytes
    width_mm: float
    height_mm: float


def bar_chart_png(chart: BarChart, width_mm: float, font_path: str, size_pt: float = 9.5,
                  family: str = "Arial") -> Picture:
    """`chart` as a horizontal bar chart `width_mm` wide, its text in the TrueType font
    at `font_path` (the PNG) and in the font `family` (the SVG, the same places)."""
    per_mm = DPI / 25.4
    font = _font(font_path, round(size_pt / 72 * DPI))
    ascent, descent = font.getmetrics()
    line = ascent + descent
    pad = round(2.5 * per_mm)
    row_height = round(line * 1.9)
    bar_height = round(line * 1.2)

    width = round(width_mm * per_mm)
    label_width = max((font.getlength(bar.label) for bar in chart.bars), default=0)
    label_width = min(round(label_width) + pad, width // 2)
    value_width = round(max((font.getlength(str(bar.value)) for bar in chart.bars), default=0)) + pad
    left = label_width
    area = max(width - left - value_width - pad, 1)
    height = row_height * len(chart.bars) + 2 * pad

    # The text in grey levels (0 ink, 255 white), then as indices of the shades.
    text = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(text)
    maximum = chart.maximum
    lengths = [round(area * bar.value / maximum) if maximum else 0 for bar in chart.bars]
    for i, (bar, length) in enumerate(zip(chart.bars, lengths)):
        middle = pad + i * row_height + row_height // 2
        draw.text((0, middle), bar.label, font=font, fill=0, anchor="lm")
        draw.text((left + length + pad // 2, middle), str(bar.value), font=font, fill=0, anchor="lm")
    image = Image.frombytes("P", (width, height), text.point(_SHADE_OF_GREY).tobytes())
    palette = list(_SHADE_PALETTE)
    draw = ImageDraw.Draw(image)
    for i, (bar, length) in enumerate(zip(chart.bars, lengths)):
        if length:
            middle = pad + i * row_height + row_height // 2
            palette.extend(int(bar.colour.lstrip("#")[j:j + 2], 16) for j in (0, 2, 4))
            draw.rectangle((left, middle - bar_height // 2, left + length, middle + bar_height // 2),
                           fill=len(palette) // 3 - 1)
    image.putpalette(palette)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), compress_level=3)
    # The SVG: the same texts and bars at the same places, in pixels of the PNG.
    font_px = round(size_pt / 72 * DPI)
    parts = [f'<svg xmlns="{SVG_NS}" width="{width / per_mm:.2f}mm" height="{height / per_mm:.2f}mm" '
             f'viewBox="0 0 {width} {height}" font-family={quoteattr(family)} font-size="{font_px}" '
             f'fill="#{"%02X%02X%02X" % INK}">']
    for i, (bar, length) in enumerate(zip(chart.bars, lengths)):
        middle = pad + i * row_height + row_height // 2
        baseline = middle + round((ascent - descent) / 2)  # the text's middle on the bar's
        parts.append(f'<text x="0" y="{baseline}">{escape(bar.label)}</text>')
        if length:
            parts.append(f'<rect x="{left}" y="{middle - bar_height // 2}" width="{length}" '
                         f'height="{bar_height // 2 * 2 + 1}" fill="{bar.colour.upper()}"/>')
        parts.append(f'<text x="{left + length + pad // 2}" y="{baseline}">{bar.value}</text>')
    parts.append("</svg>")
    svg = ('<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(parts) + "\n").encode("utf-8")
    return Picture(buffer.getvalue(), svg, width / per_mm, height / per_mm)


@lru_cache(maxsize=8)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A typeface at a size, loaded once per process (every report of a build draws a chart)."""
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
