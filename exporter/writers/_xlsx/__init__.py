"""The parts of the xlsx writer, one module per sheet, all on XlsxWriter's public API.

`common` holds the workbook's context, the print set-up and the names Excel allows;
`styles` the cell formats; `text` prepares input text for a cell (never a formula);
`cells.put_text` writes it as text; `matrix`, `summary`, `records` and
`responsibility` write the sheets.
"""
