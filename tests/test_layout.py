"""One package whose layers run one way: settings and the sheet model at the bottom, the CLI and the app on top."""

import ast
import tomllib

from jimuqa.settings import PROJECT_ROOT

# Lowest first. A module may import its own layer and the layers below it, never one above.
LAYERS = (
    ("jimuqa.settings", PROJECT_ROOT / "jimuqa"),
    ("jimuqa.index", PROJECT_ROOT / "index"),
    ("jimuqa.index.search", PROJECT_ROOT / "index" / "search"),
    ("jimuqa.answering", PROJECT_ROOT / "answering"),
    ("jimuqa.eval", PROJECT_ROOT / "eval"),
    ("jimuqa.bench", PROJECT_ROOT / "bench"),
    ("jimuqa.ui", PROJECT_ROOT / "ui"),
)


def layer_of(module: str) -> int:
    """The highest layer whose name prefixes ``module`` (``jimuqa.index.search.x`` is search, not index)."""
    matches = [n for n, (name, _) in enumerate(LAYERS) if module == name or module.startswith(name + ".")]
    return max(matches) if matches else 0


def imports(path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return [name for name in found if name.startswith("jimuqa.")]


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for level, (name, folder) in enumerate(LAYERS):
        for path in folder.glob("*.py"):
            for target in imports(path):
                if layer_of(target) > level:
                    upward.append(f"{path.relative_to(PROJECT_ROOT)} ({name}) imports {target}")
    assert upward == []


def test_the_check_itself_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from jimuqa.ui.cli import cli\nimport jimuqa.index.search.retrieve\n", encoding="utf-8")
    assert [layer_of(t) for t in imports(module)] == [6, 6, 2]


def test_only_the_jimuqa_package_is_installed():
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert all(p == "jimuqa" or p.startswith("jimuqa.") for p in config["packages"])
    assert "py-modules" not in config
    for package, folder in config["package-dir"].items():
        assert (PROJECT_ROOT / folder / "__init__.py").exists(), package
        assert package in {name for name, _ in LAYERS} | {"jimuqa"}
