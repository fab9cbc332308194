"""The package layout is the pipeline: a module imports only from its own stage or the stages before it
(read → report → checks → output → api (and its batch runner) → serve → cli); the shared foundations (``resources``, ``recache``, ``codecache``, ``yamlio``,
``errors_zh``, the package's ``__init__``) import only each other.  Checked on the source, so a late import inside a
function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "disclosure_lint"
STAGES = {"": -1, "resources": -1, "recache": -1, "codecache": -1, "yamlio": -1, "errors_zh": -1, "regex_needs": -1, "read": 0, "report": 1, "checks": 2, "output": 3, "api": 4, "batch": 4,
          "serve": 5, "cli_help": 6, "cli": 6, "__main__": 7}


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "disclosure_lint":
        return None
    return STAGES.get(parts[1] if len(parts) > 1 else "", None)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names] if node.module == "disclosure_lint" \
                else [node.module]
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def _module_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_no_module_imports_a_later_stage():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = _stage(_module_of(path))
        for line, target in _imports(path):
            stage = _stage(target)
            if own is None or stage is None or target == "disclosure_lint.__version__":
                continue
            if stage > own or (own == -1 and stage != -1):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not wrong, "imports that run against the pipeline:\n" + "\n".join(wrong)


def test_every_package_module_belongs_to_a_stage():
    unknown = {_module_of(p) for p in PACKAGE.rglob("*.py") if _stage(_module_of(p)) is None}
    assert not unknown, f"modules outside the pipeline's folders: {sorted(unknown)}"
