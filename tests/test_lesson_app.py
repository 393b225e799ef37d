"""The Lesson page under AppTest: every scene in both languages, navigation, the URL's scene,
presentation mode, and every "Open in" link read back by the page it opens."""
import json

import pytest
from conftest import ENTRY

from app import urlstate
from app.lesson import links
from app.lesson.scenes import PAGES, SECTIONS, scenes
from app.nav import PAGES as NAV
from app.schedules.form import stuck
from app.text.lesson import EN, ZH
from optim_core import DeepConfig, SimConfig, SoftmaxConfig
from optim_core.basins import BasinConfig
from optim_core.tune import TuneConfig

SCENES = scenes()
CONFIG_TYPE = {"compare": SimConfig, "basins": BasinConfig, "basins_race": TuneConfig,
               "deep": DeepConfig, "learned_softmax": SoftmaxConfig}
# a link section that is the page's own settings, not a config's dict: how the page reads it
READ = {"schedules_stuck": lambda d: stuck(d["lr"])}


def config_of(scene, doc: dict):
    """The scene's configuration read back from its link's document (a page of SECTIONS
    holds it in its section, beside the tab it opens)."""
    if scene.page in SECTIONS:
        assert doc["tab"] == scene.tab
        for name in SECTIONS[scene.page]:
            doc = doc[name]
    if scene.page in READ:
        return READ[scene.page](doc)
    return CONFIG_TYPE[scene.page].from_dict(doc)


def lesson(lang="en", **query):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/lesson.py")
    for k, v in query.items():
        at.query_params[k] = v
    at.session_state["lang"] = lang
    at.run()
    return at


def run_in(at, lang):
    """AppTest drops the sidebar's language radio after the first run (its state goes
    with it), so the language is set again before every run."""
    at.session_state["lang"] = lang
    return at.run()


def test_at_least_twelve_scenes_in_the_lectures_order():
    keys = [s.key for s in SCENES]
    assert len(keys) >= 12 and len(set(keys)) == len(keys)
    lecture = ["error_surface", "gd_eta", "batch", "critical", "hessian", "escape", "momentum",
               "adaptive", "stuck", "schedule", "softmax", "mse_ce", "scaling", "newton", "network",
               "vanishing", "bias"]
    assert [k for k in keys if k in lecture] == lecture
    assert {"basins", "race"} <= set(keys)
    for s in SCENES:
        for part in ("title", "text", "try"):
            assert EN[f"{s.key}_{part}"] and ZH[f"{s.key}_{part}"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_scene_renders(lang):
    at = lesson(lang)
    assert not at.exception
    table = EN if lang == "en" else ZH
    for i, s in enumerate(SCENES):
        at.query_params["scene"] = str(i + 1)
        run_in(at, lang)
        assert not at.exception, (s.key, at.exception)
        assert not at.error, (s.key, [e.value for e in at.error])
        assert at.header[0].value == f"{i + 1}. {table[s.key + '_title']}"
        assert at.get("plotly_chart"), s.key
        link = at.get("page_link")
        assert len(link) == 1 and link[0].proto.page == s.page.split("_")[0]
        assert f"lang={lang}" in link[0].proto.query_string
        assert at.query_params["scene"] == str(i + 1)


def test_next_previous_and_picker_move_the_scene_and_the_url():
    at = lesson(scene="3")
    assert at.header[0].value.startswith("3. ")
    at.button(key="lesson.next").click()
    run_in(at, "en")
    assert at.header[0].value.startswith("4. ") and at.query_params["scene"] == "4"
    at.button(key="lesson.prev").click()
    run_in(at, "en")
    assert at.header[0].value.startswith("3. ")
    at.selectbox(key="lesson.pick").set_value(0)
    run_in(at, "en")
    assert at.header[0].value.startswith("1. ") and at.button(key="lesson.prev").disabled
    at.selectbox(key="lesson.pick").set_value(len(SCENES) - 1)
    run_in(at, "en")
    assert at.button(key="lesson.next").disabled


def test_a_bad_scene_number_falls_back_and_says_so():
    at = lesson(scene="99")
    assert at.header[0].value.startswith(f"{len(SCENES)}. ")
    said = " ".join(m.value for m in at.info)
    assert "scene = 99" in said and f"nearest allowed value, {len(SCENES)}" in said
    at = lesson(scene="abc")
    assert at.header[0].value.startswith("1. ")
    assert "scene = abc" in " ".join(m.value for m in at.info)
    assert not [m for m in lesson(scene="3").info if "scene =" in m.value]


def test_arrow_keys_are_the_buttons_shortcuts():
    at = lesson()
    assert at.button(key="lesson.next").proto.shortcut.lower() == "right"
    assert at.button(key="lesson.prev").proto.shortcut.lower() == "left"


def test_presentation_mode_folds_the_controls_and_keeps_the_keys():
    at = lesson(scene="2")
    assert len(at.selectbox(key="lesson.pick").options) == len(SCENES) and not at.get("html")
    at.toggle(key="lesson.present").set_value(True)
    run_in(at, "en")
    assert at.query_params["present"] == "1"
    assert not [s for s in at.selectbox if s.key == "lesson.pick"], "the picker is folded away"
    css = at.get("html")[0].proto.body
    assert "stSidebar" in css and "font-size" in css
    assert at.header[0].value.startswith("2. ") and not at.title
    at.button(key="lesson.next").click()
    run_in(at, "en")
    assert at.header[0].value.startswith("3. ") and at.get("html")
    # a teacher's link opens straight into presentation mode
    assert lesson(scene="5", present="1").get("html")


def test_lesson_is_in_the_navigation():
    assert "pages/lesson.py" in [p.path for p in NAV]
    assert {script for script, _ in PAGES.values()} <= {p.path for p in NAV}


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.key)
def test_open_in_link_decodes_to_the_scenes_config(scene):
    script, params = links.link(scene, "zh")
    assert script in {p.path for p in NAV} and params["lang"] == "zh"
    param = PAGES[scene.page][1]
    if param is None:
        assert set(params) == {"lang"}
        return
    assert config_of(scene, urlstate.decode(params[param])) == scene.config


@pytest.mark.parametrize("scene", [s for s in SCENES if PAGES[s.page][1]], ids=lambda s: s.key)
def test_the_page_opened_by_the_link_runs_the_scenes_config(scene):
    """Open the link on its page: the configuration the page then saves in its URL is the
    scene's own (the page read every setting from the link)."""
    from streamlit.testing.v1 import AppTest
    script, params = links.link(scene, "en")
    param = PAGES[scene.page][1]
    at = AppTest.from_file(ENTRY, default_timeout=180)
    at.run()
    at.switch_page(script)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert not [w for w in at.warning if "link" in w.value], [w.value for w in at.warning]
    saved = urlstate.decode(at.query_params[param])
    assert config_of(scene, saved) == scene.config, json.dumps(saved)


def test_a_deep_scene_link_wins_over_the_students_earlier_settings():
    """A student changed the Deep-networks page, then opens the vanishing scene's link in the
    same session: the page shows the scene's configuration, not the student's."""
    from streamlit.testing.v1 import AppTest
    i, scene = next((i, s) for i, s in enumerate(SCENES) if s.key == "vanishing")
    at = AppTest.from_file(ENTRY, default_timeout=300)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/deep.py").run()          # opens on its first tab: vanishing
    at.slider(key="dp.depth").set_value(3).run()
    assert not at.exception and at.session_state["dp.depth"] == 3
    at.switch_page("pages/lesson.py")
    at.query_params["scene"] = str(i + 1)
    run_in(at, "en")
    assert not at.exception and at.header[0].value.startswith(f"{i + 1}. ")
    script, params = links.link(scene, "en")
    at.switch_page(script)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception and not at.error
    assert at.session_state["dp.depth"] == scene.config.depth == 8
    saved = urlstate.decode(at.query_params["cfg"])
    assert config_of(scene, saved) == scene.config
