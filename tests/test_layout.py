"""The package's import graph: no cycle between subpackages or between modules, and the
detector and the index never reach up into batch running or the command line."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "spindetect"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Module -> the spindetect modules it imports (anywhere in it, function bodies included)."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    graph = {}
    for path in paths:
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("spindetect"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[:len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                elif node.module and node.module.startswith("spindetect"):
                    source = node.module
                else:
                    continue
                for alias in node.names:    # "from . import scoring" imports a module
                    found.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in ``graph`` (as a path that comes back to its start), or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def subpackage(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_module_imports_itself_round_a_cycle():
    graph = imports()
    # a package's __init__ importing its own modules is how a package is read; other edges count
    assert cycle(graph) is None, " -> ".join(cycle(graph))


def test_no_cycle_between_subpackages():
    packages: dict[str, set[str]] = {}
    for module, targets in imports().items():
        if module == "spindetect":          # the top-level package's one-line API points at scanner
            continue
        packages.setdefault(subpackage(module), set()).update(
            subpackage(t) for t in targets if subpackage(t) != subpackage(module) and t != "spindetect")
    assert cycle(packages) is None, " -> ".join(cycle(packages))


def test_detection_and_the_index_never_import_batch_or_cli():
    for module, targets in imports().items():
        if subpackage(module) in ("spindetect.detect", "spindetect.index"):
            upward = {t for t in targets if subpackage(t) in ("spindetect.batch", "spindetect.cli")}
            assert not upward, f"{module} imports {upward}"


def test_the_graph_sees_imports_inside_functions():
    # the test would pass vacuously if it missed lazy imports: cli.scan imports batch inside its command
    assert "spindetect.batch.engines" in imports()["spindetect.cli.scan"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
