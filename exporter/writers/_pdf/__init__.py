"""The PDF writer's internals: fonts and glyph coverage, a small line-and-page layout
engine, and drawing the laid-out pages with a reportlab canvas.

The engine measures every line before anything is drawn, so the page count is known
when the first page is painted: "Sida X av Y", the table of contents and the bookmarks
come out of one layout pass instead of two reportlab builds. Each page's body is
encoded as PDF operators and compressed as soon as the page is full, so only those
compressed bytes (and the headings' pages) are kept until the pages are made.
"""
