"""The logical structure of a tagged PDF (PDF/UA-1): structure elements, the marked
content that ties a page's drawing to them, the ParentTree, and link annotations
that take part in the structure.

reportlab has no tagging of its own. The page streams get their marked content
(`/P <</MCID 3>> BDC … EMC`, `/Artifact BMC … EMC`) as plain operators. A long
report has some fifteen structure elements per record, so `StructTree` keeps the
tree in flat arrays (each element's role, parent and optional entries; its kids in
one log of (owner, kid) pairs in reading order), and the file writer
(`writer.PdfFile`) writes the elements as objects in one tight loop.

Every page has a `PageSlot`: the elements that own its marked-content identifiers
(MCIDs, in order: the page's row of the ParentTree) and, once the file is written,
its index among the pages. An element's kids are elements, marked content on a page
(slot, MCID) or annotations; a paragraph that runs over a page break is one element
with marked content on two pages.
"""

from __future__ import annotations

import codecs
import itertools
from array import array

__all__ = ["Element", "PageSlot", "StructTree", "link_annotation", "text_string"]


def text_string(text: str) -> bytes:
    """`text` as a PDF literal text string: PDFDocEncoding where it can be (as reportlab
    writes it), else UTF-16BE with a byte order mark; backslash, parentheses and line
    ends escaped."""
    try:
        data = text.encode("latin-1")
        if data.translate(None, _LATIN1_AS_PDFDOC):  # not all the same in both: the codec decides
            data = text.encode("extpdfdoc")  # reportlab's PDFDocEncoding codec
    except UnicodeEncodeError:
        try:
            data = text.encode("extpdfdoc")
        except UnicodeEncodeError:
            data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    for raw, escaped in _STRING_ESCAPES:
        if raw in data:
            data = data.replace(raw, escaped)
    return b"(" + data + b")"


# The Latin-1 bytes that stand for the same character in PDFDocEncoding (all but
# 0x18–0x1F and 0x80–0xA0): a text of only these is encoded by the quick Latin-1
# codec, the rest by reportlab's PDFDocEncoding codec (written in Python).
_LATIN1_AS_PDFDOC = bytes([*range(0x18), *range(0x20, 0x80), *range(0xA1, 0x100)])

_STRING_ESCAPES = ((b"\\", b"\\\\"), (b"(", b"\\("), (b")", b"\\)"), (b"\r", b"\\r"), (b"\n", b"\\n"))

# A kid in the tree's log is one integer: its kind in the low two bits.
ELEMENT, MCID, ANNOTATION = 0, 1, 2
MCID_BITS = 24  # an MCID's bits beside its page's serial number

_SERIALS = itertools.count()


class PageSlot:
    """One page of the document as the structure sees it: the owner (element index)
    of each of its MCIDs and, once the file is written, its index among the pages."""

    __slots__ = ("index", "owners", "serial")

    def __init__(self) -> None:
        self.owners = array("i")
        self.index = -1
        self.serial = next(_SERIALS)  # tells pages apart in the kid log; not written

    def mark(self, element: Element) -> int:
        """A new MCID on this page for content of `element`."""
        mcid = len(self.owners)
        self.owners.append(element.index)
        tree = element.tree
        if not element.attached:
            tree.attach(element)
        tree.kid_owner.append(element.index)
        tree.kid_value.append((((self.serial << MCID_BITS) | mcid) << 2) | MCID)
        return mcid


class Element:
    """A handle on a structure element of a `StructTree`: its standard role (`P`, `H1`,
    `Table`, `TD`, …) and its place in the tree's arrays. The element itself is kept
    by the tree; a handle is let go once its content is drawn.

    `inline`: the element becomes a kid of its parent when its first content is
    marked, not when it is made, so that a link or a span inside a paragraph is read
    where its words stand between the paragraph's own."""

    __slots__ = ("attached", "index", "parent", "role", "tree")

    def __init__(self, tree: StructTree, role: str, parent: Element | None = None, *, title: str | None = None,
                 alt: str | None = None, actual_text: str | None = None, lang: str | None = None,
                 attributes: bytes | None = None, inline: bool = False) -> None:
        self.tree = tree
        self.role = role
        self.parent = parent
        # An element is made for every paragraph, cell and link of a long report: the
        # tree's arrays are filled here, without further calls in the common case.
        index = self.index = len(tree.parents)
        head = tree.role_heads.get(role)
        if head is None:
            head = tree.role_heads[role] = b"<</S/" + role.encode("ascii") + b"/P "
        tree.heads.append(head)
        if title is not None or alt is not None or actual_text is not None or lang is not None \
                or attributes is not None:
            tree.entries[index] = _entries(title, alt, actual_text, lang, attributes)
        if parent is None:
            tree.parents.append(-1)
            self.attached = True
            return
        tree.parents.append(parent.index)
        self.attached = False
        if inline:
            return
        if parent.attached:
            tree.kid_owner.append(parent.index)
            tree.kid_value.append(index << 2)  # ELEMENT
            self.attached = True
        else:
            tree.attach(self)

    def add(self, role: str, *, title: str | None = None, alt: str | None = None, actual_text: str | None = None,
            lang: str | None = None, attributes: bytes | None = None, inline: bool = False) -> Element:
        """A new last kid of this element (the options are `Element`'s)."""
        return Element(self.tree, role, self, title=title, alt=alt, actual_text=actual_text, lang=lang,
                       attributes=attributes, inline=inline)


def _entries(title: str | None, alt: str | None, actual_text: str | None, lang: str | None,
             attributes: bytes | None) -> bytes:
    """An element's optional entries, formatted once: title (`/T`), alternative text
    (`/Alt`), replacement text (`/ActualText`), language and attributes (`/A`, given as
    PDF bytes such as `<< /O /Table /Scope /Column >>`)."""
    entries = []
    if title is not None:
        entries += [b"/T", text_string(title)]
    if alt is not None:
        entries += [b"/Alt", text_string(alt)]
    if actual_text is not None:
        entries += [b"/ActualText", text_string(actual_text)]
    if lang is not None:
        entries += [b"/Lang", text_string(lang)]
    if attributes is not None:
        entries += [b"/A", attributes]
    return b"".join(entries)


def link_annotation(tree: StructTree, slot: PageSlot, link: Element) -> int:
    """A link annotation on the page of `slot` joins the structure as a kid (`OBJR`) of
    its `Link` element `link`; its index among the tree's annotations, whose key in
    the ParentTree (`/StructParent`) is `tree.annotation_key(index)` once every page
    is in `tree.slots`."""
    if not link.attached:
        tree.attach(link)
    index = len(tree.annotation_pages)
    tree.kid_owner.append(link.index)
    tree.kid_value.append((index << 2) | ANNOTATION)
    tree.annotation_pages.append(slot.serial)
    tree.annotation_links.append(link.index)
    return index


class StructTree:
    """The document's structure tree: one `Document` element holding the rest, kept in
    flat arrays, and the pages (slots) in page order: each page's `/StructParents` is
    its index in `slots`. The file writer (`writer.PdfFile`) writes it."""

    def __init__(self, lang: str | None = None) -> None:
        self.heads: list[bytes] = []  # b"<</S/P/P ": shared per role
        self.parents = array("i")  # -1 for the root
        self.entries: dict[int, bytes] = {}  # the optional entries of the few elements that have any
        self.kid_owner = array("i")  # the kid log: owner element, in reading order
        self.kid_value = array("q")  # the kid (ELEMENT, MCID or ANNOTATION in the low bits)
        self.slots: list[PageSlot] = []
        self.annotation_pages = array("q")  # each link annotation's page (its slot's serial)
        self.annotation_links = array("i")  # and its Link element
        self.role_heads: dict[str, bytes] = {}
        self.document = Element(self, "Document", lang=lang)

    def __len__(self) -> int:
        return len(self.parents)

    def attach(self, element: Element) -> None:
        """Make `element` the next kid of its parent (and its parent of its own, first)."""
        parent = element.parent
        assert parent is not None
        if not parent.attached:
            self.attach(parent)
        self.kid_owner.append(parent.index)
        self.kid_value.append(element.index << 2 | ELEMENT)
        element.attached = True

    def annotation_key(self, index: int) -> int:
        """The ParentTree key of annotation `index`: after the pages' keys."""
        return len(self.slots) + index

    def kids(self) -> tuple[array[int], array[int]]:
        """Every element's kids in reading order: (starts, kids), element i's kids being
        kids[starts[i]:starts[i + 1]] (a counting sort of the kid log by owner)."""
        count = len(self.parents)
        starts = array("q", bytes(8 * (count + 1)))
        for owner in self.kid_owner:
            starts[owner + 1] += 1
        total = 0
        for i in range(count + 1):
            total += starts[i]
            starts[i] = total
        place = array("q", starts)
        kids = array("q", bytes(8 * len(self.kid_value)))
        for owner, value in zip(self.kid_owner, self.kid_value):
            at = place[owner]
            kids[at] = value
            place[owner] = at + 1
        return starts, kids
