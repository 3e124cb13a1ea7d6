"""Writing the file.

reportlab makes what it is best at: the fonts, subset and embedded with their widths
and ToUnicode maps, through the documented `TTFont.splitString(text, doc)` and
`getSubsetInternalName(subset, doc)` on a `PDFDocument` of exporter's own, which
numbers and formats them. Every other object is written here, straight from
exporter's records, after reportlab's: the catalog, the page tree, each page with its
content stream, the link annotations, the bookmarks, the structure tree and its
ParentTree, the pictures, the document information and the XMP packet; then the
cross-reference table and the trailer. A long report has a few objects a record:
written from flat records they cost a few microseconds each, where a generic library
object costs ten and a kilobyte of memory until the end.

The numbers of exporter's objects are given out in blocks once every count is known
(pages, annotations, bookmarks, structure elements), so that an object can refer to
one written after it, as a contents entry refers to a page further on.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image as PILImage
from reportlab.lib.rl_accel import fp_str

from . import adapter

from .draw import Painted, join_streams
from .layout import Link
from .metadata import CREATOR, PRODUCER, Metadata
from .tagging import ELEMENT, MCID, MCID_BITS, StructTree, link_annotation, text_string

__all__ = ["HEADER", "Bookmark", "PdfFile"]

# PDF 1.7 (ISO 32000-1, the base of PDF/UA-1 and PDF/A-2), with the binary comment
# that tells transfer programs the file is binary.
HEADER = b"%PDF-1.7\n%\x93\x8c\x8b\x9e exporter\n"

_MCID_MASK = (1 << MCID_BITS) - 1
_PROCSET = b"/ProcSet[/PDF/Text/ImageB/ImageC/ImageI]"


@dataclass(frozen=True, slots=True)
class Bookmark:
    """An entry of the document outline: its title, level (0: top), page index and the
    height of its place."""

    title: str
    level: int
    page: int
    top: float


class _Picture:
    """A picture file as an image XObject (and its soft mask, for transparency), made
    with Pillow: the pixels, Flate-compressed, in DeviceRGB or DeviceGray."""

    __slots__ = ("alpha", "colour_space", "height", "pixels", "resource", "width")

    def __init__(self, path: str, resource: str) -> None:
        self.resource = resource
        with PILImage.open(path) as image:
            image.load()
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            grey = image.mode in ("1", "L", "LA", "I", "I;16", "F")
            converted = image.convert(("LA" if grey else "RGBA") if has_alpha else ("L" if grey else "RGB"))
        self.width, self.height = converted.size
        self.colour_space = b"/DeviceGray" if grey else b"/DeviceRGB"
        if has_alpha:
            bands = converted.split()
            colour = PILImage.merge("L" if grey else "RGB", bands[:-1])
            self.pixels = zlib.compress(colour.tobytes(), 6)
            self.alpha: bytes | None = zlib.compress(bands[-1].tobytes(), 6)
        else:
            self.pixels = zlib.compress(converted.tobytes(), 6)
            self.alpha = None

    @property
    def objects(self) -> int:
        return 1 if self.alpha is None else 2


class PdfFile:
    """One PDF file in the making: the fonts' document (give `fonts` to the encoder),
    the pictures drawn, then `write` for the whole file."""

    def __init__(self, pagesize: tuple[float, float]) -> None:
        # The document reportlab's fonts are made and numbered in; its own catalog,
        # pages and outline are never written.
        self.fonts = adapter.new_document()
        self.media_box = b"[0 0 %s %s]" % (fp_str(pagesize[0]).encode("ascii"), fp_str(pagesize[1]).encode("ascii"))
        self._pictures: dict[str, _Picture] = {}
        self._drawn: dict[str, None] = {}  # the pictures drawn on the page being written

    def picture(self, path: str) -> str:
        """The resource name of the picture in `path` (read once per file). Every picture
        a page or its running header draws is named here before `write`."""
        known = self._pictures.get(path)
        if known is None:
            known = self._pictures[path] = _Picture(path, f"Im{len(self._pictures) + 1}")
        return known.resource

    def size(self, path: str) -> tuple[int, int]:
        """The size in pixels of the picture in `path`, named by `picture`."""
        known = self._pictures[path]
        return known.width, known.height

    def picture_ops(self, path: str, x: float, y: float, w: float, h: float) -> str:
        """The operators that draw the picture in `path` into the box at (x, y), w × h."""
        name = self.picture(path)
        self._drawn[name] = None
        return f"q {fp_str(w)} 0 0 {fp_str(h)} {fp_str(x)} {fp_str(y)} cm /{name} Do Q"

    def write(self, sink: BinaryIO | bytearray, pages: list[Painted | None], decorate: Callable[[int], str],
              tree: StructTree, meta: Metadata, packet: bytes) -> None:
        """Write the whole file to `sink` (a binary file, or a bytearray grown in place):
        `pages` in order (used up: each let go once written), each page's content stream
        `decorate(page number)` (its running header and footer) and its pictures before
        its body; `tree` as the structure; `meta` as the document information and
        `packet` as the XMP metadata. A long report goes to a file as it is written,
        never held whole."""
        out = _Output(sink)
        out.add(HEADER)

        # Before numbering: every page's place, and the pictures.
        for index, painted in enumerate(pages):
            assert painted is not None
            painted.slot.index = index
            tree.slots.append(painted.slot)
            for file, *_ in painted.images:
                self.picture(file)
        marks = [Bookmark(m.title, m.level, index, m.y) for index, painted in enumerate(pages)
                 for m in painted.marks]  # type: ignore[union-attr]

        # reportlab's objects first: the font dictionary, each font subset's objects.
        number = 0
        for number, data in adapter.font_objects(self.fonts):
            out.put(number)
            out.add(data)
        font_dict = adapter.font_dictionary(self.fonts)

        # exporter's objects, numbered in blocks.
        numbers = _Numbers(number + 1)
        catalog, page_tree, info, metadata, resources, struct_root, parent_tree = numbers.take(7)
        outline_root = numbers.take(1)[0] if marks else 0
        pictures = list(self._pictures.values())
        picture_numbers = [numbers.block(p.objects) for p in pictures]
        first_page = numbers.block(len(pages))
        first_content = numbers.block(len(pages))
        first_bookmark = numbers.block(len(marks))
        first_element = numbers.block(len(tree))
        # The link annotations come last, numbered as their pages are written.
        first_annotation = numbers.next

        # The pictures.
        for picture, first in zip(pictures, picture_numbers):
            entries = b"/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace%s/BitsPerComponent 8" \
                      b"/Filter/FlateDecode" % (picture.width, picture.height, picture.colour_space)
            if picture.alpha is not None:
                out.stream(first + 1, b"/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray"
                                  b"/BitsPerComponent 8/Filter/FlateDecode" % (picture.width, picture.height),
                       picture.alpha)
                entries += b"/SMask %d 0 R" % (first + 1)
            out.stream(first, entries, picture.pixels)
        picture_refs = {p.resource: n for p, n in zip(pictures, picture_numbers)}

        # The pages, their content streams and their annotations.
        out.object(resources, b"<</Font %d 0 R%s>>" % (font_dict, _PROCSET))
        page_ref = [b"%d 0 R" % (first_page + i) for i in range(len(pages))]
        digest = hashlib.md5(usedforsecurity=False)
        for index in range(len(pages)):
            painted = pages[index]
            pages[index] = None
            assert painted is not None
            slot = painted.slot
            self._drawn = {}
            head = [decorate(index + 1)]
            for file, x, y, w, h, figure in painted.images:
                head.append("/Artifact BMC" if figure is None else f"/{figure.role} <</MCID {slot.mark(figure)}>> BDC")
                head.append(self.picture_ops(file, x, y, w, h))
                head.append("EMC")
            head.append(" ")
            data = join_streams("\n".join(head).encode("latin-1"), painted.packed)
            digest.update(data[-4:])  # the checksum of the page's content
            out.stream(first_content + index, b"/Filter/FlateDecode", data)
            del data
            used = self._drawn
            if used:
                page_resources = b"<</Font %d 0 R%s/XObject<<%s>>>>" % (font_dict, _PROCSET, b"".join(
                    b"/%s %d 0 R" % (name.encode("ascii"), picture_refs[name]) for name in used))
            else:
                page_resources = b"%d 0 R" % resources
            # The page's links, one annotation each, taking part in the structure.
            links = [link for link in _one_area_per_link(painted.links) if link.target.slot is not None]
            keys = [link_annotation(tree, slot, link.element) for link in links]
            annotation = numbers.block(len(links))
            annots_entry = b""
            if links:
                annots_entry = b"/Annots[" + b" ".join(
                    b"%d 0 R" % (annotation + i) for i in range(len(links))) + b"]"
            out.object(first_page + index, b"<</Type/Page/Parent %d 0 R/MediaBox%s/Resources %s/Contents %d 0 R"
                                    b"/StructParents %d/Tabs/S%s>>" % (
                                        page_tree, self.media_box, page_resources, first_content + index,
                                        index, annots_entry))
            for link, key in zip(links, keys):
                target = link.target
                x1, y1, x2, y2 = link.rect
                out.object(annotation, b"<</Type/Annot/Subtype/Link/F 4/Border[0 0 0]/Rect[%.2f %.2f %.2f %.2f]"
                                b"/Dest[%s/XYZ null %.2f null]/Contents%s/StructParent %d>>" % (
                                    x1, y1, x2, y2, page_ref[target.slot.index], target.top,  # type: ignore[union-attr]
                                    text_string(link.contents), tree.annotation_key(key)))
                annotation += 1
        out.object(page_tree, b"<</Type/Pages/Count %d/Kids[%s]>>" % (len(page_ref), b" ".join(page_ref)))

        # The bookmarks.
        if marks:
            _write_outline(out, outline_root, first_bookmark, marks, page_ref)

        # The structure tree.
        _write_structure(out, tree, struct_root, parent_tree, first_element, first_annotation, page_ref)
        count = numbers.next

        # The document information, the XMP packet and the catalog.
        stamp = text_string(meta.date.strftime("D:%Y%m%d000000+00'00'"))
        information = b"<</Title %s/Author %s/Subject %s/Keywords %s/Creator %s/Producer %s/CreationDate %s" \
                      b"/ModDate %s/Trapped/False>>" % (
                          text_string(meta.title), text_string(meta.author), text_string(meta.subject),
                          text_string(meta.keywords), text_string(CREATOR), text_string(PRODUCER), stamp, stamp)
        out.object(info, information)
        out.stream(metadata, b"/Type/Metadata/Subtype/XML", packet)
        outlines = b"/Outlines %d 0 R/PageMode/UseOutlines" % outline_root if marks else b""
        out.object(catalog, b"<</Type/Catalog/Pages %d 0 R/Lang %s/MarkInfo<</Marked true>>/StructTreeRoot %d 0 R"
                     b"/ViewerPreferences<</DisplayDocTitle true>>/Metadata %d 0 R%s>>" % (
                         page_tree, text_string(meta.language), struct_root, metadata, outlines))

        # The cross-reference table, in number order, a few thousand entries at a time
        # (a list of all its lines would cost a hundred bytes an object), and the
        # trailer, with an ID made from the document information and every page's
        # content checksum: the same report gives the same ID.
        start = out.at
        out.add(b"xref\n0 %d\n0000000000 65535 f \n" % count)
        for lines in out.xref(count):
            out.add(lines)
        digest.update(information)
        file_id = b"<" + digest.hexdigest().encode("ascii") + b">"
        out.add(b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R/ID[%s%s]>>\nstartxref\n%d\n%%%%EOF\n" % (
            count, catalog, info, file_id, file_id, start))


_END_STREAM = b"\nendstream\nendobj\n"


class _Numbers:
    """Object numbers, given out in blocks from `first` (the first after reportlab's)."""

    def __init__(self, first: int) -> None:
        self.next = first

    def block(self, size: int) -> int:
        first = self.next
        self.next += size
        return first

    def take(self, size: int) -> list[int]:
        first = self.block(size)
        return list(range(first, first + size))


class _Output:
    """The file as it is written to its sink, and each object's place in it, by
    number (0: none)."""

    def __init__(self, sink: BinaryIO | bytearray) -> None:
        self._write = sink.extend if isinstance(sink, bytearray) else sink.write
        self.at = 0  # bytes written
        self._offsets = array("q", [0])

    def add(self, data: bytes) -> None:
        self._write(data)
        self.at += len(data)

    def put(self, number: int) -> None:
        """Object `number` starts here."""
        offsets = self._offsets
        if number >= len(offsets):
            offsets.extend(array("q", [0]) * max(number + 1 - len(offsets), len(offsets)))
        offsets[number] = self.at

    def object(self, number: int, body: bytes) -> None:
        """Object `number`, whose `body` is a PDF value."""
        self.put(number)
        self.add(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def stream(self, number: int, entries: bytes, data: bytes) -> None:
        """Object `number`, a stream of `data` (given already encoded) with the dictionary
        `entries` besides its length."""
        self.put(number)
        self.add(b"%d 0 obj\n<<%s/Length %d>>\nstream\n" % (number, entries, len(data)))
        self.add(data)
        self.add(_END_STREAM)

    def place(self, first: int, places: array[int]) -> None:
        """Objects `first`, `first` + 1, … start at `places`."""
        self.put(first + len(places) - 1)
        self._offsets[first:first + len(places)] = places

    def xref(self, count: int) -> Iterator[bytes]:
        """The cross-reference table's lines of objects 1 to `count` - 1, a few thousand
        at a time (a list of all would cost a hundred bytes an object)."""
        offsets = self._offsets
        if len(offsets) < count:
            offsets.extend(array("q", [0]) * (count - len(offsets)))
        for first in range(1, count, 4096):
            yield b"".join([b"%010d 00000 n \n" % o for o in offsets[first:min(count, first + 4096)]])


def _write_outline(out: _Output, root: int, first: int, marks: Sequence[Bookmark], page_ref: Sequence[bytes]) -> None:
    """The bookmarks, all open, as a tree by their levels (each at most one deeper
    than the one before)."""
    n = len(marks)
    parent = array("q", [-1]) * n
    prev = array("q", [-1]) * n
    following = array("q", [-1]) * n
    first_kid = array("q", [-1]) * n
    last_kid = array("q", [-1]) * n
    count = array("q", [0]) * n
    stack: list[int] = []  # the open item of each level
    top_first = top_last = -1
    for i, mark in enumerate(marks):
        if not 0 <= mark.level <= len(stack):
            raise ValueError(f"can't jump from outline level {len(stack) - 1} to level {mark.level} ({mark.title!r})")
        del stack[mark.level:]
        p = stack[-1] if stack else -1
        parent[i] = p
        before = last_kid[p] if p >= 0 else top_last
        if before >= 0:
            following[before] = i
            prev[i] = before
        if p >= 0:
            if first_kid[p] < 0:
                first_kid[p] = i
            last_kid[p] = i
        else:
            if top_first < 0:
                top_first = i
            top_last = i
        stack.append(i)
    total = 0
    for i in range(n - 1, -1, -1):
        p = parent[i]
        if p >= 0:
            count[p] += 1 + count[i]
        else:
            total += 1 + count[i]
    out.object(root, b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>" % (first + top_first, first + top_last, total))
    for i, mark in enumerate(marks):
        entries = [b"<</Title ", text_string(mark.title), b"/Parent %d 0 R" % (root if parent[i] < 0 else first + parent[i])]
        if prev[i] >= 0:
            entries.append(b"/Prev %d 0 R" % (first + prev[i]))
        if following[i] >= 0:
            entries.append(b"/Next %d 0 R" % (first + following[i]))
        if first_kid[i] >= 0:
            entries.append(b"/First %d 0 R/Last %d 0 R/Count %d" % (first + first_kid[i], first + last_kid[i], count[i]))
        entries.append(b"/Dest[%s/XYZ null %s null]>>" % (page_ref[mark.page], fp_str(mark.top).encode("ascii")))
        out.object(first + i, b"".join(entries))


def _write_structure(out: _Output, tree: StructTree, root: int, parent_tree: int, base: int,
                     first_annotation: int, page_ref: Sequence[bytes]) -> None:
    """The structure tree root, its elements (element i is object `base + i`) and the
    ParentTree."""
    pages = {slot.serial: page_ref[slot.index] for slot in tree.slots}
    out.object(root, b"<</Type/StructTreeRoot/K %d 0 R/ParentTree %d 0 R/ParentTreeNextKey %d>>" % (
        base, parent_tree, tree.annotation_key(len(tree.annotation_pages))))

    starts, kids = tree.kids()
    heads, parents, entries = tree.heads, tree.parents, tree.entries
    root_ref = b"%d 0 R" % root
    no_entries = b""
    annotation_pages = tree.annotation_pages
    # Written a few thousand elements at a time, each one's place counted on the way.
    at = out.at
    places = array("q", bytes(8 * len(heads)))
    chunk: list[bytes] = []

    for i, head in enumerate(heads):
        first, end = starts[i], starts[i + 1]
        parent = parents[i]
        up = root_ref if parent < 0 else b"%d 0 R" % (base + parent)
        kid = kids[first] if end == first + 1 else -1
        if kid >= 0 and kid & 3 == MCID:  # a paragraph or a cell drawn in one piece
            value = kid >> 2
            data = b"%d 0 obj\n%s%s/Pg %s/K %d%s>>\nendobj\n" % (
                base + i, head, up, pages[value >> MCID_BITS], value & _MCID_MASK, entries.get(i, no_entries))
        elif kid >= 0 and kid & 3 == ELEMENT:  # a contents entry holding its link, a list item its body
            data = b"%d 0 obj\n%s%s/K %d 0 R%s>>\nendobj\n" % (
                base + i, head, up, base + (kid >> 2), entries.get(i, no_entries))
        else:
            pg, k = _kids_entries(kids, first, end, pages, base, first_annotation, annotation_pages)
            data = b"%d 0 obj\n%s%s%s%s%s>>\nendobj\n" % (base + i, head, up, pg, k, entries.get(i, no_entries))
        places[i] = at
        at += len(data)
        chunk.append(data)
        if len(chunk) == 4096:
            out.add(b"".join(chunk))
            chunk.clear()
    out.add(b"".join(chunk))
    out.place(base, places)
    del places

    # The ParentTree: one flat /Nums array, from a page's /StructParents to the
    # owners of its MCIDs, and from an annotation's /StructParent to its Link.
    out.put(parent_tree)
    out.add(b"%d 0 obj\n<</Nums[" % parent_tree)
    slots = tree.slots
    for first in range(0, len(slots), 1024):  # a thousand pages at a time
        out.add(b"".join([b"%d [%s]\n" % (key, b" ".join([b"%d 0 R" % (base + owner) for owner in slots[key].owners]))
                          for key in range(first, min(first + 1024, len(slots)))]))
    links = tree.annotation_links
    for first in range(0, len(links), 4096):
        out.add(b"".join([b"%d %d 0 R\n" % (tree.annotation_key(index), base + links[index])
                          for index in range(first, min(first + 4096, len(links)))]))
    out.add(b"]>>\nendobj\n")


def _kids_entries(kids: array[int], first: int, end: int, pages: dict[int, bytes], base: int, first_annotation: int,
                  annotation_pages: array[int]) -> tuple[bytes, bytes]:
    """An element's `/Pg` (its first marked content's page) and `/K` entries, from its
    kids `kids[first:end]` (see `_write_structure`)."""
    if end == first:
        return b"", b""
    page = None
    refs: list[bytes] = []
    for kid in kids[first:end]:
        kind = kid & 3
        if kind == MCID:
            value = kid >> 2
            serial = value >> MCID_BITS
            if page is None:
                page = serial
            if serial == page:
                refs.append(b"%d" % (value & _MCID_MASK))
            else:
                refs.append(b"<</Type/MCR/Pg %s/MCID %d>>" % (pages[serial], value & _MCID_MASK))
        elif kind == ELEMENT:
            refs.append(b"%d 0 R" % (base + (kid >> 2)))
        else:
            index = kid >> 2
            refs.append(b"<</Type/OBJR/Obj %d 0 R/Pg %s>>" % (first_annotation + index, pages[annotation_pages[index]]))
    return b"" if page is None else b"/Pg " + pages[page], b"/K[" + b" ".join(refs) + b"]"


def _one_area_per_link(links: tuple[Link, ...]) -> list[Link]:
    """The link areas of a page, one per link (the box around its lines, where its
    words wrap): one annotation each, fewer objects."""
    merged: dict[int, Link] = {}
    for link in links:
        known = merged.get(id(link.element))
        if known is None:
            merged[id(link.element)] = link
        else:
            (a1, b1, a2, b2), (c1, d1, c2, d2) = known.rect, link.rect
            merged[id(link.element)] = Link((min(a1, c1), min(b1, d1), max(a2, c2), max(b2, d2)), link.target,
                                            link.contents, link.element)
    return list(merged.values())
