"""The logical structure of a tagged PDF (PDF/UA-1): structure elements, the marked
content that ties a page's drawing to them, the ParentTree, and link annotations
that take part in the structure.

reportlab has no tagging of its own. The page streams get their marked content
(`/P <</MCID 3>> BDC … EMC`, `/Artifact BMC … EMC`) as plain operators, and the
structure is written as reportlab PDF objects (`PDFObject` subclasses that format
themselves, the library's public object API), so the tree costs one pass over its
elements when the file is written and no second parse of the file.

Every page has a `PageSlot`: the elements that own its marked-content identifiers
(MCIDs, in order: the page's row of the ParentTree) and, once the page is made, its
reportlab page name. An element's kids are elements, marked content on a page
(slot, MCID) or annotations; a paragraph that runs over a page break is one element
with marked content on two pages.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from reportlab.pdfbase.pdfdoc import PDFObject

__all__ = ["Element", "LinkAnnotation", "PageSlot", "StructTree", "text_string"]


def text_string(text: str) -> bytes:
    """`text` as a PDF literal text string: PDFDocEncoding where it can be (as reportlab
    writes it), else UTF-16BE with a byte order mark; backslash, parentheses and line
    ends escaped."""
    try:
        data = text.encode("extpdfdoc")  # reportlab's PDFDocEncoding codec
    except UnicodeEncodeError:
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    for raw, escaped in _STRING_ESCAPES:
        if raw in data:
            data = data.replace(raw, escaped)
    return b"(" + data + b")"


_STRING_ESCAPES = ((b"\\", b"\\\\"), (b"(", b"\\("), (b")", b"\\)"), (b"\r", b"\\r"), (b"\n", b"\\n"))


class PageSlot:
    """One page of the document as the structure sees it: the owner of each of its MCIDs
    and, once made, reportlab's name of the page (its object)."""

    __slots__ = ("owners", "name", "annotations", "ref")

    def __init__(self) -> None:
        self.owners: list[Element] = []
        self.name: str | None = None
        self.annotations: list[LinkAnnotation] = []
        self.ref = b""  # "12 0 R", once the document is written

    def mark(self, element: Element) -> int:
        """A new MCID on this page for content of `element`."""
        mcid = len(self.owners)
        self.owners.append(element)
        element.kids.append((self, mcid))
        return mcid


class Element(PDFObject):
    """A structure element: its standard role (`P`, `H1`, `Table`, `TD`, …), its parent
    and its kids in reading order, and the optional title (`/T`), alternative text
    (`/Alt`), replacement text (`/ActualText`), language and attributes (`/A`, given as
    PDF bytes such as `<< /O /Table /Scope /Column >>`).

    A long report has hundreds of thousands of elements, each an object of the file:
    they are kept lean (the optional entries formatted once, when made) and written
    compactly."""

    __RefOnly__ = 1
    root = b""  # the tree root's reference, for the element at the top

    def __init__(self, role: str, parent: Element | None = None, *, title: str | None = None,
                 alt: str | None = None, actual_text: str | None = None, lang: str | None = None,
                 attributes: bytes | None = None) -> None:
        self.role = role
        self.head = b"<</S/" + role.encode("ascii") + b"/P "
        self.parent = parent
        self.kids: list[Element | tuple[PageSlot, int] | LinkAnnotation] = []
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
        self.entries = b"".join(entries)
        self.ref = b""
        if parent is None:
            self.registry: list[Element] = [self]
        else:
            parent.kids.append(self)
            self.registry = registry = parent.registry
            registry.append(self)

    def add(self, role: str, **options) -> Element:
        """A new last kid of this element."""
        return Element(role, self, **options)

    def format(self, document) -> bytes:
        page = None
        kids = []
        for kid in self.kids:
            kind = type(kid)
            if kind is tuple:
                slot, mcid = kid
                if page is None:
                    page = slot
                if slot is page:
                    kids.append(b"%d" % mcid)
                else:
                    kids.append(b"<</Type/MCR/Pg %s/MCID %d>>" % (slot.ref, mcid))
            elif kind is Element:
                kids.append(kid.ref)
            else:
                kids.append(b"<</Type/OBJR/Obj %s/Pg %s>>" % (kid.ref, kid.slot.ref))
        parent = self.parent
        return b"".join((self.head, self.root if parent is None else parent.ref,
                         b"" if page is None else b"/Pg " + page.ref,
                         b"/K[" + b" ".join(kids) + b"]" if kids else b"", self.entries, b">>"))


class LinkAnnotation(PDFObject):
    """A link on a page to a place on another (`/Dest` by page and height: `target`
    has `slot` and `top` once the place is laid out), with the words a screen reader
    says for it (`/Contents`), taking part in the structure through the `Link`
    element that holds it (`/StructParent`)."""

    __RefOnly__ = 1

    def __init__(self, slot: PageSlot, rect: tuple[float, float, float, float], target, contents: str,
                 link: Element) -> None:
        self.slot = slot
        self.rect = rect
        self.target = target
        self.contents = contents
        self.link = link
        self.key = -1  # its key in the ParentTree
        self.ref = b""
        link.kids.append(self)
        slot.annotations.append(self)

    def format(self, document) -> bytes:
        target = self.target
        x1, y1, x2, y2 = self.rect
        return b"<</Type/Annot/Subtype/Link/F 4/Border[0 0 0]/Rect[%.2f %.2f %.2f %.2f]/Dest[%d %d R/XYZ null %.2f" \
               b" null]/Contents%s/StructParent %d>>" % (
                   x1, y1, x2, y2, *document.idToObjectNumberAndVersion[target.slot.name], target.top,
                   text_string(self.contents), self.key)


class _ParentTree(PDFObject):
    """The number tree from a page's `/StructParents` to the elements owning its MCIDs,
    and from an annotation's `/StructParent` to its element: one flat `/Nums` array."""

    __RefOnly__ = 1

    def __init__(self, tree: StructTree) -> None:
        self.tree = tree

    def format(self, document) -> bytes:
        parts = [b"<</Nums["]
        for key, slot in enumerate(self.tree.slots):
            parts.append(b"%d [%s]\n" % (key, b" ".join(owner.ref for owner in slot.owners)))
        for annotation in self.tree.annotations():
            parts.append(b"%d %s\n" % (annotation.key, annotation.link.ref))
        parts.append(b"]>>")
        return b"".join(parts)


class StructTree(PDFObject):
    """The document's structure tree root: one `Document` element holding the rest,
    and the pages (slots) in page order. Put it in the catalog as `/StructTreeRoot`;
    give each page `/StructParents` = its index in `slots`."""

    __RefOnly__ = 1

    def __init__(self, lang: str | None = None) -> None:
        self.document = Element("Document", lang=lang)
        self.slots: list[PageSlot] = []

    def annotations(self) -> Iterator[LinkAnnotation]:
        for slot in self.slots:
            yield from slot.annotations

    def prepare(self) -> None:
        """Give each annotation its ParentTree key, after the pages' keys."""
        key = len(self.slots)
        for annotation in self.annotations():
            annotation.key = key
            key += 1

    def format(self, document) -> bytes:
        # Every element and annotation is given its object number now, before any of
        # them is written: each writes its kids' and parent's references.
        reference = document.Reference
        number = document.idToObjectNumberAndVersion
        self.document.root = b"%d %d R" % number[reference(self).name]
        for slot in self.slots:
            slot.ref = b"%d %d R" % number[slot.name]
        for element in self.document.registry:
            element.ref = b"%d %d R" % number[reference(element).name]
        for annotation in self.annotations():
            annotation.ref = b"%d %d R" % number[reference(annotation).name]
        parent_tree = reference(_ParentTree(self))
        next_key = len(self.slots) + sum(1 for _ in self.annotations())
        return b"<</Type/StructTreeRoot/K %s/ParentTree %s/ParentTreeNextKey %d>>" % (
            self.document.ref, parent_tree.format(document), next_key)
