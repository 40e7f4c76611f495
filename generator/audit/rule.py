"""The shape of an audit rule: ``@rule`` makes a ``Rule``, ``@search`` a ``Search`` over identities.

``@rule`` turns a check function into a ``Rule``; ``@search`` turns a function over the
identities the rules compared into a ``Search`` (the culprit search).

No registration happens here: the one list of rules is ``registry.REGISTRY``. A check yields
findings and the identities it compared (``common.compare*`` give an ``Identity`` carrying its
finding, or None when nothing could be compared), which the registry separates."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Mapping

from ..findings import Finding
from ..model import Disclosure, Ref
from .identities import Identity, finding_of

Result = Finding | Identity | None
Check = Callable[[Disclosure, Mapping[str, Decimal]], Iterable[Result]]
# A search: the identities the rules yielded and the cells it may not name (formula cells) → (its
# findings, id of each rule finding it explains → the cells it names as their cause).
Searcher = Callable[[list[Identity], frozenset[Ref]], tuple[list[Finding], dict[int, tuple[Ref, ...]]]]


@dataclass(frozen=True)
class Rule:
    """An audit rule, as ``check --rules`` lists it.

    Attributes:
        id: the stable rule id (``T01-1``, ``X-3``), unique in ``registry.REGISTRY``.
        title: what the rule checks, in Chinese (shown to the user).
        codes: every finding code the rule may emit (the corpus test has a case for each).
        check: ``fn(disclosure, figures)`` yielding findings and identities (None is skipped).
    """

    id: str
    title: str
    codes: tuple[str, ...]
    check: Check

    def results(self, d: Disclosure, figures: Mapping[str, Decimal]) -> Iterator[Finding | Identity]:
        """What the check yields: findings and the identities compared (passing or not)."""
        return (r for r in self.check(d, figures) if r is not None)

    def __call__(self, d: Disclosure, figures: Mapping[str, Decimal]) -> Iterator[Finding]:
        """The findings alone."""
        return (f for r in self.results(d, figures) if (f := finding_of(r)) is not None)


@dataclass(frozen=True)
class Search:
    """A rule over the identities the other rules compared (``check`` is a ``Searcher``); listed
    in ``registry.REGISTRY`` after them, run by ``run_audit`` with what they yielded."""

    id: str
    title: str
    codes: tuple[str, ...]
    check: Searcher

    def __call__(self, identities: list[Identity], fixed: frozenset[Ref] = frozenset()
                 ) -> tuple[list[Finding], dict[int, tuple[Ref, ...]]]:
        return self.check(identities, fixed)


def rule(rule_id: str, title: str, *codes: str) -> Callable[[Check], Rule]:
    """Make ``fn`` the rule ``rule_id`` (listed in ``registry.REGISTRY`` to take part)."""
    def make(fn: Check) -> Rule:
        return Rule(rule_id, title, codes, fn)
    return make


def search(rule_id: str, title: str, *codes: str) -> Callable[[Searcher], Search]:
    """Make ``fn`` the search ``rule_id`` over the identities (listed in ``registry.REGISTRY``)."""
    def make(fn: Searcher) -> Search:
        return Search(rule_id, title, codes, fn)
    return make
