"""The page list: one entry per page script (the router reads it)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    path: str        # script under pages/
    title_key: str   # key in app.text.common
    icon: str
    url_path: str


PAGES = (
    PageEntry("pages/home.py", "common.nav_home", ":material/home:", "home"),
    PageEntry("pages/lesson.py", "common.nav_lesson", ":material/school:", "lesson"),
    PageEntry("pages/compare.py", "common.nav_compare", ":material/compare_arrows:", "compare"),
    PageEntry("pages/schedules.py", "common.nav_schedules", ":material/speed:", "schedules"),
    PageEntry("pages/momentum.py", "common.nav_momentum", ":material/sports_baseball:",
              "momentum"),
    PageEntry("pages/critical.py", "common.nav_critical", ":material/filter_hdr:", "critical"),
    PageEntry("pages/basins.py", "common.nav_basins", ":material/water_drop:", "basins"),
    PageEntry("pages/learned.py", "common.nav_learned", ":material/scatter_plot:", "learned"),
    PageEntry("pages/network.py", "common.nav_network", ":material/hub:", "network"),
    PageEntry("pages/deep.py", "common.nav_deep", ":material/layers:", "deep"),
)
