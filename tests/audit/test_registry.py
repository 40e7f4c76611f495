"""The rule table: unique ids, known codes, Chinese titles and docstrings; run_audit selection."""
from __future__ import annotations

import re

import pytest

from generator.audit import REGISTRY, rule, run_audit
from generator.audit.registry import _checked
from generator.findings import CATALOGUE
from generator.pipeline import check
from tests.conftest import SAMPLE

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_rule_ids_unique_and_codes_catalogued():
    ids = [r.id for r in REGISTRY]
    assert len(ids) == len(set(ids))
    for r in REGISTRY:
        assert r.codes, r.id
        assert all(code in CATALOGUE for code in r.codes), r.id


@pytest.mark.parametrize("r", REGISTRY, ids=lambda r: r.id)
def test_rule_is_documented_in_chinese(r):
    assert HAN.search(r.title)
    assert r.check.__doc__ and HAN.search(r.check.__doc__)


def test_duplicate_rule_id_is_refused():
    with pytest.raises(ValueError):
        _checked((*REGISTRY, rule(REGISTRY[0].id, "重复")(lambda d, f: ())))


def test_defining_a_rule_registers_nothing():
    """The registry is the explicit list in registry.py: no registration by import side effects."""
    before = len(REGISTRY)
    rule("ZZZ-1", "测试", "sum-mismatch")(lambda d, f: ())
    from generator import audit
    assert len(audit.REGISTRY) == before and "ZZZ-1" not in {r.id for r in audit.REGISTRY}


def test_findings_are_stamped_with_their_rule_and_only_selected_rules_run():
    checked = check(SAMPLE)
    only = run_audit(checked.disclosure, checked.figures, only=["SUP-5"])
    assert [(f.code, f.rule) for f in only] == [("evaluation-exceeds", "SUP-5")]
    everything = run_audit(checked.disclosure, checked.figures)
    assert {f.rule for f in everything} >= {"SUP-5", "TAB-2"}
    for f in everything:
        assert f.code in next(r.codes for r in REGISTRY if r.id == f.rule)


def test_catalogue_messages_show_expected_actual_and_difference():
    for code in ("sum-mismatch", "row-total-mismatch", "subtotal-mismatch", "total-mismatch",
                 "cross-mismatch", "rounding-difference", "carryover-mismatch", "unbalanced"):
        template = CATALOGUE[code].template
        assert "{expected}" in template and "{actual}" in template and "{diff}" in template, code


def test_make_accepts_template_fields_named_code_and_refs():
    """code-duplicate and budget-code-unknown templates use {code} and {refs} fields."""
    from generator import findings as F
    from generator.model import Ref

    a, b = Ref("公开05表", "A22"), Ref("公开05表", "A23")
    finding = F.make("code-duplicate", [b, a], table="公开05表", code="2101101", refs=f"{a}、{b}")
    assert finding.refs == (b, a) and "2101101" in finding.message and "公开05表!A22、" in finding.message


def test_rules_yield_the_identities_they_compared_and_the_search_gets_them():
    """Identities pass explicitly: a rule yields each identity it compared (held or not), and the
    culprit search is a listed ``Search`` run with them (no collector behind the rules' backs)."""
    from generator.audit.identities import Identity
    from generator.audit.registry import SEARCHES
    from generator.audit.within import t01_income
    from generator.model import Ref

    checked = check(SAMPLE)
    (compared,) = [r for r in t01_income.results(checked.disclosure, checked.figures)]
    assert isinstance(compared, Identity) and compared.finding is None  # the sample's 01 adds up
    assert compared.coefficient(Ref("公开01表", "C33")) == 1  # 本年收入合计 (sample row 33)
    assert compared.coefficient(Ref("公开01表", "C7")) == -1  # 一、一般公共预算财政拨款收入
    assert [s.id for s in SEARCHES] == ["CAUSE"] and "CAUSE" in {r.id for r in REGISTRY}
