"""审核: the audit rules, each a small function listed in one table (``registry.REGISTRY``).

A rule takes the model and its named figures and yields ``Finding``s; it never raises on bad data.
``run_audit`` runs every rule (or a selection) and returns all findings, so one run reports
every problem, the probable cause of several failing identities first. Rules are grouped by
module: ``tables`` (表内), ``cross`` (表间), ``supplementary`` (补充数据), ``plausibility``
(上年数, 增减方向), ``completeness``/``sections`` (空表、空节), ``text`` and ``wording`` (文字).
"""
from __future__ import annotations

from .registry import REGISTRY, run_audit  # noqa: F401
from .rule import Rule, rule  # noqa: F401
