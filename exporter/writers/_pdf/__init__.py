"""The PDF writer's internals: fonts and glyph coverage, a small line-and-page layout
engine, the laid-out pages encoded as PDF operators, the structure tree, and the file
writer (reportlab's TrueType subsetting for the fonts, exporter's own for the rest).

The engine measures every line before anything is drawn, so the page count is known
when the first page is painted: "Sida X av Y", the table of contents and the bookmarks
come out of one layout pass instead of two reportlab builds. Each page's body is
encoded as PDF operators and compressed as soon as the page is full, so only those
compressed bytes (and the headings' pages) are kept until the file is written.
"""
