"""Momentum, Basins & fair races, Learned surfaces and Neural network in Chinese (AppTest):
every visible text of every tab and view -- markdown, titles, labels, help, options,
captions, alerts, table headers and word cells, and each Plotly figure's titles, axis
titles, legend names, hover templates, slider and button labels -- holds no run of English
words beyond the allow-list below. The same views run in English too (they render, with
text), so neither language can rot.

Registry text (surface / optimizer / schedule names, parameter labels and help) is
translated in the core by another change: a registry string is skipped only while its
entry has no Chinese (``optim_core.text.zh_of(x) is None``, read at test time); once it has
Chinese, the page must show the Chinese.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib
import json
import re

import pytest
from conftest import ENTRY

from optim_core import OPTIMIZERS, SCHEDULES, SURFACES
from optim_core.nets import NET_PARAMS
from optim_core.text import zh_of

# proper names, symbols and citations that stay as they are in Chinese text
PROPER = {
    "SGD", "Adam", "AdamW", "RMSProp", "AdaGrad", "AdaDelta", "Nesterov", "PyTorch", "torch",
    "Rosenbrock", "Himmelblau", "Beale", "Rastrigin", "MSE", "MAE", "Huber", "ReLU", "tanh",
    "Distill", "Polyak", "Lanczos", "PCA", "MLP", "Hessian", "CSV", "JSON", "HTML", "PNG",
    "softmax", "python", "Python", "optim_core", "log10", "torch.optim", "scipy",
    # torch.optim / torch.nn class names, kept in brackets as the notes keep English terms
    "BatchNorm", "ChainedScheduler", "ConstantLR", "LambdaLR", "LinearLR", "SequentialLR",
    "PolynomialLR", "MultiplicativeLR", "MultiStepLR", "StepLR", "ExponentialLR",
    "CosineAnnealingLR", "CyclicLR", "OneCycleLR", "ReduceLROnPlateau", "SGDR", "Transformer",
    "Kaiming", "Xavier", "Glorot", "Leaky", "SiLU", "Sigmoid", "ELU", "Wolfe",   # proper names
    "eig", "mod",                                 # max|eig Rᵢ|, n mod B: symbols
}
PHRASES = (
    "Why Momentum Really Works",                  # the article's title
    "Li et al.", "Choi et al.", "Schmidt, Schneider & Hennig",   # citations
    "English",                                    # the language switch's own name
)
# Hard-coded in the shared app/figures.py (translated by another change, not these pages'):
# remove from here once that module routes them through t().
SHARED_HARDCODED = ("log10(f - min)", "known minimum", "known maximum", "known saddle",
                    "surface")
PAGES = ("momentum", "basins", "learned", "network")
# keys of a Plotly figure whose string values are shown (titles, names, hover, labels)
FIGURE_KEYS = {"text", "name", "hovertemplate", "prefix", "label", "ticktext", "customdata",
               "title"}
PROTO_KEYS = {"body", "label", "help", "options", "caption", "placeholder", "text"}


def _strings(obj, keys, key=None):
    """Every string under one of ``keys`` in nested dicts and lists."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("bdata", "source", "spec"):
                continue
            yield from _strings(v, keys, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v, keys, key)
    elif isinstance(obj, str) and key in keys:
        yield obj


def _registry_strings(obj, out: set, seen: set) -> None:
    """Every string of a registry entry (dataclasses, tuples, dicts), recursively."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        out.add(obj)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _registry_strings(getattr(obj, f.name, None), out, seen)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _registry_strings(k, out, seen)
            _registry_strings(v, out, seen)
    elif isinstance(obj, (tuple, list, set, frozenset)):
        for v in obj:
            _registry_strings(v, out, seen)


def untranslated_registry() -> list[str]:
    """Registry strings without Chinese yet (longest first, for removal)."""
    found: set = set()
    for reg in (OPTIMIZERS, SURFACES, SCHEDULES, NET_PARAMS):
        _registry_strings(reg, found, set())
    return sorted((s for s in found if len(s) >= 2 and zh_of(s) is None), key=len,
                  reverse=True)


def untranslated_shared() -> list[str]:
    """English of shared modules' keys (app/text/{common,controls,choices,formula}) that
    have no Chinese yet: those modules are translated by another change."""
    out = []
    for name in ("common", "controls", "choices", "formula"):
        try:
            mod = importlib.import_module(f"app.text.{name}")
        except ImportError:
            continue
        zh = getattr(mod, "ZH", {})
        for key, en in mod.EN.items():
            if key not in zh:
                out += [part for part in re.split(r"\{[^}]*\}", en) if len(part.strip()) >= 3]
    return sorted(out, key=len, reverse=True)


CJK = "\u3400-\u9fff\uff00-\uffef\u3000-\u303f"


def _whole(a: str) -> str:
    """``a`` as a regex that never cuts a latin word."""
    head = r"(?<![A-Za-z])" if a[:1].isalpha() else ""
    tail = r"(?![A-Za-z])" if a[-1:].isalpha() else ""
    return head + re.escape(a) + tail


@functools.lru_cache(maxsize=8)
def _allowed_pattern(allowed: tuple) -> re.Pattern:
    return re.compile("|".join(_whole(a) for a in sorted(set(allowed), key=len, reverse=True)))


def english_runs(text: str, allowed: list[str]) -> list[str]:
    """Runs of English words left in ``text``: two or more consecutive latin words, or one
    latin word of four letters or more, after the allowed strings and symbols are removed."""
    # the glossary's convention: the English term in brackets right after the Chinese one
    text = re.sub(rf"(?<=[{CJK}]) ?[(（][A-Za-z][A-Za-z0-9 \-]*[)）]", " ", text)
    if allowed:                                     # whole words only, longest first
        text = _allowed_pattern(tuple(allowed)).sub(" ", text)
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$[^$]*\$", " ", text)                  # LaTeX
    text = re.sub(r"`[^`]*`", " ", text)                    # code
    text = re.sub(r"%\{[^}]*\}|<[^>]*>", " ", text)         # plotly hover fields, tags
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"\b\w*_\w*\b", " ", text)                # identifiers: lr_min, drop_last
    for p in (*PHRASES, *sorted(PROPER, key=len, reverse=True)):
        text = re.sub(_whole(p), " ", text)
    text = re.sub(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])", " ", text)   # one letter: a symbol
    runs = re.findall(r"[A-Za-z]+(?:[ '\-]+[A-Za-z]+)+|[A-Za-z]{4,}", text)
    return runs


def _walk(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _walk(child)


def visible_texts(at) -> list[str]:
    """Every text the main area shows (sidebar: the shared shell, not these pages)."""
    from google.protobuf.json_format import MessageToDict
    out = []
    for node in _walk(at.main):
        proto = getattr(node, "proto", None)
        if getattr(node, "type", "") == "plotly_chart":
            spec = json.loads(proto.spec)
            out += list(_strings(spec.get("data", []), FIGURE_KEYS))
            out += list(_strings(spec.get("layout", {}), FIGURE_KEYS))
            out += list(_strings(spec.get("frames", []), FIGURE_KEYS))
            continue
        if getattr(node, "type", "") in ("arrow_data_frame", "dataframe", "table"):
            df = node.value
            out += [str(c) for c in df.columns]
            out += [v for col in df.columns for v in df[col] if isinstance(v, str)]
            continue
        if proto is None:
            continue
        d = MessageToDict(proto)
        for s in _strings(d, PROTO_KEYS):
            if s.startswith("[") and s.endswith("]"):     # options: a list's repr
                try:
                    import ast
                    out += [str(v) for v in ast.literal_eval(s)]
                    continue
                except (ValueError, SyntaxError):
                    pass
            out.append(s)
    return [s for s in out if s.strip()]


def run_page(page: str, lang: str, steps=()):
    """The page in ``lang``, then each ``(kind, key, value)`` widget change in turn; yields
    the AppTest after the first run and after every change."""
    from streamlit.testing.v1 import AppTest

    import app.text
    # AppTest calls a widget's format_func in the test's own thread, outside the session,
    # where the language is the default: make that default this run's language
    saved, app.text.DEFAULT_LANGUAGE = app.text.DEFAULT_LANGUAGE, lang
    try:
        yield from _run_page(AppTest, page, lang, steps)
    finally:
        app.text.DEFAULT_LANGUAGE = saved


def _run_page(AppTest, page, lang, steps):
    at = AppTest.from_file(ENTRY, default_timeout=600)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    yield at
    for kind, key, value in steps:
        # after switch_page, AppTest's tree has no sidebar, so the language radio's state is
        # not sent back and would fall to its default: set it as the browser would keep it
        at.session_state["lang"] = lang
        if kind == "tab":     # only the open tab is computed: open it by its label
            text = importlib.import_module(f"app.text.{page}")
            at.session_state[key] = getattr(text, lang.upper())[f"tab_{value}"]
            at.run()
        else:
            getattr(at, kind)(key=key).set_value(value).run()
        yield at


# widget changes, in turn
VIEWS = {
    "momentum": [("toggle", "mom.opt", False), ("selectbox", "mom.ex.p2.momentum", "none"),
                 ("selectbox", "mom.ex.opt", "adam")],
    "basins": [("tab", "bas.tab", "race"), ("selectbox", "bas.race.metric", "final_loss"),
               ("toggle", "bas.race.second", True)],
    "learned": [("selectbox", "learned.b.surface", k)
                for k in [k for k, s in SURFACES.items() if s.data][1:]]
               + [("tab", "learned.tab", "logistic"), ("tab", "learned.tab", "scaling"),
                  ("tab", "learned.tab", "softmax"), ("radio", "learned.sm.classes", 2)],
    "network": [("tab", "net.tab", "landscape"), ("radio", "net.dir", "random"),
                ("tab", "net.tab", "hessian"), ("tab", "net.tab", "range"),
                ("tab", "net.tab", "weights"), ("tab", "net.tab", "widths")],
}


def _check(at, page, allowed, lang):
    assert not at.exception, at.exception
    texts = set(visible_texts(at))
    assert len(texts) > 20, (page, lang, texts)
    if lang == "en":
        return set()
    bad = set()
    for s in texts:
        runs = english_runs(s, allowed)
        if runs:
            bad.add(f"{runs} in {s[:160]!r}")
    return bad


@pytest.mark.parametrize("page", PAGES)
def test_page_in_chinese_has_no_english(page):
    allowed = [*untranslated_registry(), *untranslated_shared(), *SHARED_HARDCODED]
    zh = importlib.import_module(f"app.text.{page}").ZH
    bad = set()
    for at in run_page(page, "zh", VIEWS[page]):
        bad |= _check(at, page, allowed, "zh")
        assert at.title[0].value == zh["title"]
    assert not bad, "\n".join(sorted(bad))


@pytest.mark.parametrize("page", PAGES)
def test_page_in_english_still_renders(page):
    en = importlib.import_module(f"app.text.{page}").EN
    for at in run_page(page, "en", VIEWS[page]):
        _check(at, page, [], "en")
        assert at.title[0].value == en["title"]


def test_english_runs_finds_english():
    """The checker itself: English is found, Chinese, symbols and allowed names are not."""
    assert english_runs("the loss falls", []) == ["the loss falls"]
    assert english_runs("损失 loss", []) == ["loss"]
    assert english_runs("梯度下降 (gradient descent) 与 Adam：η = 0.1，$\\beta$", []) == []
    assert english_runs("动量 = ", []) == []
    assert english_runs("Learned: linear regression", ["Learned: linear regression"]) == []
    assert english_runs("t=%{x}<br>|x|=%{y:.3g}<extra>λ=1</extra>", []) == []


@pytest.mark.browser
@pytest.mark.parametrize("page_name", ["learned", "momentum", "basins", "network"])
def test_page_in_chinese_in_browser(app_url, browser, page_name):
    """The page from a Chinese link (?lang=zh) in headless Chromium: the Chinese title, no
    exception; the screenshot (tests/artifacts/zh_<page>.png) is looked at for CJK glyphs."""
    from conftest import assert_no_exception, screenshot, wait_for_app
    zh = importlib.import_module(f"app.text.{page_name}").ZH
    ctx = browser.new_context(viewport={"width": 1440, "height": 2000}, locale="en-US")
    page = ctx.new_page()
    try:
        page.goto(f"{app_url}/{page_name}?lang=zh")
        wait_for_app(page, "h1")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == zh["title"]
        screenshot(page, f"zh_{page_name}")
    finally:
        ctx.close()
