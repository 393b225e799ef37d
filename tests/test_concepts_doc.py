"""docs/CONCEPTS.md names, for every concept of the curriculum (sections 1-8), the test that
runs the page's configuration and asserts the fact taught: every row names at least one
``tests/<file>.py::<test>``, and every name resolves to a test function of that file (read
with ast, nothing imported). The lesson scenes named in the table exist."""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "CONCEPTS.md"
SECTIONS = range(1, 9)
REF = re.compile(r"`?(tests/[\w/]+\.py)::(\w+)`?")
SCENE = re.compile(r"`(\w+)`")


@dataclass
class Row:
    section: int
    line: int
    cells: dict        # header -> cell text

    @property
    def concept(self) -> str:
        return self.cells.get("Concept", "")

    def refs(self) -> list[tuple[str, str]]:
        return REF.findall(self.cells.get("Test", ""))


def _cells(line: str) -> list[str]:
    """A table line's cells: split at pipes that are not escaped (``\\|w\\|``)."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def parse(text: str) -> list[Row]:
    """Every table row under a "## N. ..." heading, its cells keyed by the table's header."""
    rows, section, header = [], None, None
    for i, line in enumerate(text.splitlines(), 1):
        m = re.match(r"## (\d+)\. ", line)
        if m:
            section, header = int(m.group(1)), None
            continue
        if line.startswith("## "):
            section, header = None, None
        if section is None or not line.startswith("|"):
            if not line.startswith("|"):
                header = None
            continue
        cells = _cells(line)
        if header is None:
            header = cells
        elif not all(set(c) <= set("-: ") for c in cells):
            rows.append(Row(section, i, dict(zip(header, cells))))
    return rows


def _functions(path: Path) -> set[str]:
    """Names of the test functions of ``path``: module level and in classes."""
    tree = ast.parse(path.read_text(), str(path))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {f.name for f in node.body
                      if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return {n for n in names if n.startswith("test")}


def problems(rows: list[Row], root: Path = ROOT, sections=SECTIONS) -> list[str]:
    """One line per row without a test and per named test that does not exist."""
    out, cache = [], {}
    for row in rows:
        if row.section not in sections:
            continue
        where = f"CONCEPTS.md:{row.line} (section {row.section}, {row.concept[:50]!r})"
        refs = row.refs()
        if not refs:
            out.append(f"{where}: no test named in a Test column")
        for file, name in refs:
            path = root / file
            if file not in cache:
                cache[file] = _functions(path) if path.is_file() else None
            if cache[file] is None:
                out.append(f"{where}: {file} does not exist")
            elif name not in cache[file]:
                out.append(f"{where}: {file} has no test function {name}")
    return out


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return parse(DOC.read_text())


def test_every_section_has_its_concepts(rows):
    counts = {s: sum(r.section == s for r in rows) for s in SECTIONS}
    assert all(n >= 2 for n in counts.values()), counts
    assert all(r.concept for r in rows)


def test_sections_1_to_4_name_an_existing_test_for_every_row(rows):
    assert problems(rows, sections=range(1, 5)) == []
    assert sum(len(r.refs()) for r in rows if r.section <= 4) >= 2 * sum(
        r.section <= 4 for r in rows)


def test_every_row_names_an_existing_test(rows):
    """All sections, 1-8: every concept has its test (no row without one)."""
    found = problems(rows)
    assert found == [], "\n".join(found)


def test_named_lesson_scenes_exist(rows):
    from app.lesson.scenes import scenes
    keys = {s.key for s in scenes()}
    named = {k for r in rows for k in SCENE.findall(r.cells.get("Lesson scene", ""))}
    assert named and named <= keys, named - keys


def test_the_checker_finds_what_is_wrong(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text(
        "def test_here():\n    pass\n\n\nclass TestK:\n    def test_in_class(self):\n"
        "        pass\n\n\ndef helper():\n    pass\n")
    doc = ("## 1. One\n\n| Concept | Page (tab) | Lesson scene | Test |\n|---|---|---|---|\n"
           "| fine | P | — | `tests/test_a.py::test_here`, `tests/test_a.py::test_in_class` |\n"
           "| no test | P \\| Q | — |  |\n"
           "| missing name | P | — | `tests/test_a.py::test_gone` |\n"
           "| not a test | P | — | `tests/test_a.py::helper` |\n"
           "| missing file | P | — | `tests/test_b.py::test_here` |\n\n"
           "## 5. Five\n\n| Concept | Page (tab) | Lesson scene |\n|---|---|---|\n"
           "| no column | P | — |\n")
    rows = parse(doc)
    assert [r.section for r in rows] == [1] * 5 + [5]
    assert rows[1].cells["Page (tab)"] == "P \\| Q"
    found = problems(rows, tmp_path)
    assert len(found) == 5
    for text, line in (("no test named", 6), ("has no test function test_gone", 7),
                       ("has no test function helper", 8), ("test_b.py does not exist", 9),
                       ("no test named", 15)):
        assert any(f"CONCEPTS.md:{line} " in f and text in f for f in found), (text, found)
    assert problems(rows, tmp_path, sections=range(5, 9)) == [found[-1]]
