"""One archive time for every web test: `exporter archive` records when it was made
(the clock, or SOURCE_DATE_EPOCH), so the page's archive and the command line's are the
same bytes only when both are made with the same SOURCE_DATE_EPOCH. Set for the whole
package, before the module-scoped servers start: the server, its build processes and
the command line started by the tests inherit it."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="package", autouse=True)
def one_archive_time():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1656460800")  # 2022-06-29, after every sample's period
        yield
