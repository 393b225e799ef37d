"""Browser check of the review's fixes (tests/test_review_tonight.py): the Snapshot tab on a
diverging configuration, opened by its link in English and Chinese, says the run diverged
(no 'nan ≤ nan' claim), draws its figures and shows no exception; screenshots saved."""
import pytest
from conftest import assert_no_exception, screenshot, shown, wait_for_app

from app.text.deep import EN, ZH
from app.urlstate import encode
from optim_core.deep import DeepConfig

pytestmark = pytest.mark.browser
VIEWPORT_HEIGHT = 1800
DIVERGING = DeepConfig(width=32, snap_depth=3, snap_lr=2.0, snap_momentum=0.99,
                       snap_epochs=8, snap_cycles=2, snap_batch=4)


@pytest.mark.parametrize("lang, word", [("en", "diverged"), ("zh", "发散")])
def test_snapshot_tab_diverged_in_browser(app_url, page, lang, word):
    doc = {"tab": "snapshots", "deep": DIVERGING.to_dict()}
    page.goto(f"{app_url}/deep?lang={lang}&cfg={encode(doc)}")
    wait_for_app(page, "h1", timeout=180_000)
    assert shown(page, word, timeout=180_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=180_000)
    assert_no_exception(page)
    title = (EN if lang == "en" else ZH)["tab_snapshots"]
    assert page.locator("[data-testid='stTab'][aria-selected='true']").first.inner_text() \
        .strip() == title
    assert "nan ≤ nan" not in page.locator("[data-testid='stMain']").inner_text()
    screenshot(page, f"review_snapshots_diverged_{lang}")
