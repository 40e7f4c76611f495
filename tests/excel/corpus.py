"""The layout corpus (tests/fixtures/real) built once per session, and the model digest that
must not depend on the layout: every value without its cell reference."""
from __future__ import annotations

from pathlib import Path

from generator.excel.reader import read_workbook
from generator.derive.figures import named_figures
from tests.conftest import SAMPLE
from tests.fixtures.real.build import VARIANTS, build_all


def digest(d) -> dict:
    """The model without cell references (06 items sorted: their order follows the blocks)."""
    def values(mapping):
        return {k: a.value for k, a in mapping.items()}

    def coded(t):
        if t is None:
            return None
        rows = [(r.code, r.name, values(r.values)) for r in t.rows]
        return rows, values(t.total.values) if t.total else None, t.columns
    t06 = d.t06
    return {
        "figures": named_figures(d),
        "t01": {k: values(v) for k, v in d.t01.lines.items()},
        "t01_classes": [(n, values(v)) for n, v in d.t01.classes],
        "t04": {k: values(v) for k, v in d.t04.lines.items()},
        "t04_classes": [(n, values(v)) for n, v in d.t04.classes],
        "coded": [coded(t) for t in (d.t02, d.t03, d.t05, d.t08, d.t09)],
        "t06": sorted((i.code, i.name, i.amount.value) for i in t06.items),
        "t06_totals": (t06.personnel_total.value, t06.public_total.value),
        "t07": (values(d.t07.budget), values(d.t07.actual)),
        "budgets": [(b.code, b.budget.value, b.note.value if b.note else None) for b in d.budgets],
        "prior": values(d.prior),
        "supplement": values(d.supplement),
        "texts": ({k: t.value for k, t in d.unit.items()},
                  {k: t.value for k, t in d.explanations.items()}),
        "appendix": [(a.level, a.text.value) for a in d.appendix],
        "glossary": [(a.value, b.value) for a, b in d.glossary],
    }


_BUILT: dict[str, Path] = {}


def corpus(directory: Path) -> dict[str, Path]:
    """name → workbook of every variant (built into ``directory`` on first use)."""
    if not _BUILT:
        _BUILT.update(build_all(directory))
    return _BUILT


def sample_digest() -> dict:
    return digest(read_workbook(SAMPLE).disclosure)


__all__ = ["VARIANTS", "corpus", "digest", "sample_digest"]
