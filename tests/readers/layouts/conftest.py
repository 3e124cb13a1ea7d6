from __future__ import annotations

import pytest

from exporter.readers.layouts import Context
from exporter.readers.vocabulary import StatusVocabulary


@pytest.fixture(scope="module")
def context(theme):
    return Context(theme, StatusVocabulary(theme))
