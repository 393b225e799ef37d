"""Where a scene opens: the page script and the query parameters of its link."""
from __future__ import annotations

from app import urlstate
from app.lesson.scenes import PAGES, SECTIONS, Scene

# the flags app.urlstate.load_once sets once a page has read its link in this session;
# cleared by the lesson so the next "Open in" link is read again
URL_FLAGS = ("cmp._url_loaded", "bas._url_loaded", "bas.race._url_loaded", "deep._url_loaded",
             "learned._url_loaded", "lr._url_loaded")
EXPLORE_SEEN = "cmp.ex._url_text"   # Compare's explore link already applied (cleared too)


def link(scene: Scene, lang: str) -> tuple[str, dict]:
    """``(page script, query parameters)`` of the scene's "Open in" link."""
    script, param = PAGES[scene.page]
    params = {"lang": lang}
    if param is not None and scene.page in SECTIONS:   # the page's tab and its section
        doc = dict(scene.section) if scene.section is not None else scene.config.to_dict()
        for name in reversed(SECTIONS[scene.page]):
            doc = {name: doc}
        params[param] = urlstate.encode({"tab": scene.tab, **doc})
    elif param is not None:
        params[param] = urlstate.encode(scene.config.to_dict())
    if scene.explore is not None:   # the Compare page opens its explore tab built
        params["explore"] = urlstate.encode(scene.explore.to_dict())
    return script, params


def nav_key(scene: Scene) -> str:
    """The page's name in app.text.common (``common.nav_<page>``; a PAGES key's suffix
    names a part of that page: basins_race, learned_softmax, schedules_stuck)."""
    return "common.nav_" + scene.page.split("_")[0]
