"""The parts of the xlsx writer, one module per sheet.

Every sheet is written with openpyxl's public API in its write-only mode: rows are
appended in order and streamed to disk, so memory stays flat however many records
there are. `cells.Cells` reuses one cell object per column and format, so that each
format is looked up once, not once per cell; `text` prepares input text for a cell
(never a formula); `package` sets what openpyxl's API cannot (the chart's alternative
text, the notes' shape-id blocks) on the parsed parts while `files.normalise_zip`
makes the archive deterministic.
"""
