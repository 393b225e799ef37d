"""The Neural-network page's runs in headless Chromium, in English and Chinese: a link
with two SGD runs (own schedules and rates), Adam and Muon, trained with weight decay,
opens with every run's expander and the landscape titled by its training objective; the
URL keeps the link's configuration. Screenshots: tests/artifacts/netruns_<lang>.png."""
import pytest

from app.urlstate import encode

TRAIN = {"net": {"n": 48, "width": 4, "depth": 2, "epochs": 3, "batch_size": 12, "seed": 3,
                 "weight_decay": 0.01},
         "optimizers": [{"name": "sgd", "params": {"lr": 0.3},
                         "schedule": {"name": "step", "params": {"step_size": 4, "gamma": 0.25}}},
                        {"name": "adam", "params": {"lr": 0.02}},
                        {"name": "sgd", "params": {"lr": 0.1},
                         "schedule": {"name": "multistep",
                                      "params": {"milestones": [3, 6], "gamma": 0.7}}},
                        {"name": "muon", "params": {"lr": 0.03}}]}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_network_runs_in_browser(app_url, browser, lang):
    from urllib.parse import parse_qs, urlparse

    from conftest import assert_no_exception, screenshot, wait_for_app

    from app.urlstate import decode
    ctx = browser.new_context(viewport={"width": 1440, "height": 2200}, locale="en-US")
    page = ctx.new_page()
    try:
        page.goto(f"{app_url}/network?lang={lang}&cfg={encode({'tab': 'landscape', 'train': TRAIN})}")
        wait_for_app(page, "h1", timeout=240_000)
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2",
            timeout=180_000)
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        expanders = page.locator("[data-testid='stExpander'] summary").all_inner_texts()
        copy = "SGD, run 2: settings" if lang == "en" else "第 2 次运行"
        assert any(copy in e for e in expanders), expanders
        titles = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
            .map(p => (p.layout && p.layout.title && p.layout.title.text) || '')""")
        assert any("λ/2·‖w‖²" in s for s in titles), titles
        cfg = decode(parse_qs(urlparse(page.url).query)["cfg"][0])
        assert [o["params"]["lr"] for o in cfg["train"]["optimizers"]] == [0.3, 0.02, 0.1, 0.03]
        assert [o.get("schedule", {}).get("name") for o in cfg["train"]["optimizers"]] == \
            ["step", None, "multistep", None]
        page.locator("[data-testid='stExpander'] summary").filter(has_text=copy).first.click()
        page.wait_for_timeout(800)
        screenshot(page, f"netruns_{lang}")
    finally:
        ctx.close()
