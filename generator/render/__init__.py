"""Rendering: the only package importing docx, docxtpl and jinja2.

``document`` fills the Word template (sandboxed Jinja) and writes the .docx atomically and
deterministically; ``docx_template`` is how the tables enter it (runs of table-tag paragraphs),
``word_tables`` draws them; ``template_check`` checks a
user's template before it is used; ``profile_template`` builds the
Word template of a profile (generator/profiles); ``front`` cuts a report to its cover and 目录 (for the PDF).
"""
from __future__ import annotations

from .document import (  # noqa: F401  (the package's public face)
    BUILTIN_TEMPLATES, DEFAULT_TEMPLATE, TemplateProblem, docx_text, render_docx, resolve_template,
    toc_entries,
)
from .front import front_matter  # noqa: F401
from .profile_check import check_profile, profile_issues, profile_names  # noqa: F401
from .profile_template import (  # noqa: F401
    COMMITTED, build_template, content as template_content, profile_template_file,
)
