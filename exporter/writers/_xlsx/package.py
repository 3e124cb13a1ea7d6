"""What openpyxl's public API cannot say, said to the parts it wrote: the chart's
alternative text and, for a sheet of more than 1,024 notes, every block of shape ids
the notes use. Both are edits of one attribute in a parsed XML tree (openpyxl's own
XML functions), made while `files.normalise_zip` rewrites the archive; and the logo,
placed with its alternative text through openpyxl's drawing classes."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.drawing.fill import Blip
from openpyxl.drawing.geometry import PresetGeometry2D
from openpyxl.drawing.image import Image
from openpyxl.drawing.picture import PictureFrame
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.utils.units import pixels_to_EMU
from openpyxl.xml.functions import fromstring, tostring

from ...theme import Logo

__all__ = ["Parts", "finish_part", "place_logo", "LOGO_HEIGHT_PX", "LOGO_COLUMN"]

LOGO_HEIGHT_PX = 56
LOGO_COLUMN = 8  # 1-based: the summary's last columns, beside its title

_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_OFFICE = "urn:schemas-microsoft-com:office:office"


@dataclass(frozen=True)
class Parts:
    """What to set on openpyxl's parts: the chart's alternative text, and how many notes
    the workbook has (all on one sheet)."""

    chart_alt: str | None = None
    notes: int = 0


def place_logo(ws, logo: Logo, lang: str) -> None:
    """The theme's logo at the top right of the summary, with its alternative text."""
    image = Image(str(logo.path))
    width, height = image.width * LOGO_HEIGHT_PX / image.height, LOGO_HEIGHT_PX
    image.width, image.height = width, height
    picture = PictureFrame()
    picture.nvPicPr.cNvPr.id = 1
    picture.nvPicPr.cNvPr.name = "Logo"
    picture.nvPicPr.cNvPr.descr = logo.alt[lang]
    picture.blipFill.blip = Blip(cstate="print")
    picture.spPr.prstGeom = PresetGeometry2D(prst="rect")
    picture.spPr.ln = None
    anchor = OneCellAnchor(_from=AnchorMarker(col=LOGO_COLUMN - 1, row=0),
                           ext=XDRPositiveSize2D(pixels_to_EMU(width), pixels_to_EMU(height)), pic=picture)
    ws.add_image(image, anchor)


def finish_part(name: str, data: bytes, parts: Parts) -> bytes:
    """`data`, the part `name` as openpyxl wrote it, with what `parts` says set."""
    if name.startswith("xl/drawings/") and name.endswith(".xml") and parts.chart_alt:
        tree = fromstring(data)
        frames = tree.findall(f".//{{{_XDR}}}graphicFrame/{{{_XDR}}}nvGraphicFramePr/{{{_XDR}}}cNvPr")
        for properties in frames:
            properties.set("descr", parts.chart_alt)
        return tostring(tree) if frames else data
    # openpyxl numbers note shapes from 1026 and reserves only the first block of 1,024.
    if name.startswith("xl/drawings/") and name.endswith(".vml") and 1025 + parts.notes >= 2048:
        return _reserve_blocks(data, ",".join(str(b) for b in range(1, (1025 + parts.notes) // 1024 + 1)))
    return data


def _reserve_blocks(vml: bytes, blocks: str) -> bytes:
    """The VML drawing with its idmap listing `blocks`. The drawing is parsed whole, as
    openpyxl built it whole (with lxml where openpyxl uses it: about 0.1 s for 20,000
    notes, the cap)."""
    tree = fromstring(vml)
    for idmap in tree.iter(f"{{{_OFFICE}}}idmap"):
        idmap.set("data", blocks)
    return tostring(tree)
