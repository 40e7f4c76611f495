"""Profiles (版式): what a province's edition of the report prints, as data.

A profile is one TOML file (``builtin/*.toml`` for the built-in ones, any file for a bureau's
own): the parts and their order, the nine tables (order, titles, labels), the sections of
第三部分 with their headings and sentences (Jinja text as it prints), the phrases it shares
(none-statements, thresholds), the 名词解释 defaults. ``load`` reads and validates one;
``generator.render`` builds the Word template from it. The format: docs/profiles.md.
"""
from __future__ import annotations

from .parsed import PART_KINDS, SECTION_KEYS, ZERO_KINDS, Evidence, Paragraph, Part, Profile, Section, TableEntry  # noqa: F401
from .load import (  # noqa: F401
    BUILTIN_DIR, DEFAULT_PROFILE, ProfileError, builtin_names, find, load, load_text,
)
from .choose import choose, edition_mismatches, is_builtin  # noqa: F401
