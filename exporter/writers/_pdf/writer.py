"""Writing the file: reportlab's objects as reportlab formats them, then the
structure tree's elements and ParentTree straight from their arrays, then the
cross-reference table and the trailer.

This is reportlab's `PDFDocument.GetPDFData` and `format` done in the same order
with the document's public tables (`numberToId`, `idToObject`,
`idToObjectNumberAndVersion`) and its public object classes (`PDFIndirectObject`,
`PDFTrailer`), with one difference: the structure tree root (a reportlab object the
catalog refers to) is written last, and the elements it holds are numbered after
every reportlab object, which are all known once reportlab's objects are formatted.
The elements never pass through reportlab's object table, which would cost about a
kilobyte and ten microseconds each.
"""

from __future__ import annotations

from array import array

from reportlab.pdfbase.pdfdoc import PDFIndirectObject, PDFTrailer
from reportlab.pdfgen.canvas import Canvas

from .tagging import ELEMENT, MCID, MCID_BITS, StructTree

__all__ = ["HEADER", "pdf_data"]

# PDF 1.7 (ISO 32000-1, the base of PDF/UA-1 and PDF/A-2), with the binary comment
# that tells transfer programs the file is binary.
HEADER = b"%PDF-1.7\n%\x93\x8c\x8b\x9e exporter\n"

_MCID_MASK = (1 << MCID_BITS) - 1


def pdf_data(canv: Canvas, doc, tree: StructTree) -> bytearray:
    """The whole file of the document `doc` of `canv`, whose catalog holds `tree` as
    its `/StructTreeRoot`: a bytearray, grown in place (a copy into `bytes` would hold
    a 400 MB report twice)."""
    # What GetPDFData does before formatting: embed the fonts, sign, prepare the outline.
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    catalog = doc.Reference(doc.Catalog)
    info = doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canv)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None
    doc.encrypt.prepare(doc)
    root_name = doc.Reference(tree).name

    # The file grows in place: pieces joined at the end would hold it twice.
    out = bytearray(HEADER)
    offsets = array("q")  # of reportlab's objects, by number (0: the root, written later)
    ids = doc.numberToId
    objects = doc.idToObject
    number = 0
    root_number = 0
    # reportlab's objects, in number order; formatting one may register more.
    while True:
        number += 1
        name = ids.get(number)
        if name is None:
            break
        if name == root_name:
            root_number = number
            offsets.append(0)
            continue
        data = PDFIndirectObject(name, objects[name]).format(doc)
        offsets.append(len(out))
        out += data
    count = number - 1

    numbers = doc.idToObjectNumberAndVersion
    pages = {slot.serial: b"%d 0 R" % numbers[slot.name][0] for slot in tree.slots}
    annotations = [b"%d 0 R" % numbers[a.name][0] for a in tree.annotations]
    base = count + 1  # element i is object base + i
    parent_tree = base + len(tree)

    data = b"%d 0 obj\n<</Type/StructTreeRoot/K %d 0 R/ParentTree %d 0 R/ParentTreeNextKey %d>>\nendobj\n" % (
        root_number, base, parent_tree, len(tree.slots) + len(tree.annotations))
    offsets[root_number - 1] = len(out)
    out += data

    starts, kids = tree.kids()
    heads, parents, entries = tree.heads, tree.parents, tree.entries
    root_ref = b"%d 0 R" % root_number
    element_offsets = array("q", bytes(8 * len(tree)))
    no_entries = b""
    for i, head in enumerate(heads):
        first, end = starts[i], starts[i + 1]
        page = None
        if end > first:
            refs = []
            add = refs.append
            for kid in kids[first:end]:
                kind = kid & 3
                if kind == MCID:
                    value = kid >> 2
                    serial = value >> MCID_BITS
                    if page is None:
                        page = serial
                    if serial == page:
                        add(b"%d" % (value & _MCID_MASK))
                    else:
                        add(b"<</Type/MCR/Pg %s/MCID %d>>" % (pages[serial], value & _MCID_MASK))
                elif kind == ELEMENT:
                    add(b"%d 0 R" % (base + (kid >> 2)))
                else:
                    annotation = tree.annotations[kid >> 2]
                    add(b"<</Type/OBJR/Obj %s/Pg %s>>" % (annotations[kid >> 2], pages[annotation.slot.serial]))
            k = b"/K[" + b" ".join(refs) + b"]"
        else:
            k = no_entries
        parent = parents[i]
        data = b"%d 0 obj\n%s%s%s%s%s>>\nendobj\n" % (
            base + i, head, root_ref if parent < 0 else b"%d 0 R" % (base + parent),
            no_entries if page is None else b"/Pg " + pages[page], k, entries.get(i, no_entries))
        element_offsets[i] = len(out)
        out += data
    del starts, kids

    # The ParentTree: one flat /Nums array, from a page's /StructParents to the
    # owners of its MCIDs, and from an annotation's /StructParent to its Link.
    parts = [b"%d 0 obj\n<</Nums[" % parent_tree]
    for key, slot in enumerate(tree.slots):
        parts.append(b"%d [%s]\n" % (key, b" ".join([b"%d 0 R" % (base + owner) for owner in slot.owners])))
    for annotation in tree.annotations:
        parts.append(b"%d %d 0 R\n" % (annotation.key, base + annotation.link))
    parts.append(b"]>>\nendobj\n")
    data = b"".join(parts)
    parent_tree_offset = len(out)
    out += data
    del data, parts

    # The cross-reference table, in number order, a few thousand entries at a time
    # (a list of all its lines would cost a hundred bytes an object).
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (parent_tree + 1)
    for column in (offsets, element_offsets, array("q", [parent_tree_offset])):
        for at in range(0, len(column), 4096):
            out += b"".join([b"%010d 00000 n \n" % o for o in column[at:at + 4096]])
    out += PDFTrailer(startxref=start, Size=parent_tree + 1, Root=catalog, Info=info, ID=doc.ID()).format(doc)
    return out
