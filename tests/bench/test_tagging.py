"""The benchmark's measure of tagging's own cost in the PDF writer."""

from __future__ import annotations

from bench.tagging import tagging_seconds
from exporter.writers._pdf import tagging, writer


def test_tagging_is_a_part_of_the_writing_and_the_writer_is_left_as_it_was(sample_records, theme):
    originals = (tagging.Element.__init__, tagging.Element.add, tagging.PageSlot.mark, writer.link_annotation,
                 writer._write_structure)
    spent, total = tagging_seconds(sample_records, theme)
    assert 0 < spent < total
    assert (tagging.Element.__init__, tagging.Element.add, tagging.PageSlot.mark, writer.link_annotation,
            writer._write_structure) == originals
