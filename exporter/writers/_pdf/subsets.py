"""A TrueType font of reportlab's whose subsets are named with tags of their own.

A subclass of reportlab's `TTFont`, kept apart from the typeface module (`fonts`)
because it reaches into the objects reportlab makes for a subset."""

from __future__ import annotations

import hashlib

from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["SubsetFont", "subset_tag"]


class SubsetFont(TTFont):
    """A TrueType font whose subsets are named with a tag of their own.

    reportlab tags subset n of every font "AAAAAA" + n, so two fonts of one file share
    the tag `AAAAAA+`; PDF asks for a distinct tag per subset. Once reportlab has made
    a subset's objects (font, descriptor, ToUnicode map) the tag of its name is
    replaced by six letters derived from the font's name and the subset's number."""

    def addObjects(self, doc) -> None:
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(_subset_count(self, doc))]
        super().addObjects(doc)
        objects = doc.idToObject
        for n, internal in enumerate(names):
            font = objects[internal]
            tagged = subset_tag(self.fontName, n) + "+" + font.BaseFont.split("+", 1)[1]
            font.BaseFont = tagged
            objects[font.FontDescriptor.name].dict["FontName"] = PDFName(tagged)


def _subset_count(font: TTFont, doc) -> int:
    """How many subsets `font` has in `doc` (its documented `getSubsetInternalName`
    refuses a number beyond the last)."""
    n = 0
    while True:
        try:
            font.getSubsetInternalName(n, doc)
        except IndexError:
            return n
        n += 1


def subset_tag(font_name: str, subset: int) -> str:
    """Six capital letters naming subset `subset` of `font_name`, the same every time."""
    digest = hashlib.sha256(f"{font_name}/{subset}".encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])
