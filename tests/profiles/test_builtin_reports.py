"""Golden text per built-in profile: the sample printed with 湖南2022 (湖南2021 is the sample's own
golden, tests/test_report.py). ``pytest --update-golden`` rewrites them; review the diff."""
from __future__ import annotations

import pytest

from generator.pipeline import build
from tests import printed
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def hunan_2022(tmp_path_factory):
    out = tmp_path_factory.mktemp("hunan2022") / "sample.docx"
    result = build(SAMPLE, out, profile="湖南2022")
    assert result.output == out, result.report.to_text()
    return out


@pytest.mark.parametrize("kind", ["", "tables"])
def test_sample_with_hunan_2022_prints_the_golden_text(hunan_2022, kind, golden):
    golden(f"huaihua-2021.湖南2022{'.' + kind if kind else ''}.txt", printed.KINDS[kind](hunan_2022))
