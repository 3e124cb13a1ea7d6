"""The parts of the xlsx writer.

openpyxl builds the workbook's frame (styles, sheet set-up, the table, the chart,
print set-up, properties); the rows of the three sheets that grow with the record
set, and the notes of the status matrix, are written as SpreadsheetML text here and
spliced into the frame, because openpyxl spends most of its time on those cells.
"""
