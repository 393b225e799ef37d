"""Shared fixtures: a live Streamlit server and a headless Chromium page (Playwright).

Browser tests are marked ``browser``; every tests/test_*_browser.py uses these fixtures
only: ``app_url`` starts ``streamlit run`` once per test session on a free local port,
``browser`` starts Chromium once, ``page`` opens a fresh context (its height from the
module's ``VIEWPORT_HEIGHT``); screenshots go under ``tests/artifacts/``.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--enable-unsafe-swiftshader"]


ENTRY = str(ROOT / "streamlit_app.py")


def app_test(page_url: str | None = None, timeout: float = 120):
    """An AppTest of the whole app, switched to ``page_url`` (e.g. "compare") if given."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    at.run()
    if page_url:
        at.switch_page(f"pages/{page_url}.py")
        at.run()
    return at


def open_page(page: str, doc: dict | None = None, raw: str | None = None, timeout=300):
    """An AppTest of ``page`` opened by a link (``doc`` encoded, or ``raw`` as given)."""
    from streamlit.testing.v1 import AppTest

    from app.urlstate import encode
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    if doc is not None or raw is not None:
        at.query_params["cfg"] = raw if raw is not None else encode(doc)
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def url_doc(at) -> dict:
    """The document in the page's link now."""
    from app.urlstate import decode
    v = at.query_params["cfg"]
    return decode(v[0] if isinstance(v, list) else v)


def link_notes(at) -> list[str]:
    """The notes a link left on the page (what it could not show, values clamped)."""
    return [m.value for m in at.info if "link" in m.value.lower()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    """Start the app with `streamlit run` on a free port; yield its URL. One server per test
    file: a file's sessions and worker-pool jobs never queue ahead of another file's pages."""
    port = _free_port()
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start: " + proc.stdout.read().decode()[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page on the session's one server and one Chromium. A module sets
    ``VIEWPORT_HEIGHT`` for a tall viewport: Streamlit scrolls inside its main block, so a
    full-page screenshot only shows what fits the viewport."""
    height = getattr(request.module, "VIEWPORT_HEIGHT", 1000)
    ctx = browser.new_context(viewport={"width": 1440, "height": height})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def wait_for_app(page, selector: str = "h1", timeout: float = 90_000) -> None:
    """Wait until ``selector`` is shown and the script has finished running."""
    page.wait_for_selector(f"[data-testid='stMain'] {selector}", timeout=timeout)
    for _ in range(2):   # the status widget can blink between reruns
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
            timeout=timeout)
        page.wait_for_timeout(700)


def shown(page, text: str, timeout: float = 90_000, **kw) -> bool:
    """Wait until ``text`` is on the page (after an action, the rerun it starts may begin
    after ``wait_for_app`` has already returned on a loaded machine)."""
    page.get_by_text(text, **kw).first.wait_for(timeout=timeout)
    return True


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, "an exception is shown"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m optim_core ARGS`` in this process (its ``main``, stdin/stdout/stderr
    swapped for strings): the exit code, output and errors of the real command, without
    a new interpreter importing torch. tests/test_cli.py keeps one real-process run."""
    import contextlib
    import io

    from optim_core.cli import main
    out, err, old = io.StringIO(), io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as e:     # --help
                code = e.code if isinstance(e.code, int) else 0
    finally:
        sys.stdin = old
    return subprocess.CompletedProcess(["optim_core", *args], code, out.getvalue(),
                                       err.getvalue())


@pytest.fixture
def cli():
    """:func:`run_cli` as a fixture: ``cli("simulate", "--config", "-", stdin=...)``."""
    return run_cli


def drag_grip(page, rail: dict, grip: dict, fractions, state: str, pause: int = 120) -> list:
    """Drag a plotly slider's grip (bounding box ``grip``) to each fraction of its rail
    (box ``rail``), holding the mouse down; the result of the JS ``state`` after each move."""
    page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    page.mouse.down()
    states = []
    for f in fractions:
        page.mouse.move(rail["x"] + f * rail["width"], rail["y"] + rail["height"] / 2, steps=4)
        page.wait_for_timeout(pause)
        states.append(page.evaluate(state))
    page.mouse.up()
    return states


def redraw_timer(gd: str, events=("plotly_animated", "plotly_restyle")) -> str:
    """Browser-side script that times every slider step of the plotly figure ``gd`` (a JS
    expression): "applied" when plotly reports one of ``events``, "painted" after the next
    frame; the pairs collect in ``window._redraw`` (ms)."""
    listen = "\n".join(f"    g.on('{e}', done);" for e in events)
    return f"""() => {{
    const g = {gd};
    window._redraw = [];
    let t0 = null;
    const done = () => {{
        if (t0 === null) return;
        const start = t0, mid = performance.now() - start; t0 = null;
        requestAnimationFrame(() => setTimeout(
            () => window._redraw.push([mid, performance.now() - start]), 0));
    }};
    g.on('plotly_sliderchange', () => {{ t0 = performance.now(); }});
{listen}
}}"""
