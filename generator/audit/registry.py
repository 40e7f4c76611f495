"""The rule table and the function that runs it."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Mapping

from ..findings import Finding
from ..model import Disclosure

Check = Callable[[Disclosure, Mapping[str, Decimal]], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: id (e.g. ``T01-1``), Chinese title, the finding codes it may emit."""

    id: str
    title: str
    codes: tuple[str, ...]
    check: Check


REGISTRY: list[Rule] = []


def rule(rule_id: str, title: str, *codes: str) -> Callable[[Check], Check]:
    """Register ``fn`` as rule ``rule_id``; its findings are stamped with the rule id."""
    def register(fn: Check) -> Check:
        if any(r.id == rule_id for r in REGISTRY):
            raise ValueError(f"duplicate rule id {rule_id}")
        REGISTRY.append(Rule(rule_id, title, codes, fn))
        return fn
    return register


def run_audit(d: Disclosure, figures: Mapping[str, Decimal], *,
              only: Iterable[str] | None = None) -> list[Finding]:
    """All findings of the registered rules (all of them, or the ids in ``only``)."""
    wanted = set(only) if only is not None else None
    out: list[Finding] = []
    for r in REGISTRY:
        if wanted is not None and r.id not in wanted:
            continue
        for finding in r.check(d, figures):
            out.append(finding if finding.rule else _stamp(finding, r.id))
    return out


def _stamp(finding: Finding, rule_id: str) -> Finding:
    from dataclasses import replace
    return replace(finding, rule=rule_id)
