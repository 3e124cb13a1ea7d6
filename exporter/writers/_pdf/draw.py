"""Painting laid-out pages on a reportlab canvas: rectangles, rules, status symbols,
text (one text object per page) and the bookmarks of the outline."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from ...model import Status
from .layout import Colour, Page

__all__ = ["draw_symbol", "paint"]


class _Text(PDFTextObject):
    """A text object that places lines with a plain "%.2f" formatter: reportlab's
    general number formatter is pure Python without the optional rl_accel package and
    was a sixth of the drawing time."""

    def setTextOrigin(self, x: float, y: float) -> None:
        self._code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        self._x0 = self._x = x
        self._y0 = self._y = y


def draw_symbol(canv: Canvas, status: Status, colour: Colour, cx: float, cy: float, size: float) -> None:
    """The status as a vector shape in its colour, centred on (cx, cy); each status has
    its own shape, so that colour is never the only carrier of the meaning:
    a tick (done), a half-filled circle (partly done), a cross (not done), an arrow up
    (expected done), an arrow down (not expected done), a dashed circle (unknown)."""
    r = size * 0.4
    canv.saveState()
    canv.setStrokeColorRGB(*colour)
    canv.setFillColorRGB(*colour)
    canv.setLineWidth(max(0.8, size * 0.13))
    canv.setLineCap(1)
    canv.setLineJoin(1)
    path = canv.beginPath()
    if status is Status.DONE:
        path.moveTo(cx - r, cy)
        path.lineTo(cx - r * 0.25, cy - r * 0.8)
        path.lineTo(cx + r, cy + r * 0.85)
        canv.drawPath(path, stroke=1, fill=0)
    elif status is Status.PARTLY_DONE:
        canv.setLineWidth(max(0.6, size * 0.08))
        canv.circle(cx, cy, r, stroke=1, fill=0)
        path.moveTo(cx, cy + r)
        path.arcTo(cx - r, cy - r, cx + r, cy + r, startAng=90, extent=180)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
    elif status is Status.NOT_DONE:
        path.moveTo(cx - r, cy - r)
        path.lineTo(cx + r, cy + r)
        path.moveTo(cx - r, cy + r)
        path.lineTo(cx + r, cy - r)
        canv.drawPath(path, stroke=1, fill=0)
    elif status in (Status.EXPECTED_DONE, Status.EXPECTED_NOT_DONE):
        up = 1 if status is Status.EXPECTED_DONE else -1
        tip = (cx + r, cy + up * r)
        path.moveTo(cx - r, cy - up * r)
        path.lineTo(tip[0] - r * 0.35, tip[1] - up * r * 0.35)
        canv.drawPath(path, stroke=1, fill=0)
        head = canv.beginPath()
        head.moveTo(*tip)
        head.lineTo(tip[0] - r * 0.95, tip[1])
        head.lineTo(tip[0], tip[1] - up * r * 0.95)
        head.close()
        canv.drawPath(head, stroke=0, fill=1)
    else:
        canv.setLineWidth(max(0.6, size * 0.09))
        canv.setDash(size * 0.16, size * 0.12)
        canv.circle(cx, cy, r, stroke=1, fill=0)
        canv.circle(cx, cy, r * 0.22, stroke=0, fill=1)
    canv.restoreState()


def paint(
    canv: Canvas,
    pages: Sequence[Page],
    colours: Mapping[Status, Colour],
    decorate: Callable[[Canvas, int], None],
) -> None:
    """Draw `pages` in order (page numbers from 1), each decorated (header, footer) by
    `decorate(canvas, page_number)`, and add their bookmarks to the outline."""
    for number, page in enumerate(pages, start=1):
        decorate(canv, number)
        if page.rects:
            fill = None
            for x, y, w, h, colour in page.rects:
                if colour != fill:
                    canv.setFillColorRGB(*colour)
                    fill = colour
                canv.rect(x, y, w, h, stroke=0, fill=1)
        if page.rules:
            stroke = None
            for x1, y1, x2, y2, colour, width in page.rules:
                if (colour, width) != stroke:
                    canv.setStrokeColorRGB(*colour)
                    canv.setLineWidth(width)
                    stroke = (colour, width)
                canv.line(x1, y1, x2, y2)
        for file, x, y, w, h in page.images:
            canv.drawImage(file, x, y, w, h, mask="auto")
        for status, cx, cy, size in page.symbols:
            draw_symbol(canv, status, colours[status], cx, cy, size)
        if page.texts:
            text = _Text(canv)
            style = None
            for x, y, s, line in page.texts:
                if s is not style:
                    if style is None or s.font != style.font or s.size != style.size:
                        text.setFont(s.font, s.size, s.leading)
                    if style is None or s.colour != style.colour:
                        text.setFillColorRGB(*s.colour)
                    style = s
                text.setTextOrigin(x, y)
                text.textOut(line)
            canv.drawText(text)
        for mark in page.marks:
            canv.bookmarkPage(mark.key, fit="XYZ", top=mark.y)
            canv.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=None)
        canv.showPage()
