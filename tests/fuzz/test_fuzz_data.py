"""Fuzz the pipeline through the writer: Hypothesis mutates the JSON data of the sample and of
the second unit (hostile amounts and texts, dropped and repeated rows, dropped sheets), the
writer produces the workbook, and the invariants of ``conftest.check_build`` must hold.

Deterministic: ``derandomize=True`` and no example database, so CI runs the same cases.
"""
from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE_JSON, SECOND_JSON, load_json
from tests.fuzz.conftest import check_build
from tests.fuzz.mutate import mutate_data

SOURCES = {"sample": load_json(SAMPLE_JSON), "second": load_json(SECOND_JSON)}
CHOICES = st.lists(
    st.tuples(st.integers(0, 10_000), st.sampled_from(["amount", "amount", "text", "drop", "repeat"]),
              st.integers(0, 1_000)),
    min_size=1, max_size=4)
# No shrinking: each example is a full build (seconds), and the failure message already names
# the mutations applied.
FUZZ = settings(max_examples=50, derandomize=True, database=None, deadline=None, print_blob=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(source=st.sampled_from(sorted(SOURCES)), choices=CHOICES)
def test_fuzz_writer_data(source, choices):
    from generator.excel.writer import write_workbook

    data = copy.deepcopy(SOURCES[source])
    done = mutate_data(data, choices)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "unit.xlsx"
        write_workbook(data, path)
        check_build(path, Path(tmp) / "out" / "report.docx", f"{source}: {done}")
