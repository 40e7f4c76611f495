"""docs/ is the repository's own account of its contract: current with the code, linked from README."""
from __future__ import annotations

import importlib.util
import re

from generator import schema
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def _build_docs():
    spec = importlib.util.spec_from_file_location("build_docs", ROOT / "scripts" / "build_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_audit_page_is_what_the_registry_makes():
    page = (DOCS / "audit.md").read_text(encoding="utf-8")
    assert page == _build_docs().page(), "docs/audit.md 已过期：请运行 python scripts/build_docs.py"


def test_audit_page_lists_every_rule_and_code():
    from generator.audit import REGISTRY
    from generator.findings import CATALOGUE

    page = (DOCS / "audit.md").read_text(encoding="utf-8")
    for rule in REGISTRY:
        assert f"| {rule.id} |" in page
    for code in CATALOGUE:
        assert f"`{code}`" in page


def _folded_doc() -> str:
    return schema.fold((DOCS / "workbook.md").read_text(encoding="utf-8"))


def test_workbook_contract_names_every_table_title_the_reader_accepts():
    doc = _folded_doc()
    for spec in schema.TABLES:
        for title in (spec.title, *spec.aliases):
            assert schema.fold(title) in doc, f"docs/workbook.md 中缺少表名“{title}”"


def test_workbook_contract_names_every_supplementary_sheet_and_label():
    doc = _folded_doc()
    for sheet in schema.SHEETS:
        assert schema.fold(sheet.title) in doc, f"docs/workbook.md 中缺少补充表“{sheet.title}”"
        for column in sheet.columns:
            assert schema.fold(column) in doc, f"docs/workbook.md 中缺少“{sheet.title}”的栏目“{column}”"
        for label in sheet.labels:
            assert schema.fold(label) in doc, f"docs/workbook.md 中缺少“{sheet.title}”的项目“{label}”"


def test_readme_links_only_inside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme and "shared/spec" not in readme
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert {"docs/workbook.md", "docs/audit.md", "docs/development.md"} <= set(links)
    for link in links:
        assert (ROOT / link).is_file(), link


def test_readme_structure_names_every_module_and_package():
    """README's 结构 section matches the tree: every package and module of generator/ is named there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## 结构", 1)[1].split("```")[1]
    generator = ROOT / "generator"
    missing = [str(p.relative_to(ROOT)) for p in sorted(generator.rglob("*.py"))
               if p.name not in ("__init__.py", "__main__.py")
               and not re.search(rf"(?<![A-Za-z_]){re.escape(p.stem)}(?![A-Za-z_])", block)]
    missing += [f"{d.relative_to(ROOT)}/" for d in sorted(generator.iterdir())
                if d.is_dir() and d.name != "__pycache__" and f"{d.name}/" not in block]
    assert not missing, f"README 的“结构”一节没有写到：{missing}"
