"""The core's public API (issue 13): app/ and pages/ use only what ``optim_core`` exports,
never one of its modules directly, and every exported name resolves."""
import ast
from pathlib import Path

import optim_core

ROOT = Path(__file__).resolve().parents[1]


def _core_module_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("optim_core."):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} from {node.module}")
        if isinstance(node, ast.Import):
            found += [f"{path.relative_to(ROOT)}:{node.lineno} import {a.name}"
                      for a in node.names if a.name.startswith("optim_core.")]
    return found


def test_app_and_pages_import_only_the_public_api():
    files = [*ROOT.joinpath("app").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"),
             ROOT / "streamlit_app.py"]
    assert len(files) > 40
    found = [hit for f in files for hit in _core_module_imports(f)]
    assert found == [], "\n".join(found)


def test_the_checker_finds_a_module_import(tmp_path):
    bad = ROOT / "app" / "_probe_public_api.py"
    try:
        bad.write_text("from optim_core.nets import NetConfig\nimport optim_core.tune\n")
        assert len(_core_module_imports(bad)) == 2
    finally:
        bad.unlink()


def test_every_exported_name_resolves():
    missing = [n for n in optim_core.__all__ if not hasattr(optim_core, n)]
    assert missing == []
    assert len(set(optim_core.__all__)) == len(optim_core.__all__)
