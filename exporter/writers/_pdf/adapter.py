"""reportlab's internals that the PDF writer relies on, in this one module.

reportlab does what it is best at for exporter: it parses the TrueType fonts, measures
text (`pdfmetrics.stringWidth`), assigns each character its subset and code
(`TTFont.splitString(text, doc)`, `getSubsetInternalName(subset, doc)`) and makes each
subset's objects (the font, its descriptor and widths, the embedded subset and its
ToUnicode map). Those calls are reportlab's documented API. Every other object of
the file is written by exporter (`writer.PdfFile`). Where reportlab offers no public
way, the code reaches into it here, and nowhere else (`tests/writers/test_pdf_adapter.py`
searches the package for these names; ruff's SLF001 flags private access elsewhere).

What this module relies on, checked by `contract_problems` (and so by the contract
test on the pinned reportlab major version, see pyproject.toml):

- `PDFDocument.delayedFonts`: the fonts used in a document (a font's
  `getSubsetInternalName(subset, doc)` adds it), each of whose `addObjects(doc)`
  makes its objects in the document;
- `PDFDocument.numberToId` and `PDFDocument.idToObject`: the document's objects by
  number (1, 2, … in the order made) and by name, to write them in that order;
- `PDFDocument.idToObjectNumberAndVersion[BasicFonts]`: the object number of the font
  dictionary that names every subset (a page's /Font resources);
- `PDFIndirectObject(name, object).format(doc)`: an object's bytes, `n 0 obj … endobj`;
- a TrueType subset's font object: its `BaseFont` ("AAAAAA+Name") and its
  `FontDescriptor`, a reference whose `name` is the descriptor's id; the descriptor's
  `dict` holds its /FontName (`tag_subsets` renames both);
- `TTFont.face.charToGlyph`: the characters a TrueType font has glyphs for.

The font streams are compressed by reportlab's own filter list (`doc.compression`),
so no process-global setting (`rl_config`) is read or changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TypeAlias

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import BasicFonts, PDFDocument, PDFIndirectObject, PDFName
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["FontDocument", "SubsetFont", "contract_problems", "font_characters", "font_dictionary", "font_objects", "new_document",
           "subset_tag"]


# The document reportlab's fonts are made and numbered in.
FontDocument: TypeAlias = PDFDocument


def new_document() -> FontDocument:
    """A document for reportlab's fonts to be made and numbered in (never written as a
    whole): compressed streams, no time stamps or random ids."""
    return PDFDocument(compression=1, invariant=1)


def font_characters(font_name: str) -> frozenset[int]:
    """The code points the registered TrueType font `font_name` has glyphs for."""
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def font_objects(doc: PDFDocument) -> Iterator[tuple[int, bytes]]:
    """The objects of the fonts used in `doc` (the font dictionary, then each subset's
    objects), by number from 1, each as `n 0 obj … endobj` bytes."""
    for font in doc.delayedFonts:
        font.addObjects(doc)
    number = 1
    while (name := doc.numberToId.get(number)) is not None:
        yield number, PDFIndirectObject(name, doc.idToObject[name]).format(doc)
        number += 1


def font_dictionary(doc: PDFDocument) -> int:
    """The object number of the font dictionary of `doc` (after `font_objects`)."""
    return doc.idToObjectNumberAndVersion[BasicFonts][0]


def subset_tag(font_name: str, subset: int) -> str:
    """Six capital letters naming subset `subset` of `font_name`, the same every time."""
    digest = hashlib.sha256(f"{font_name}/{subset}".encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


class SubsetFont(TTFont):
    """A TrueType font whose subsets are named with a tag of their own.

    reportlab tags subset n of every font "AAAAAA" + n, so two fonts of one file share
    the tag `AAAAAA+`; PDF asks for a distinct tag per subset. Once reportlab has made
    a subset's objects (font, descriptor, ToUnicode map) the tag of its name is
    replaced by six letters derived from the font's name and the subset's number."""

    def addObjects(self, doc: PDFDocument) -> None:  # noqa: N802 - reportlab's name
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(_subset_count(self, doc))]
        super().addObjects(doc)
        tag_subsets(doc, self.fontName, names)


def tag_subsets(doc: PDFDocument, font_name: str, names: list[str]) -> None:
    """Give the subsets of `font_name` made in `doc` (by internal name, in order) their
    own tags (`subset_tag`), in the font's /BaseFont and the descriptor's /FontName."""
    objects = doc.idToObject
    for n, internal in enumerate(names):
        font = objects[internal]
        tagged = subset_tag(font_name, n) + "+" + font.BaseFont.split("+", 1)[1]
        font.BaseFont = tagged
        objects[font.FontDescriptor.name].dict["FontName"] = PDFName(tagged)


def _subset_count(font: TTFont, doc: PDFDocument) -> int:
    """How many subsets `font` has in `doc` (its documented `getSubsetInternalName`
    refuses a number beyond the last)."""
    n = 0
    while True:
        try:
            font.getSubsetInternalName(n, doc)
        except IndexError:
            return n
        n += 1


def contract_problems(font_file: str) -> list[str]:
    """What of the above the installed reportlab no longer does, tried on the TrueType
    font in `font_file`: one line per broken assumption, empty when all hold."""
    problems: list[str] = []
    name = "ExporterContract-" + hashlib.sha256(font_file.encode()).hexdigest()[:8]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(SubsetFont(name, font_file))
    font = pdfmetrics.getFont(name)
    try:
        characters = font_characters(name)
        if ord("A") not in characters:
            problems.append("TTFont.face.charToGlyph does not map code points (no 'A')")
    except AttributeError as exc:
        problems.append(f"TTFont.face.charToGlyph is gone: {exc}")
    doc = new_document()
    for attribute in ("delayedFonts", "numberToId", "idToObject", "idToObjectNumberAndVersion"):
        if not hasattr(doc, attribute):
            problems.append(f"PDFDocument.{attribute} is gone")
    if problems:
        return problems
    ((subset, _),) = font.splitString("A", doc)
    font.getSubsetInternalName(subset, doc)
    if font not in doc.delayedFonts:
        problems.append("TTFont.getSubsetInternalName no longer adds the font to PDFDocument.delayedFonts")
        return problems
    try:
        objects = dict(font_objects(doc))
    except (AttributeError, KeyError, TypeError) as exc:
        return [*problems, f"the fonts' objects can no longer be made and formatted: {exc!r}"]
    if not objects or not all(data.startswith(b"%d 0 obj" % n) for n, data in objects.items()):
        problems.append("PDFIndirectObject(..).format no longer gives 'n 0 obj' bytes for each numberToId entry")
    try:
        if font_dictionary(doc) not in objects:
            problems.append("idToObjectNumberAndVersion[BasicFonts] does not number one of the objects")
    except (KeyError, TypeError) as exc:
        problems.append(f"idToObjectNumberAndVersion[BasicFonts] is gone: {exc!r}")
    tag = subset_tag(font.fontName, subset).encode("ascii") + b"+"
    if not any(b"/BaseFont /" + tag in data for data in objects.values()):
        problems.append("the subset's BaseFont is no longer renamed (font object's BaseFont / FontDescriptor)")
    if not any(b"/FontName /" + tag in data for data in objects.values()):
        problems.append("the subset's descriptor /FontName is no longer renamed (FontDescriptor.dict)")
    if any(b"ASCII85Decode" in data for data in objects.values()):
        problems.append("the font streams are ASCII85-encoded: reportlab now reads rl_config.useA85 for them")
    return problems
