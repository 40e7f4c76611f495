"""The architecture checker: rules read from the syntax tree of generator/ (who imports what, no floats, one place that rounds).

Used by tests/test_boundaries.py; rule 6 and the tree's shape are tested in tests/test_tree_shape.py.

The rules (developers' guide, "Project rules"):

1. Libraries have one home. openpyxl and xlrd are imported only in ``generator/excel/``; docx,
   docxtpl, jinja2, lxml, pptx and xlsxwriter (charts) only in ``generator/render/``; click only in ``generator/cli/``;
   the web server's waitress and multipart only in ``generator/web/``.
   Every form counts: ``import a, b``, ``from a.b import c``, ``importlib.import_module("a")``
   and ``__import__("a")`` (an f-string name counts by its constant prefix, ``f"click.{x}"``);
   a dynamic import whose name cannot be read from the source is refused everywhere.
2. Nothing reaches a library through the back door. From the imports between generator modules
   (absolute, relative, lazy or not) each module's reach is closed transitively; a module that
   reaches a library outside the library's home must be a composition root: ``pipeline.py``,
   ``publish.py``, ``batch.py``, ``__main__.py``, ``cli/`` or ``web/`` (and only ``cli/`` and ``__main__`` may
   reach click, only ``cli/``, ``__main__`` and ``web/`` the web server).
   So ``from ..excel import grid`` is fine in ``cli/`` and an error in ``audit/``.
3. The render package is entered at its front door. Outside ``generator/render/`` only the
   composition roots import it, only inside a function (so importing the pipeline loads no
   Word library), and only ``generator.render`` itself or ``generator.render.template_check``
   (``document`` and ``word_tables`` are its internals).
4. No float arithmetic anywhere: no ``float(…)`` call (``float(x).is_integer()``, a test that
   computes nothing, excepted), no ``float`` handed over as a converter, no float literal in
   arithmetic or a comparison, no ``Decimal``/``D`` of a float literal.
5. Rounding only in ``money.py``: no ``round(``, ``.quantize``, ``to_integral*``, ``ROUND_*``,
   ``rounding=``, decimal context changes, ``math.ceil/floor/trunc``, and no precision in a
   format spec (``f"{x:.2f}"``, ``"{:.2f}".format``, ``"%.2f" %``, ``format(x, ".2f")``),
   a precision on an explicit string type (``{s:.10s}``) and the wholeness test
   ``x == x.to_integral_value()`` excepted.
6. No figure or name of the reference report in generator/ or in a template.
"""
from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "generator"
TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))

# library → the one package that may import it
HOME = {"openpyxl": "excel", "xlrd": "excel", "docx": "render", "docxtpl": "render",
        "jinja2": "render", "lxml": "render", "pptx": "render", "xlsxwriter": "render", "click": "cli",
        "waitress": "web", "multipart": "web"}
ROOTS = ("generator.pipeline", "generator.publish", "generator.batch", "generator.__main__", "generator.cli",
         "generator.web")
RENDER_PUBLIC = {"generator.render", "generator.render.template_check"}
MONEY = "generator.money"
ROUNDING_ATTRS = {"quantize", "to_integral", "to_integral_value", "to_integral_exact", "rounding",
                  "getcontext", "setcontext", "localcontext"}
MATH_ROUNDING = {"ceil", "floor", "trunc"}


@dataclass(frozen=True)
class Import:
    target: str     # absolute dotted name as written (resolved when relative)
    names: tuple    # the names of a ``from … import`` (may be submodules)
    line: int
    lazy: bool      # inside a function body


def module_name(relpath: str) -> str:
    parts = relpath.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(relpath: str) -> str:
    name = module_name(relpath)
    return name if relpath.endswith("__init__.py") else name.rpartition(".")[0]


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _resolve(relpath: str, name: str, level: int) -> str:
    if not level:
        return name
    base = package_of(relpath).split(".")
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


class _Scan(ast.NodeVisitor):
    """Collects the imports and the float / rounding findings of one module."""

    def __init__(self, relpath: str):
        self.relpath, self.imports, self.problems = relpath, [], []
        self.depth = 0
        self.import_funcs = {"__import__"}   # local names bound to importlib.import_module
        self.math_funcs: set[str] = set()
        self.money = module_name(relpath) == MONEY

    def flag(self, node, what):
        self.problems.append(f"{self.relpath}:{node.lineno}: {what}")

    # imports ------------------------------------------------------------------------------
    def visit_FunctionDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_Lambda = visit_FunctionDef

    def visit_Import(self, node):
        for alias in node.names:
            self.imports.append(Import(alias.name, (), node.lineno, self.depth > 0))

    def visit_ImportFrom(self, node):
        target = _resolve(self.relpath, node.module or "", node.level)
        names = tuple(a.name for a in node.names)
        self.imports.append(Import(target, names, node.lineno, self.depth > 0))
        for alias in node.names:
            if target == "importlib" and alias.name in ("import_module", "__import__"):
                self.import_funcs.add(alias.asname or alias.name)
            if target == "math" and alias.name in MATH_ROUNDING:
                self.math_funcs.add(alias.asname or alias.name)
            if target == "decimal" and alias.name.startswith("ROUND_") and not self.money:
                self.flag(node, f"imports {alias.name} (rounding belongs to money.py)")

    def _dynamic_import(self, node):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(
            func, ast.Attribute) else None
        if name not in self.import_funcs and name not in ("import_module", "__import__"):
            return
        arg = node.args[0] if node.args else None
        target = None
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            target = arg.value
        elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
            prefix = arg.values[0].value
            if "." in prefix.lstrip("."):
                target = prefix.lstrip(".").split(".")[0] if not prefix.startswith(".") else None
        if target is None:
            self.flag(node, "dynamic import of a name the source does not state")
            return
        level = len(target) - len(target.lstrip("."))
        self.imports.append(Import(_resolve(self.relpath, target.lstrip("."), level), (),
                                   node.lineno, self.depth > 0))

    # float and rounding ---------------------------------------------------------------------
    def visit_Call(self, node):
        self._dynamic_import(node)
        func = node.func
        fname = func.id if isinstance(func, ast.Name) else None
        if fname == "float" and not getattr(node, "_is_integer_test", False):
            self.flag(node, "float(…) call")
        if fname not in ("isinstance", "issubclass"):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Name) and arg.id == "float":
                    self.flag(node, "float used as a converter")
        if fname in ("Decimal", "D") and node.args and _is_float(node.args[0]):
            self.flag(node, "Decimal of a float literal")
        if not self.money:
            if fname == "round":
                self.flag(node, "round(…) outside money.py")
            if fname in self.math_funcs or (isinstance(func, ast.Attribute) and func.attr in MATH_ROUNDING
                                            and isinstance(func.value, ast.Name) and func.value.id == "math"):
                self.flag(node, "math rounding outside money.py")
            if any(k.arg == "rounding" for k in node.keywords):
                self.flag(node, "rounding= outside money.py")
            self._format_call(node, fname)
        self.generic_visit(node)

    def visit_Attribute(self, node):
        if node.attr == "is_integer" and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Name) and node.value.func.id == "float":
            node.value._is_integer_test = True
        if getattr(node, "_wholeness_test", False):
            pass
        elif not self.money and (node.attr in ROUNDING_ATTRS or node.attr.startswith("ROUND_")):
            self.flag(node, f".{node.attr} outside money.py")
        self.generic_visit(node)

    def visit_Name(self, node):
        if not self.money and (node.id.startswith("ROUND_") or node.id in ROUNDING_ATTRS):
            self.flag(node, f"{node.id} outside money.py")

    def visit_BinOp(self, node):
        if _is_float(node.left) or _is_float(node.right):
            self.flag(node, "float literal in arithmetic")
        if (not self.money and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)
                and isinstance(node.left.value, str)):
            for spec in re.findall(r"%[-#0 +]*(?:\d+|\*)?(\.(?:\d+|\*))?([a-zA-Z%])", node.left.value):
                if spec[1] in "eEfFgG":
                    self.flag(node, f"rounding through the %-format '{node.left.value}'")
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        if _is_float(node.value):
            self.flag(node, "float literal in arithmetic")
        self.generic_visit(node)

    def visit_Compare(self, node):
        for x in [node.left, *node.comparators]:   # x == x.to_integral_value(): a test, no rounding
            if (isinstance(x, ast.Call) and isinstance(x.func, ast.Attribute) and not x.args
                    and x.func.attr.startswith("to_integral") and len(node.comparators) == 1
                    and isinstance(node.ops[0], (ast.Eq, ast.NotEq))):
                x.func._wholeness_test = True
        if any(_is_float(x) for x in [node.left, *node.comparators]):
            self.flag(node, "float literal in a comparison")
        self.generic_visit(node)

    def visit_FormattedValue(self, node):
        if not self.money and node.format_spec is not None:
            spec = "".join(v.value if isinstance(v, ast.Constant) else "{}"
                           for v in node.format_spec.values)
            if _rounds(spec):
                self.flag(node, f"rounding through the format spec ':{spec}'")
        self.generic_visit(node)

    def _format_call(self, node, fname):
        func = node.func
        if fname == "format" and len(node.args) == 2 and isinstance(node.args[1], ast.Constant):
            if _rounds(str(node.args[1].value)):
                self.flag(node, f"rounding through format(…, '{node.args[1].value}')")
        if (isinstance(func, ast.Attribute) and func.attr in ("format", "format_map")
                and isinstance(func.value, ast.Constant) and isinstance(func.value.value, str)):
            try:
                fields = list(string.Formatter().parse(func.value.value))
            except ValueError:
                return
            for _, _, spec, _ in fields:
                if spec and _rounds(spec):
                    self.flag(node, f"rounding through the format spec ':{spec}'")


def _is_float(node) -> bool:
    if isinstance(node, ast.UnaryOp):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, float)


def _rounds(spec: str) -> bool:
    """A format spec rounds a number when it states a precision (``.2f``, ``,.1%``, ``.{}f``)."""
    return bool(re.search(r"\.(\d+|\{\})", spec)) and not spec.endswith("s")


# the checker ------------------------------------------------------------------------------------

def scan(relpath: str, source: str) -> _Scan:
    s = _Scan(relpath)
    s.visit(ast.parse(source, filename=relpath))
    return s


def _home_of(module: str) -> str | None:
    lib = module.split(".")[0]
    return HOME.get(lib)


def check(sources: dict[str, str]) -> list[str]:
    """Every broken rule (1–5) in a tree given as ``{"generator/x/y.py": source}``."""
    scans = {module_name(p): scan(p, text) for p, text in sources.items()}
    problems = [p for s in scans.values() for p in s.problems]

    # 1: direct imports of a library outside its home
    edges: dict[str, set[str]] = {m: set() for m in scans}
    reach: dict[str, dict[str, str]] = {m: {} for m in scans}   # module → {library: how}
    for m, s in scans.items():
        for imp in s.imports:
            home = _home_of(imp.target)
            if home:
                reach[m].setdefault(imp.target.split(".")[0], f"line {imp.line}")
                if not _in(m, f"generator.{home}"):
                    problems.append(f"{s.relpath}:{imp.line}: imports {imp.target} "
                                    f"(allowed only in generator/{home}/)")
            for target in _generator_targets(imp, scans):
                edges[m].add(target)
                _check_render_door(m, s, imp, target, problems)

    # 2: transitive reach through generator modules
    changed = True
    while changed:
        changed = False
        for m in scans:
            for dep in edges[m]:
                for lib in reach[dep]:
                    if lib not in reach[m]:
                        reach[m][lib] = f"via {dep}"
                        changed = True
    for m, libs in reach.items():
        for lib, how in libs.items():
            home = f"generator.{HOME[lib]}"
            roots = ("generator.cli", "generator.__main__") if HOME[lib] in ("cli", "web") else ROOTS
            if how.startswith("via") and not _in(m, home) and not any(_in(m, r) for r in roots):
                problems.append(f"{scans[m].relpath}: reaches {lib} {how} "
                                f"(only generator/{HOME[lib]}/ and the composition roots may)")
    return sorted(set(problems))


def _generator_targets(imp: Import, scans) -> list[str]:
    """The generator modules an import executes: the target, its parent packages and any
    submodule named in ``from target import name``."""
    if not _in(imp.target, "generator"):
        return []
    parts = imp.target.split(".")
    targets = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    targets += [f"{imp.target}.{n}" for n in imp.names if f"{imp.target}.{n}" in scans]
    return [t for t in targets if t in scans]


def _check_render_door(m, s, imp, target, problems):
    if not _in(target, "generator.render") or _in(m, "generator.render"):
        return
    where = f"{s.relpath}:{imp.line}: imports {target}"
    if not any(_in(m, r) for r in ROOTS):
        problems.append(f"{where} (only the composition roots may use render)")
    elif not imp.lazy:
        problems.append(f"{where} at module level (render is imported inside the function using it)")
    if target not in RENDER_PUBLIC:
        problems.append(f"{where} (a render internal; use {sorted(RENDER_PUBLIC)})")


def tree_sources(pkg: Path = PKG) -> dict[str, str]:
    return {p.relative_to(pkg.parent).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(pkg.rglob("*.py"))}
