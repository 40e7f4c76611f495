"""The shape of an audit rule: ``@rule`` turns a check function into a ``Rule``.

No registration happens here: the one list of rules is ``registry.REGISTRY``. A check yields
findings; it may also yield ``None`` for a comparison that held (``common.compare*`` return None
then), which the registry skips."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Mapping

from ..findings import Finding
from ..model import Disclosure

Check = Callable[[Disclosure, Mapping[str, Decimal]], Iterable[Finding | None]]


@dataclass(frozen=True)
class Rule:
    """An audit rule, as ``check --rules`` lists it.

    Attributes:
        id: the stable rule id (``T01-1``, ``X-3``, ``CAUSE``), unique in ``registry.REGISTRY``.
        title: what the rule checks, in Chinese (shown to the user).
        codes: every finding code the rule may emit (the corpus test has a case for each).
        check: ``fn(disclosure, figures)`` yielding findings (or None for a comparison that held).
    """

    id: str
    title: str
    codes: tuple[str, ...]
    check: Check

    def __call__(self, d: Disclosure, figures: Mapping[str, Decimal]) -> Iterable[Finding]:
        return (f for f in self.check(d, figures) if f is not None)


def rule(rule_id: str, title: str, *codes: str) -> Callable[[Check], Rule]:
    """Make ``fn`` the rule ``rule_id`` (listed in ``registry.REGISTRY`` to take part)."""
    def make(fn: Check) -> Rule:
        return Rule(rule_id, title, codes, fn)
    return make
