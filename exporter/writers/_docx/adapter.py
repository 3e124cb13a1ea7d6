"""python-docx's internals that the Word writer relies on, in this one module.

The Word writer opens the reference document, edits its styles, settings, numbering,
header and footer through python-docx (`docx.Document`, its parts' `element`, the
oxml layer: `parse_xml`, `CT_Numbering.add_num`), and then writes the package itself,
streaming the body into word/document.xml. python-docx has no public way to write a
package part by part, so that is done here, and nowhere else
(`tests/writers/test_docx_adapter.py` searches the package for these names; ruff's
SLF001 flags private access elsewhere).

What this module relies on, checked by `contract_problems` (and so by the contract
test on the pinned python-docx major version, see pyproject.toml):

- `Part.before_marshal()`: the hook python-docx's own `save` calls on every part
  before it serialises them;
- `docx.opc.spec.default_content_types`: the (extension, content type) pairs that
  [Content_Types].xml declares as a Default (every other part is an Override), as
  python-docx's own package writer decides;
- the serialised main document part (`Part.blob`) holds its body as `<w:body>`,
  with the `w:` prefix and no attributes, which `split_body` cuts at.
"""

from __future__ import annotations

import docx
from docx.opc.part import Part
from docx.opc.spec import default_content_types

__all__ = ["contract_problems", "declaration", "marshalled_parts", "split_body"]

BODY = b"<w:body>"


def marshalled_parts(word_doc) -> list[Part]:
    """The parts of `word_doc`'s package in python-docx's order, each made ready to be
    serialised (`before_marshal`), as its own `save` does before writing them."""
    parts = list(word_doc.part.package.iter_parts())
    for part in parts:
        part.before_marshal()
    return parts


def declaration(part: Part) -> tuple[str, str]:
    """How [Content_Types].xml declares `part`, by python-docx's rule: a Default by
    extension for the types that have one, else an Override by part name."""
    extension = part.partname.ext.lower()
    if (extension, part.content_type) in default_content_types:
        return "Default", extension
    return "Override", str(part.partname)


def split_body(document_xml: bytes) -> tuple[bytes, bytes]:
    """word/document.xml cut where content goes: after <w:body>, before its w:sectPr."""
    at = document_xml.find(BODY)
    if at < 0:
        raise ValueError("word/document.xml has no <w:body> to fill")
    at += len(BODY)
    return document_xml[:at], document_xml[at:]


def contract_problems() -> list[str]:
    """What of the above the installed python-docx no longer does, tried on its default
    document: one line per broken assumption, empty when all hold."""
    problems: list[str] = []
    word_doc = docx.Document()
    if not callable(getattr(Part, "before_marshal", None)):
        problems.append("Part.before_marshal() is gone")
        return problems
    try:
        parts = marshalled_parts(word_doc)
    except (AttributeError, TypeError) as exc:
        return [f"the package's parts can no longer be listed and marshalled: {exc!r}"]
    if not isinstance(default_content_types, (tuple, list, set, frozenset)) or not all(
            isinstance(pair, tuple) and len(pair) == 2 for pair in default_content_types):
        problems.append("docx.opc.spec.default_content_types is no longer (extension, content type) pairs")
    else:
        kinds = {declaration(part)[0] for part in parts}
        if kinds != {"Default", "Override"}:
            problems.append(f"the default document's parts are declared as {sorted(kinds)}, not both kinds")
    main = word_doc.part
    if main.blob.count(BODY) != 1:
        problems.append("word/document.xml as python-docx serialises it no longer holds one '<w:body>'")
    else:
        _, tail = split_body(main.blob)
        if not tail.lstrip().startswith((b"<w:sectPr", b"</w:body>")):
            problems.append("the body of python-docx's default document is not empty but for its w:sectPr")
    return problems
