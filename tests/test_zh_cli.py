"""`list --lang zh`: the command line prints the registries' Chinese (issue 14)."""
import json

import pytest

from optim_core.cli import LISTS, main
from optim_core.text import zh_of


@pytest.mark.parametrize("what", sorted(LISTS))
def test_list_in_chinese_prints_each_entrys_chinese(what, capsys):
    assert main(["list", what, "--json", "--lang", "zh"]) == 0
    rows = json.loads(capsys.readouterr().out)
    registry = LISTS[what][0]
    assert [r["key"] for r in rows] == list(registry)
    for r, spec in zip(rows, registry.values()):
        assert r["name"] == (zh_of(spec.name) or str(spec.name))
    assert main(["list", what, "--json"]) == 0                   # English stays the default
    english = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in english] == [str(s.name) for s in registry.values()]
    assert any(a["name"] != b["name"] for a, b in zip(rows, english)) or what == "datasets"
