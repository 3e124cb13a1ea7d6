"""Cell notes ("comments" in SpreadsheetML): the comments part and the VML drawing
that Excel needs to show them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .xml import escape, letter

__all__ = ["Note", "comments_xml", "vml_xml"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True)
class Note:
    """A note on the cell at 1-based `row` and `column`."""

    row: int
    column: int
    text: str

    @property
    def ref(self) -> str:
        return f"{letter(self.column)}{self.row}"

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the note's box in pixels, from the length of its text."""
        width, per_line = (320, 48) if len(self.text) < 600 else (480, 72)
        lines = sum(max(1, -(-len(p) // per_line)) for p in self.text.split("\n"))
        return width, min(640, max(40, 16 * lines + 8))


def comments_xml(notes: list[Note], author: str) -> Iterator[str]:
    """The comments part of a sheet, in pieces."""
    yield f'<comments xmlns="{_MAIN}"><authors><author>{escape(author)}</author></authors><commentList>'
    for note in notes:
        yield (
            f'<comment ref="{note.ref}" authorId="0" shapeId="0"><text>'
            f'<t xml:space="preserve">{escape(note.text)}</t></text></comment>'
        )
    yield "</commentList></comments>"


def vml_xml(notes: list[Note]) -> Iterator[str]:
    """The legacy VML drawing with one hidden shape per note, in pieces.

    Shape ids come in blocks of 1024 that the `idmap` must list, so a sheet with many
    notes names every block it uses."""
    blocks = ",".join(str(b) for b in range(1, (1024 + len(notes)) // 1024 + 1))
    yield (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
    )
    for index, note in enumerate(notes):
        width, height = note.size
        yield (
            f'<v:shape id="_x0000_s{1025 + index}" type="#_x0000_t202" '
            f'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:{width}px;height:{height}px;'
            'z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            '<v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill>'
            f"<x:Row>{note.row - 1}</x:Row><x:Column>{note.column - 1}</x:Column></x:ClientData></v:shape>"
        )
    yield "</xml>"
