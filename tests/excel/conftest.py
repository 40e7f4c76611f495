"""The two datasets of tests/excel (the sample's and the second unit's writer data), read once per module."""
from __future__ import annotations

import pytest

from tests.conftest import SAMPLE_JSON, SECOND_JSON, load_json


@pytest.fixture(scope="module")
def sample() -> dict:
    return load_json(SAMPLE_JSON)


@pytest.fixture(scope="module")
def second() -> dict:
    return load_json(SECOND_JSON)
