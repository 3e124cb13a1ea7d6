"""The benchmark's measure of tagging's own cost in the PDF writer."""

from __future__ import annotations

from bench.measure import in_source_process

from ..support import INPUT


def test_tagging_is_a_part_of_the_writing_and_the_writer_is_left_as_it_was():
    result = in_source_process({"task": "tagging", "input": str(INPUT)}, timeout=300)
    assert result["ok"], result
    assert result["source"]  # the writer ran from its source, whose functions the timing wraps
    assert 0 < result["tagging"] < result["writing"]
    assert result["restored"]
