"""审核: the audit rules, each a small function registered in one table (``REGISTRY``).

A rule takes the model and its named figures and yields ``Finding``s; it never raises on bad data.
``run_audit`` runs every rule (or a selection) and returns all findings, so one run reports
every problem. Rules are grouped by module: ``tables`` (表内), ``cross`` (表间),
``supplementary`` (补充数据) and ``text`` (free text).
"""
from __future__ import annotations

from .registry import REGISTRY, Rule, rule, run_audit  # noqa: F401
from . import tables, cross, supplementary, text  # noqa: F401,E402  (register their rules)
from . import completeness  # noqa: F401,E402  (workbook-empty)
