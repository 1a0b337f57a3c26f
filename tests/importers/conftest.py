from __future__ import annotations

from datetime import timezone

import pytest

from flux_tui.importers.names import NameIndex, load_catalog


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def index(catalog):
    return NameIndex(catalog)


UTC = timezone.utc
