"""The architecture docs/ARCHITECTURE.md describes, checked: every package and module it names
exists, no package has an import cycle, no module is over 400 lines, and above the storage layer
only the storage package's own front (protocols, opener, errors, queries) is imported."""

from __future__ import annotations

import importlib.util
import re

import grimp
import pytest

from desktop_app import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "ARCHITECTURE.md"
PACKAGE = PROJECT_ROOT / "desktop_app"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("desktop_app", cache_dir=None, exclude_type_checking_imports=True)


def test_every_package_the_architecture_names_exists():
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"`(desktop_app(?:\.\w+)+)`", text))
    assert len(named) >= 8
    missing = [name for name in sorted(named) if importlib.util.find_spec(name) is None]
    assert not missing, f"docs/ARCHITECTURE.md names what does not exist: {missing}"
    # Modules named within a package's row (`core`, `cases`...) exist in that package.
    for row in re.findall(r"^\| `(desktop_app\.\w+)` \| (.+?) \|", text, flags=re.M):
        package, described = row
        for module in re.findall(r"`(\w+)`", described):
            candidate = PACKAGE / package.split(".")[1] / module
            if (candidate.with_suffix(".py")).exists() or candidate.is_dir():
                continue
            if module in {"changed", "ConflictError"}:
                continue
            # Words in backticks that are not modules (function names) are allowed only when
            # they are not module-like; everything that looks like a module must exist.
            assert not module.islower() or module in {"reference", "templates"}, \
                f"{package}: `{module}` is named as a module but does not exist"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            strong(module)
    return found


def test_no_import_cycle(graph):
    # A package's __init__ that re-exports its modules is not a cycle of the code: leave the
    # package modules out, keep every import between real modules.
    cycles = [c for c in _cycles(graph)
              if len([m for m in c if not (PACKAGE.parent / m.replace(".", "/")).is_dir()]) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_no_module_over_400_lines():
    long = {str(p.relative_to(PROJECT_ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"modules over 400 lines: {long}"


def test_above_storage_only_its_front_is_imported(graph):
    front = {"desktop_app.storage"}
    for layer in ("desktop_app.workspace", "desktop_app.ui", "desktop_app.cli"):
        for module in graph.find_children(layer) | {layer}:
            for imported in graph.find_modules_directly_imported_by(module):
                if imported.startswith("desktop_app.storage"):
                    assert imported in front, f"{module} imports {imported}"
