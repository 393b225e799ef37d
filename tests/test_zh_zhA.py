"""Home, Compare optimizers, Learning rate and Saddles & Hessian in Chinese (AppTest).

Every visible text of each page and view is collected (markdown, titles, labels, help,
options, captions, alerts, buttons, tabs, expanders, metrics, table headers and word
cells, and from every Plotly figure: title, axis titles, annotations, legend names,
hover templates, button labels) and searched for English left untranslated: two
consecutive Latin words, or one Latin word of four letters or more, beyond an allow-list
of proper names and symbols. Registry text (names, teaching lines, help) that has no
Chinese yet in the core is skipped by reading the registry (``zh_of(x) is None``); text
whose entry has Chinese must be Chinese. The same views run in English: they render,
carry text, and show no Chinese (except the language switch's own "中文").
"""
from __future__ import annotations

import dataclasses
import json
import re

import pandas as pd
import pytest
from conftest import ENTRY

from app.formula_input import DEFAULT_FORMULA
from app.schedules.form import DECAYS
from optim_core import OPTIMIZERS, SCHEDULES, SURFACES
from optim_core.formula import formula_surface
from optim_core.text import zh_of

# proper names, units and symbols that stay as they are in the Chinese interface
ALLOWED = {
    "SGD", "Adam", "AdamW", "RMSProp", "AdaGrad", "Adagrad", "AdaDelta", "Adadelta", "Adamax",
    "NAdam", "RAdam", "Nesterov", "NAG", "LBFGS", "Lion", "PyTorch", "torch", "optim",
    "Rosenbrock", "Himmelblau", "Beale", "Ackley", "Rastrigin", "Booth", "Matyas",
    "MSE", "MAE", "Huber", "ReLU", "tanh", "Sigmoid", "SiLU", "ELU", "Leaky", "Xavier",
    "Glorot", "Kaiming", "MLP", "PCA", "Lanczos", "Levenberg", "Marquardt", "Newton",
    "Descent", "Lab", "CSV", "JSON", "HTML", "Python", "Wolfe", "LinearLR", "SequentialLR",
    "ReduceLROnPlateau", "SGDR", "KaTeX", "log", "exp", "sin", "cos", "tan", "sqrt", "abs",
    "sinh", "cosh", "atan", "relu", "softplus", "sigmoid", "max", "min", "pi",
}
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def registry_texts() -> tuple[list[str], set[str]]:
    """(registry strings with no Chinese yet, longest first; the parameters' torch names)."""
    untranslated, names = set(), set()
    for reg in (OPTIMIZERS, SURFACES, SCHEDULES):       # the core's registries
        for spec in reg.values():
            for f in dataclasses.fields(spec):
                v = getattr(spec, f.name)
                if f.name in ("name", "teaches", "shines", "fails", "lecture_note", "explain") \
                        and isinstance(v, str) and v and zh_of(v) is None:
                    untranslated.add(str(v))
            for p in getattr(spec, "params", ()):
                names.add(p.name)
                if p.help and zh_of(p.help) is None:
                    untranslated.add(str(p.help))
    typed = formula_surface(DEFAULT_FORMULA)            # a typed formula's surface line
    if zh_of(typed.teaches) is None:
        untranslated.add(str(typed.teaches))
    return sorted(untranslated, key=len, reverse=True), names


def clean(text: str, untranslated: list[str]) -> str:
    """The words of ``text`` a reader meets as prose: no math, code, markup or symbols."""
    for s in untranslated:
        text = text.replace(s, " ")
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", text, flags=re.DOTALL)  # code
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.DOTALL)          # LaTeX
    text = re.sub(r"`[^`]*`", " ", text)                                     # code
    text = re.sub(r"%\{[^}]*\}|<[^>]*>|:material/\w+:", " ", text)           # hover, html
    text = re.sub(r"\btorch(\.\w+)+", " ", text)
    # the glossary's English term in brackets after its Chinese: 鞍点 (saddle point)
    # (at most four words, after a Chinese word or its **bold**)
    text = re.sub(r"([\u3400-\u9fff]\**) ?[(（][A-Za-z][A-Za-z\-']*(?: [A-Za-z\-']+){0,3}[)）]",
                  r"\1 ", text)
    return text


def english_runs(text: str, untranslated: list[str], names: set[str]) -> list[str]:
    text = clean(text, untranslated)
    found, prev = [], None
    for m in TOKEN.finditer(text):
        w = m.group()
        word = (w not in ALLOWED and w not in names and "_" not in w
                and not any(c.isdigit() for c in w))
        if word and len(w) >= 4:
            found.append(w)
        if word and len(w) >= 2 and prev is not None and prev[1] >= 2 \
                and text[prev[0]:m.start()].strip() == "":
            found.append(text[prev[2]:m.end()])
        prev = (m.end(), len(w), m.start()) if word else None
    return found


# ----------------------------------------------------------------------------- collecting

FIELDS = {"body", "label", "help", "placeholder", "options", "caption", "delta", "text",
          "title", "formatted_value"}


def _strings(obj, key=None):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v, key)
    elif isinstance(obj, str) and key in FIELDS:
        yield obj


def _figure_texts(fig: dict):
    lay = fig.get("layout", {})
    for k, v in lay.items():
        if k == "title" or k.startswith(("xaxis", "yaxis", "scene")):
            yield from _strings(v, "title" if k == "title" else None)
            for ax in (v.values() if k == "scene" else [v]) if isinstance(v, dict) else []:
                if isinstance(ax, dict) and "title" in ax:
                    t = ax["title"]
                    yield t["text"] if isinstance(t, dict) and "text" in t else str(t)
    for a in lay.get("annotations", []):
        yield a.get("text", "")
    for menu in lay.get("updatemenus", []):
        for b in menu.get("buttons", []):
            yield b.get("label", "")
    for s in lay.get("sliders", []):
        yield s.get("currentvalue", {}).get("prefix", "")
    for tr in fig.get("data", []):
        yield str(tr.get("name", ""))
        yield str(tr.get("hovertemplate", ""))
        text = tr.get("text")
        if isinstance(text, list):
            yield from (str(x) for x in text)
        elif isinstance(text, str):
            yield text
        cb = tr.get("colorbar") or tr.get("marker", {}).get("colorbar") or {}
        if isinstance(cb.get("title"), dict):
            yield cb["title"].get("text", "")


def visible_texts(at) -> list[str]:
    """Every text the page shows in its main area (the sidebar holds the app's chrome)."""
    from google.protobuf.json_format import MessageToDict
    out: list[str] = []

    def walk(node):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind == "plotly_chart":
            out.extend(_figure_texts(json.loads(proto.spec)))
        elif kind in ("dataframe", "arrow_data_frame", "table"):
            df = node.value
            out.extend(str(c) for c in df.columns)
            for c in df.columns:                      # cells that are words
                if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
                    out.extend(str(v) for v in df[c])
        elif kind == "latex" or (proto is not None and kind == "markdown"
                                 and MessageToDict(proto).get("elementType") == "LATEX"):
            pass                                     # formulas are never translated
        elif proto is not None and hasattr(proto, "DESCRIPTOR"):
            out.extend(_strings(MessageToDict(proto, preserving_proto_field_name=True)))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree[0])                                 # the main area
    return [s for s in out if s and s.strip()]


def run_page(page: str, lang: str, steps=()):
    """The page in ``lang`` through the router (the link's ``?lang=``), its widgets set
    first. Widget values are set before the page's one run: AppTest formats a select box's
    value with its format_func outside the session, that is in English, and would not find
    it among the Chinese options on a rerun."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=240)
    at.query_params["lang"] = lang
    at.run()
    for step in steps:
        step(at)
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    title = at.title[0].value
    assert bool(CJK.search(title)) == (lang == "zh"), title
    return at


def _set(key, value):
    """Set a widget's value through its key, before the page draws it."""
    def step(at):
        at.session_state[key] = value
    return step


ALL_OPTIMIZERS = list(OPTIMIZERS)
VIEWS = {
    "home": ("home", ()),
    "compare": ("compare", (_set("cmp.steps", 60),)),
    # every optimizer (their rules, shines / fails lines and lecture notes)
    "compare_all": ("compare", (_set("cmp.steps", 40),
                                _set("cmp.opts", ALL_OPTIMIZERS))),
    "compare_formula": ("compare", (_set("cmp.steps", 40),
                                    _set("cmp.surface", "formula"))),
    "compare_same_lr": ("compare", (_set("cmp.steps", 40),
                                    _set("cmp.same_lr", True))),
    "schedules": ("schedules", (_set("lr.steps", 100),)),
    "schedules_plateau": ("schedules", (_set("lr.sched", "reduce_on_plateau"),
                                        _set("lr.steps", 100))),
    "critical": ("critical", ()),
    "critical_minimum": ("critical", (_set("critical.surface", "ill_conditioned"),)),
    "critical_degenerate": ("critical", (_set("critical.surface", "monkey_saddle"),)),
}
# every registry entry these pages show one at a time: each surface's line and parameters
# on Compare, each schedule's formula, explanation and parameters on Learning rate
VIEWS.update({f"compare_{k}": ("compare", (_set("cmp.surface", k), _set("cmp.steps", 20)))
              for k in SURFACES})
VIEWS.update({f"schedules_{k}": ("schedules", (_set("lr.sched", k), _set("lr.steps", 60)))
              for k in DECAYS})


@pytest.fixture(scope="module")
def registry():
    return registry_texts()


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_in_chinese_has_no_english_left(view, registry):
    page, steps = VIEWS[view]
    at = run_page(page, "zh", steps)
    texts = visible_texts(at)
    assert len(texts) > 10
    assert any(CJK.search(s) for s in texts)
    untranslated, names = registry
    left = {s[:160]: runs for s in texts if (runs := english_runs(s, untranslated, names))}
    assert not left, f"English left on {view} in Chinese: {left}"


@pytest.mark.parametrize("view", ["home", "compare", "schedules", "critical"])
def test_view_in_english_renders_without_chinese(view):
    page, steps = VIEWS[view]
    at = run_page(page, "en", steps)
    texts = visible_texts(at)
    assert len(texts) > 10 and sum(len(s) for s in texts) > 500
    chinese = [s[:80] for s in texts if CJK.search(s)]
    assert not chinese, f"Chinese on {view} in English: {chinese}"


def test_the_checker_catches_english():
    """The detector itself: prose is caught; symbols, formulas, names and glossary terms
    in brackets are not."""
    untranslated, names = [], {"lr", "betas"}
    assert english_runs("the loss stops falling", untranslated, names)
    assert english_runs("最终 loss", untranslated, names) == ["loss"]
    assert english_runs("path of", untranslated, names)
    assert not english_runs("**鞍点** (saddle point)：$\\lambda < 0$，x = 1, y = 2",
                            untranslated, names)
    assert english_runs("鞍点 (a saddle point is where it stops)", untranslated, names)
    assert not english_runs("Adam 与 SGD，学习率 (lr)，`python -m optim_core`", untranslated,
                            names)
    assert not english_runs("Plain English", ["Plain English"], names)


# ----------------------------------------------------------------------------- browser

@pytest.mark.browser
@pytest.mark.parametrize("page_url", ["", "compare", "schedules", "critical"])
def test_pages_in_chinese_in_browser(app_url, page, page_url):
    """A teacher's ?lang=zh link opens the page in Chinese, and it stays Chinese after a
    widget changes (screenshots: tests/artifacts/zh_<page>.png)."""
    from conftest import assert_no_exception, screenshot, wait_for_app
    page.goto(f"{app_url}/{page_url}?lang=zh")
    wait_for_app(page, "h1")
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert CJK.search(page.locator("[data-testid='stMain'] h1").first.inner_text())
    screenshot(page, f"zh_{page_url or 'home'}")
    if page_url == "compare":          # a rerun keeps the language
        page.get_by_role("tab", name="损失与梯度").click()
        page.get_by_label("起点 x").fill("0.5")
        page.get_by_label("起点 x").press("Enter")
        page.wait_for_timeout(1000)
        wait_for_app(page, "h1")
        assert CJK.search(page.locator("[data-testid='stMain'] h1").first.inner_text())
        assert "lang=zh" in page.url
        assert_no_exception(page)


def test_registry_chinese_reaches_the_pages(monkeypatch):
    """Registry text is shown through tr(): give a few entries Chinese (as the core's
    registries will carry it) and find it on each page in Chinese."""
    from optim_core.text import Text

    def with_zh(registry, key, **fields):
        spec = registry[key]
        monkeypatch.setitem(registry, key, dataclasses.replace(spec, **{
            f: Text(str(getattr(spec, f)), zh) for f, zh in fields.items()}))

    with_zh(OPTIMIZERS, "sgd", name="测试随机梯度下降", shines="测试擅长", fails="测试失败")
    with_zh(SURFACES, "rosenbrock", name="测试香蕉谷", teaches="测试弯曲的山谷")
    with_zh(SURFACES, "lecture_w1w2", name="测试课堂曲面")
    with_zh(SCHEDULES, "cosine", name="测试余弦退火", explain="测试余弦说明")
    with_zh(SCHEDULES, "warmup_cosine", name="测试预热余弦")

    def shown(page, steps=()):
        return "\n".join(visible_texts(run_page(page, "zh", steps)))

    home = shown("home")
    assert "测试随机梯度下降" in home and "测试擅长" in home and "测试弯曲的山谷" in home
    # a step count no other test uses: the Compare bundle is cached per configuration
    compare = shown("compare", (_set("cmp.steps", 37), _set("cmp.opts", ["sgd", "adam"])))
    assert "测试香蕉谷" in compare and "测试弯曲的山谷" in compare
    assert "测试随机梯度下降" in compare and "测试擅长" in compare
    schedules = shown("schedules", (_set("lr.steps", 70),))
    assert "测试余弦说明" in schedules or "测试预热余弦" in schedules
    assert "测试预热余弦" in schedules
    assert "测试课堂曲面" in shown("critical")
