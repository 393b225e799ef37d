"""Every UI text key exists in every language, and the other way round."""
import importlib
import pkgutil

import pytest

import app.text as text_pkg
from app.text import LANGUAGES

MODULES = sorted(m.name for m in pkgutil.iter_modules(text_pkg.__path__)
                 if not m.name.startswith("_"))   # _errors: message patterns, not keys


@pytest.mark.parametrize("name", MODULES)
@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_key_in_every_language(name, lang):
    mod = importlib.import_module(f"app.text.{name}")
    other = getattr(mod, lang.upper(), None)
    assert other is not None, f"app/text/{name}.py has no {lang.upper()} dict"
    assert set(other) - set(mod.EN) == set(), f"{lang} keys not in EN"
    assert set(mod.EN) - set(other) == set(), f"EN keys missing in {lang}"


@pytest.mark.parametrize("name", MODULES)
@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_placeholders_match(name, lang):
    import string
    mod = importlib.import_module(f"app.text.{name}")
    other = getattr(mod, lang.upper(), {})
    fields = string.Formatter()
    for key, en in mod.EN.items():
        if key in other:
            want = {f for _, f, _, _ in fields.parse(en) if f}
            got = {f for _, f, _, _ in fields.parse(other[key]) if f}
            assert want == got, f"{name}.{key}: placeholders {got} != {want}"
