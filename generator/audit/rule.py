"""The shape of an audit rule: ``@rule`` makes a ``Rule``, ``@search`` a ``Search`` over identities.

``@rule`` turns a check function into a ``Rule``; ``@search`` turns a function over the
identities the rules compared into a ``Search`` (the culprit search).

No registration happens here: the one list of rules is ``registry.REGISTRY``. A check yields
findings and the identities it compared (``common.compare*`` give an ``Identity`` carrying its
finding, or None when nothing could be compared), which the registry separates. A check that needs
more than the disclosure and its figures names it (``takes``): ``run_audit`` hands it over as a
keyword argument of that name (``INPUTS``), as it hands the searches the identities."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Mapping

from ..findings import Finding
from ..model import Disclosure, Ref
from .identities import Identity, finding_of

Result = Finding | Identity | None
Check = Callable[..., Iterable[Result]]  # fn(disclosure, figures, **the inputs it takes)
# The inputs ``run_audit`` may hand a check beyond the disclosure and the figures:
# supplement_rows — the 补充数据 rows the chosen profile prints (``pipeline.supplement_rows``);
# explanation_rows — the 情况说明 rows it prints (``pipeline.explanation_rows``).
INPUTS = ("supplement_rows", "explanation_rows")
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
        check: ``fn(disclosure, figures, **inputs)`` yielding findings and identities (None is
            skipped).
        takes: the ``INPUTS`` the check receives as keyword arguments (None when not given).
    """

    id: str
    title: str
    codes: tuple[str, ...]
    check: Check
    takes: tuple[str, ...] = ()

    def results(self, d: Disclosure, figures: Mapping[str, Decimal],
                inputs: Mapping[str, object] | None = None) -> Iterator[Finding | Identity]:
        """What the check yields: findings and the identities compared (passing or not)."""
        given = {name: (inputs or {}).get(name) for name in self.takes}
        return (r for r in self.check(d, figures, **given) if r is not None)

    def __call__(self, d: Disclosure, figures: Mapping[str, Decimal],
                 inputs: Mapping[str, object] | None = None) -> Iterator[Finding]:
        """The findings alone."""
        return (f for r in self.results(d, figures, inputs) if (f := finding_of(r)) is not None)


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


def rule(rule_id: str, title: str, *codes: str, takes: tuple[str, ...] = ()) -> Callable[[Check], Rule]:
    """Make ``fn`` the rule ``rule_id`` (listed in ``registry.REGISTRY`` to take part), receiving
    the ``INPUTS`` named in ``takes``."""
    unknown = [name for name in takes if name not in INPUTS]
    if unknown:
        raise ValueError(f"rule {rule_id} takes unknown inputs {unknown}")

    def make(fn: Check) -> Rule:
        return Rule(rule_id, title, codes, fn, takes)
    return make


def search(rule_id: str, title: str, *codes: str) -> Callable[[Searcher], Search]:
    """Make ``fn`` the search ``rule_id`` over the identities (listed in ``registry.REGISTRY``)."""
    def make(fn: Searcher) -> Search:
        return Search(rule_id, title, codes, fn)
    return make
