"""Fixtures for the pure core: the shipped catalog and default Brain, checked once."""

from __future__ import annotations

import pytest
from tests.core.core_helpers import DATA

from flux_tui.brain.validate import load_brain_text, load_catalog_text


@pytest.fixture(scope="session")
def catalog():
    return load_catalog_text((DATA / "catalog.yaml").read_text(), "catalog.yaml")


@pytest.fixture(scope="session")
def brain(catalog):
    return load_brain_text((DATA / "brain.yaml").read_text(), "brain.yaml", catalog)
