"""The Lesson page in a real browser: presentation mode (arrow keys move the scene, the
sidebar is hidden, large type) and a scene in Chinese; screenshots in tests/artifacts/."""
import re

import pytest
from conftest import assert_no_exception, screenshot, wait_for_app


def header(page) -> str:
    return page.locator("[data-testid='stMain'] h2").first.inner_text()


@pytest.mark.browser
def test_presentation_mode_and_arrow_keys(app_url, page):
    page.goto(app_url + "/lesson?scene=2&present=1&lang=en")
    wait_for_app(page, "h2")
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot", timeout=90_000)
    page.wait_for_timeout(1000)
    assert_no_exception(page)
    assert header(page).startswith("2. Gradient descent")
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    size = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer'] p").first \
        .evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 22, f"presentation type is {size}px"
    screenshot(page, "lesson_presentation")
    page.locator("[data-testid='stMain'] h2").first.click()     # focus the page, not a widget
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stMain'] h2\")?.innerText.startsWith('3.')",
        timeout=90_000)
    wait_for_app(page, "h2")
    assert re.search(r"[?&]scene=3", page.url)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stMain'] h2\")?.innerText.startsWith('2.')",
        timeout=90_000)
    assert_no_exception(page)


@pytest.mark.browser
def test_a_scene_in_chinese(app_url, page):
    page.goto(app_url + "/lesson?scene=5&lang=zh")
    wait_for_app(page, "h2")
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot", timeout=90_000)
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert header(page) == "5. 海森矩阵与讲义中的例子"
    assert page.get_by_text("动手试试").count() == 1
    link = page.get_by_role("link", name=re.compile("在「鞍点与海森矩阵」中打开这一幕"))
    assert link.count() == 1
    screenshot(page, "lesson_zh_hessian")
    link.click()
    wait_for_app(page)
    assert page.locator("h1", has_text="鞍点").count() + page.locator(
        "h1", has_text="Saddles").count() == 1
    assert "lang=zh" in page.url


@pytest.mark.browser
@pytest.mark.parametrize("scene,lang,title,tab", [
    (16, "en", "16. Vanishing gradients through depth", "Vanishing gradients"),
    (17, "zh", "17. 模型偏差还是优化问题？", None),
    (11, "zh", "11. softmax、独热编码与交叉熵", None),
    (9, "en", "9. Training stuck ≠ a small gradient", "Stuck ≠ small gradient"),
])
def test_new_scenes_draw_and_open_their_page(app_url, page, scene, lang, title, tab):
    """The stuck, softmax and Deep-networks scenes (issue 15) in a real browser: the figure is drawn
    (the deep studies run in the worker pool), and the link opens the page on its tab."""
    page.goto(f"{app_url}/lesson?scene={scene}&lang={lang}")
    wait_for_app(page, "h2")
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot", timeout=120_000)
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert header(page) == title
    screenshot(page, f"lesson_scene{scene}_{lang}")
    link = page.locator("[data-testid='stPageLink'] a").first
    link.click()
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot", timeout=120_000)
    assert_no_exception(page)
    assert f"lang={lang}" in page.url
    if tab is not None:
        selected = page.locator("[role='tab'][aria-selected='true']").first.inner_text()
        assert selected == tab
    screenshot(page, f"lesson_scene{scene}_{lang}_opened")
