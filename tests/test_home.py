"""The home page: AppTest and a real browser."""
import pytest
from conftest import app_test, assert_no_exception, screenshot, wait_for_app

from optim_core import OPTIMIZERS, SURFACES


def test_home_lists_every_surface_and_optimizer():
    at = app_test()
    assert not at.exception
    assert at.title[0].value == "Descent Lab"
    tables = [df.value for df in at.dataframe]
    names = set(tables[0].iloc[:, 0]) | set(tables[1].iloc[:, 0])
    assert {s.name for s in SURFACES.values()} <= names
    assert {o.name for o in OPTIMIZERS.values()} <= names


@pytest.mark.browser
def test_home_in_browser(app_url, page):
    page.goto(app_url)
    wait_for_app(page)
    screenshot(page, "home")
    assert page.locator("h1", has_text="Descent Lab").count() >= 1
    assert_no_exception(page)


def test_make_run_says_what_it_is_doing(tmp_path):
    """A first `make run` installs for minutes: every stage announces itself before it
    starts (dry run on a fresh virtualenv path)."""
    import subprocess
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(["make", "-n", "run", f"VENV={tmp_path / 'venv'}"], cwd=root,
                         capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    install = next(i for i, s in enumerate(lines) if "pip install" in s and "-r requirements.txt" in s)
    assert any(s.startswith("echo \"==> Installing") for s in lines[:install])
    assert any(s.startswith("echo \"==> Creating") for s in lines[:install])
    assert any(s.startswith("echo \"==> Starting") for s in lines[install:])
