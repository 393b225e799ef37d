"""Load test (issue 8): a class opens the app at the same minute.

Starts the app (loopback only), then drives real sessions: by default over the websocket
protocol the browser speaks (``/_stcore/stream``: the same protobuf ``BackMsg`` /
``ForwardMsg`` messages; a session's rerun is finished at its ``script_finished``), or with
``--driver browser`` in headless Chromium (Playwright; the browsers then share this 2-core
machine with the server, so they measure rendering as much as serving). Each session opens
the Compare page with a non-default configuration in its link, or opens the Learning-rate
page and picks a non-default schedule (a second rerun). First a single-session
baseline (one session at a time, after a warm-up visit of the same sessions), then
``--sessions`` sessions, ``--concurrency`` at once.
Reports p50 / p95 time to a finished rerun per page, errors (an exception or an error
alert on the page, a timeout, a refused or dropped connection), and the server's resident
memory (its children included, if any): warm (after the baseline), at its peak, and after
every session has closed and the server has dropped them (``server.disconnectedSessionTTL``,
set short here): 10 s after the last session closed, and again 30 s after (no gc forced).

``--heavy`` (issue 12): on one server, ``--rounds`` rounds of two classes, one quiet and one
with a heavy request running (a Neural-network training of ``--heavy-epochs`` epochs in one
more session, which goes away at the class's end), in the order Q H H Q Q H so the
machine's drifting load hits both alike; reports the heavy phases' p50 / p95 against the
quiet ones' (target: p95 within 2x), the server's own CPU per rerun and the pool's CPU.
``--stall``: no server; in one process, a light request's latency while nothing else runs,
while a training runs in another thread (before the pool), and while it runs in the pool.
``--workers N`` sets the server's worker pool (``DESCENT_WORKERS``; 0 = heavy work in the
session's thread, as before the pool).

Run: ``python -m bench.loadtest`` (about 1.5 minutes here), ``--quick`` for a smoke run,
``--think 2`` for a class that acts every 2 s, ``--burst`` for 30 sessions sending at the same
instant, ``--distinct`` for no shared configurations, ``--driver browser`` for Chromium.
Bounded: at most ``--sessions`` sessions, each with a timeout; prints met / NOT met, never
asserts. Writes bench/loadtest.json (the default scenario) or
bench/loadtest_<driver>[_distinct][_burst].json (the others); --quick writes nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SESSION_TTL = 5          # seconds a closed session is kept (production default: 120)
TIMEOUT_MS = 180_000     # per session
AFTER_S = (10, 30)       # memory readings, seconds after the last session closed
CHROMIUM_ARGS = ["--enable-unsafe-swiftshader", "--no-sandbox", "--disable-dev-shm-usage",
                 "--disable-gpu"]


def compare_links(n: int) -> list[str]:
    """``n`` non-default Compare configurations (a few repeat: cache hits)."""
    from app.urlstate import encode
    from optim_core import OptimizerRun, SimConfig
    surfaces = ["himmelblau", "beale", "six_hump_camel", "ravine", "booth", "rosenbrock"]
    opts = [("sgd", "adam", "rmsprop"), ("momentum", "nesterov", "adam", "nadam"),
            ("adagrad", "adadelta", "amsgrad")]
    out = []
    for i in range(n):
        s = surfaces[i % len(surfaces)]
        cfg = SimConfig(surface=s, steps=200 + 50 * (i % 3), starts=((-1.0 - 0.1 * (i % 4), 1.5),),
                        optimizers=tuple(OptimizerRun(k) for k in opts[i % len(opts)]))
        out.append("/compare?cfg=" + encode(cfg.to_dict()))
    return out


SCHEDULES = ["Step decay", "Exponential decay", "One-cycle", "Cosine with warm restarts (SGDR)"]


def rss_mb(pid: int) -> float:
    """Resident memory of the server process and its descendants, MB (VmRSS, summed)."""
    total, todo, seen = 0.0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):   # a child that just exited
            continue
    return total if seen else float("nan")


def pss_mb(pid: int) -> float:
    """Proportional set size of the server and its descendants, MB: pages shared between
    them (the worker pool forks from a server that imported torch) counted once."""
    total, todo, seen = 0.0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int | None = None) -> subprocess.Popen:
    # the production environment (Makefile, Dockerfile, deploy/): one torch thread, and two
    # malloc arenas so memory returns after the sessions close
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2",
           "PYTHONPATH": str(ROOT)}
    if workers is not None:
        env["DESCENT_WORKERS"] = str(workers)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--server.disconnectedSessionTTL", str(SESSION_TTL)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                    return proc
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("the app did not start")
    except BaseException:   # also Ctrl-C while waiting: never leave the server running
        proc.kill()
        proc.wait()
        raise


async def finished(page) -> None:
    """The rerun is done: the status widget is gone (twice, it can blink) and no element
    is still being replaced."""
    for _ in range(2):
        await page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
            timeout=TIMEOUT_MS)
        await page.wait_for_timeout(250)


async def errors_on(page) -> int:
    """Exceptions, error alerts (st.error) and the lost-connection dialog on the page."""
    n = await page.locator("[data-testid='stException']").count()
    n += await page.locator("[data-testid='stAlertContentError']").count()
    n += await page.get_by_text("Connection error").count()
    return n


async def session(browser, url: str, kind: str, target: str, i: int) -> dict:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    out = {"page": kind, "ok": False, "error": None}
    try:
        t0 = time.perf_counter()
        await page.goto(url + target, timeout=TIMEOUT_MS)
        await page.wait_for_selector("[data-testid='stMain'] h1", timeout=TIMEOUT_MS)
        await page.wait_for_selector(".js-plotly-plot .main-svg", timeout=TIMEOUT_MS)
        await finished(page)
        out["first"] = time.perf_counter() - t0
        if kind == "schedules":   # a non-default schedule: a second rerun
            await page.get_by_role("combobox", name="Schedule (decay, cycles, restarts)").click()
            t1 = time.perf_counter()
            await page.get_by_role("option", name=SCHEDULES[i % len(SCHEDULES)],
                                   exact=True).click()
            await page.wait_for_selector(
                f"text={SCHEDULES[i % len(SCHEDULES)]}: the rate each step uses",
                timeout=TIMEOUT_MS)
            await finished(page)
            out["rerun"] = time.perf_counter() - t1
        n = await errors_on(page)
        out["ok"] = n == 0
        if n:
            out["error"] = f"{n} exception(s) or error alert(s) shown"
    except Exception as e:  # noqa: BLE001  (a timeout or a crash: an error of this session)
        out["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
    finally:
        await ctx.close()
    return out


VALUE_KINDS = {str: "string_value", float: "double_value", int: "int_value",
               bool: "trigger_value"}     # a bool is a button's trigger


class WsSession:
    """The one scenario driver over the websocket protocol the browser speaks: a session
    on ``/_stcore/stream`` that sends reruns (``BackMsg.rerun_script`` with widget values)
    and reads the page's ``ForwardMsg`` deltas until ``script_finished``, collecting the
    widget ids by label and the exceptions / error alerts shown."""

    def __init__(self, ws, page: str, query: str = "", any_end: bool = False):
        self.ws, self.page, self.query, self.any_end = ws, page, query, any_end
        self.hash, self.ids, self.exceptions = "", {}, 0

    async def rerun(self, widgets: dict | None = None) -> float:
        """Send a rerun with ``widgets`` (id -> value); returns the seconds to its
        ``script_finished`` (a successful one, unless ``any_end``)."""
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string, cs.page_name, cs.page_script_hash = self.query, self.page, self.hash
        for wid, value in (widgets or {}).items():
            w = cs.widget_states.widgets.add()
            w.id = wid
            setattr(w, VALUE_KINDS[type(value)], value)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), TIMEOUT_MS / 1000))
            what = fm.WhichOneof("type")
            if what == "navigation":
                self.hash = fm.navigation.page_script_hash or self.hash
            elif what == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                kind = el.WhichOneof("type")
                if kind == "exception" or (kind == "alert" and el.alert.format == Alert.ERROR):
                    self.exceptions += 1
                elif kind in ("selectbox", "number_input", "button"):
                    w = getattr(el, kind)
                    self.ids[w.label] = w.id
            elif what == "script_finished":
                if fm.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError("the page did not compile")
                if self.any_end or fm.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return time.perf_counter() - t0


def ws_connect(url: str):
    from websockets.asyncio.client import connect
    host = url.split("//", 1)[1]
    return connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=url,
                   max_size=None, open_timeout=60)


async def ws_session(url: str, kind: str, target: str, i: int, think: float = 0.0) -> dict:
    """One student over :class:`WsSession`: open the page (its link's query string),
    think, then send the rerun a widget change makes (the Learning-rate page: a schedule
    pick; the Compare page: a new start point)."""
    out = {"page": kind, "ok": False, "error": None}
    path, _, query = target.lstrip("/").partition("?")
    try:
        async with ws_connect(url) as ws:
            s = WsSession(ws, path, query)
            out["first"] = await s.rerun()
            await asyncio.sleep(think)
            if kind == "schedules":   # pick a schedule
                wid = s.ids["Schedule (decay, cycles, restarts)"]
                out["rerun"] = await s.rerun({wid: SCHEDULES[i % len(SCHEDULES)]})
            else:                     # move the start point: a new simulation
                out["rerun"] = await s.rerun({s.ids["start x"]: -1.2 - 0.05 * (i % 5)})
            out["ok"] = s.exceptions == 0
            if s.exceptions:
                out["error"] = f"{s.exceptions} exception(s) or error alert(s) shown"
    except Exception as e:  # noqa: BLE001  (a timeout, a refused or dropped connection)
        out["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
    return out


async def heavy_session(url: str, epochs: int, stop: asyncio.Event, log: list,
                        seed: int = 1) -> None:
    """One more session over :class:`WsSession`: the Neural-network page, then trainings of
    ``epochs`` epochs (a new initial-weights seed each) submitted one after another until
    ``stop``; each training's time to a finished rerun goes to ``log``."""
    async with ws_connect(url) as ws:
        s = WsSession(ws, "network", any_end=True)
        log.append({"what": "open (default training)", "s": await s.rerun()})
        while not stop.is_set():
            t = await s.rerun({s.ids["epochs"]: epochs, s.ids["init_seed"]: seed,
                               s.ids["Train"]: True})
            if s.exceptions:   # e.g. refused by the work limit: a page rerun, not a training
                raise RuntimeError(f"the Neural-network page shows an error for {epochs} "
                                   "epochs (its work limit?): no training ran")
            log.append({"what": f"train {epochs} epochs, init_seed {seed}", "s": t})
            seed += 1


LINKS = 3   # the class scenario: the teacher shares three links


def targets(n: int, distinct: bool = False) -> list[tuple[str, str]]:
    """Half the sessions open a Compare link, half the Learning-rate page. A class opens
    the teacher's ``LINKS`` links; with ``distinct`` every Compare session has its own
    configuration (nothing shared: the worst case)."""
    links = compare_links(max(1, n // 2) if distinct else LINKS)
    out = []
    for i in range(n):
        out.append(("compare", links[(i // 2) % len(links)]) if i % 2 == 0
                   else ("schedules", "/schedules"))
    return out


async def run(url: str, pid: int, sessions: int, concurrency: int, baseline_reps: int,
              driver: str, distinct: bool, ramp: float = 0.0, think: float = 0.0) -> dict:
    if driver == "browser":
        from playwright.async_api import async_playwright
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if exe is None:
            raise SystemExit("chromium is not installed (apt-get install -y chromium)")
        pw = await async_playwright().start()
        browsers = [await pw.chromium.launch(executable_path=exe, headless=True,
                                             args=CHROMIUM_ARGS) for _ in range(3)]

        def open_session(i, kind, target, think=0.0):
            return session(browsers[i % len(browsers)], url, kind, target, i)
    else:
        def open_session(i, kind, target, think=0.0):
            return ws_session(url, kind, target, i, think)
    if True:
        # warm-up: one visit of each baseline session (its configurations computed once),
        # so the baseline is a lone session on a warm server, like most sessions under load
        plan = [(r, kind, target) for r in range(baseline_reps)
                for kind, target in targets(2 * baseline_reps, distinct)[2 * r:2 * r + 2]]
        for r, kind, target in plan:
            await open_session(r, kind, target)
        single = [await open_session(r, kind, target) for r, kind, target in plan]
        warm = rss_mb(pid)
        peak = [warm]
        pss = {"warm": pss_mb(pid), "peak": pss_mb(pid)}
        stop = asyncio.Event()

        async def sample():
            while not stop.is_set():
                peak.append(rss_mb(pid))
                pss["peak"] = max(pss["peak"], pss_mb(pid))
                await asyncio.sleep(0.5)
        sampler = asyncio.create_task(sample())
        # `concurrency` students: each arrives within `ramp` seconds, then opens its
        # share of the sessions one after another (so `concurrency` are open at once)
        plan = [(i, kind, target) for i, (kind, target) in enumerate(targets(sessions, distinct))]
        t0 = time.perf_counter()
        load_before = os.getloadavg()[0]
        results = await a_class(open_session, plan, concurrency, ramp, think)
        wall = time.perf_counter() - t0
        load_after = os.getloadavg()[0]
        stop.set()
        await sampler
        if driver == "browser":
            for b in browsers:
                await b.close()
            await pw.stop()
    # the server drops the closed sessions after SESSION_TTL; read idle, no gc forced
    await asyncio.sleep(AFTER_S[0])
    after = rss_mb(pid)
    await asyncio.sleep(AFTER_S[1] - AFTER_S[0])
    later = rss_mb(pid)
    pss[f"after_{AFTER_S[1]}s"] = pss_mb(pid)
    return {"pss": pss, "loadavg": (load_before, load_after), "single": single, "load": results, "wall": wall,
            "rss_warm": warm,
            "rss_peak": max(peak + [after, later]), "rss_after": after, "rss_later": later}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q * (len(v) - 1))))]


def times(rows: list[dict], kind: str | None = None) -> list[float]:
    """Time to a finished rerun: the page's first render, and for the Learning-rate page
    also the rerun after picking a schedule."""
    out = []
    for r in rows:
        if r["ok"] and (kind is None or r["page"] == kind):
            out += [r["first"]] + ([r["rerun"]] if "rerun" in r else [])
    return out


def report(res: dict, args) -> dict:
    single, load = res["single"], res["load"]
    errors = [r["error"] for r in load + single if r["error"]]
    rows = {}
    print(f"\n{len(load)} sessions ({args.driver}; arrivals over {args.ramp:g} s, think "
          f"{args.think:g} s), {args.concurrency} at once, in {res['wall']:.1f} s "
          f"(server: 1 process, OMP_NUM_THREADS=1; this machine: {os.cpu_count()} cores"
          f"{', the browsers on it too' if args.driver == 'browser' else ''})")
    print(f"{'page':<12} {'single p50':>11} {'single p95':>11} {'load p50':>9} {'load p95':>9} "
          f"{'p95/single':>10}")
    for kind in ("compare", "schedules", None):
        s, l = times(single, kind), times(load, kind)
        name = kind or "all"
        ratio = pct(l, 0.95) / statistics.median(s) if s and l else float("nan")
        rows[name] = {"single_p50": pct(s, 0.5), "single_p95": pct(s, 0.95),
                      "load_p50": pct(l, 0.5), "load_p95": pct(l, 0.95), "ratio": ratio}
        print(f"{name:<12} {pct(s, 0.5):>10.2f}s {pct(s, 0.95):>10.2f}s {pct(l, 0.5):>8.2f}s "
              f"{pct(l, 0.95):>8.2f}s {ratio:>9.1f}x")
    warm, peak, after, later = (res["rss_warm"], res["rss_peak"], res["rss_after"],
                                res["rss_later"])
    print(f"server RSS: warm {warm:.0f} MB, peak {peak:.0f} MB, after the sessions closed "
          f"{after:.0f} MB at {AFTER_S[0]} s idle (after/warm {after / warm:.2f}), "
          f"{later:.0f} MB at {AFTER_S[1]} s (after/warm {later / warm:.2f})")
    pss = res.get("pss", {})
    print("machine load average (1 min) at the class's start / end: "
          + " / ".join(f"{x:.1f}" for x in res.get("loadavg", ())))
    print("server PSS (shared pages once): " + ", ".join(f"{k} {v:.0f} MB" for k, v in pss.items()))
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    ok_err = not errors
    ok_p95 = rows["all"]["ratio"] < 5
    ok_mem = max(after, later) <= 1.2 * warm
    for label, ok in (("zero errors", ok_err), ("p95 under 5x the single-session time", ok_p95),
                      ("memory back within 20% of warm", ok_mem)):
        print(f"  {label}: {'met' if ok else 'NOT met'}")
    out = {"driver": args.driver, "distinct": args.distinct, "ramp_s": args.ramp,
           "think_s": args.think, "sessions": len(load), "concurrency": args.concurrency, "wall_s": res["wall"],
           "pages": rows, "errors": len(errors), "error_samples": errors[:5],
           "rss_mb": {"warm": warm, "peak": peak, f"after_{AFTER_S[0]}s": after,
                      f"after_{AFTER_S[1]}s": later},
           "rss_after_over_warm": max(after, later) / warm, "pss_mb": pss,
           "loadavg_1min": res.get("loadavg"),
           "total_wall_s": time.perf_counter() - res["t_start"],
           "targets_met": {"errors": ok_err, "p95": ok_p95, "memory": ok_mem}}
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=30)
    ap.add_argument("--baseline", type=int, default=4, help="single sessions per page")
    ap.add_argument("--quick", action="store_true", help="8 at once, 24 in all")
    ap.add_argument("--ramp", type=float, default=20.0,
                    help="seconds over which the --concurrency students arrive")
    ap.add_argument("--think", type=float, default=5.0,
                    help="seconds a student waits between opening a page and changing it")
    ap.add_argument("--burst", action="store_true",
                    help="the worst case: no ramp, no think time")
    ap.add_argument("--distinct", action="store_true",
                    help="every Compare session its own configuration (no shared links)")
    ap.add_argument("--driver", choices=("ws", "browser"), default="ws",
                    help="the websocket protocol (default) or headless Chromium")
    ap.add_argument("--heavy", action="store_true",
                    help="quiet server, then one heavy request running (issue 12)")
    ap.add_argument("--heavy-epochs", type=int, default=600,
                    help="epochs of the heavy session's trainings (the Neural-network page's "
                         "work limit allows 608 at its defaults)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="--heavy: rounds of (quiet, heavy) phases on one server")
    ap.add_argument("--stall", action="store_true",
                    help="in one process: a light request's latency, quiet / a training in a "
                         "thread / a training in the worker pool (no server)")
    ap.add_argument("--workers", type=int, default=None,
                    help="the server's DESCENT_WORKERS (0: heavy work in the session thread)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sessions, args.concurrency, args.baseline = 24, 8, 2
    if args.burst:
        args.ramp, args.think = 0.0, 0.0
    args.sessions = max(1, min(args.sessions, 400))
    args.concurrency = max(1, min(args.concurrency, 150))
    if args.stall:
        return stall()
    if args.heavy:
        return main_heavy(args)
    t_start = time.perf_counter()
    res = serve_and_run(args)
    res["t_start"] = t_start
    out = report(res, args)
    print(f"total wall time (server start to report): {out['total_wall_s']:.0f} s")
    if not args.quick:
        tags = "".join(f"_{t}" for t, on in (("distinct", args.distinct), ("burst", args.burst))
                       if on)
        if args.driver == "ws" and not tags and all(
                getattr(args, k) == ap.get_default(k)
                for k in ("sessions", "concurrency", "baseline", "ramp", "think")):
            name = "loadtest.json"
        else:
            name = f"loadtest_{args.driver}{tags}.json"
        (ROOT / "bench" / name).write_text(json.dumps(out, indent=2))
        print(f"wrote bench/{name}")
    return out


def stall(rounds: int = 4, calls: int = 20, epochs: int = 200) -> dict:
    """In one process, interleaved so the machine's other load hits every condition alike:
    the latency of a light request (a 3-optimizer, 200-step simulation, what a page rerun
    computes) while nothing else runs, while a network training runs in another thread of
    this process (what a session thread did before the pool), and while the same training
    runs in the worker pool."""
    import threading

    from app import workers
    from optim_core import OptimizerRun, SimConfig, simulate
    from optim_core.nets import NetConfig, train
    light = SimConfig("rosenbrock", tuple(OptimizerRun(k) for k in ("sgd", "adam", "rmsprop")),
                      ((-1.5, 2.0),), 200)
    net = NetConfig((("epochs", epochs),),
                    tuple(OptimizerRun(k) for k in ("momentum", "rmsprop", "adam")))
    workers.run(workers._noop)                      # the pool is up
    simulate(light)
    lat: dict[str, list[float]] = {"quiet": [], "thread": [], "pool": []}
    overlap = {k: 0 for k in lat}
    for _ in range(rounds):
        for cond, times_ in lat.items():
            busy = None
            if cond == "thread":
                busy = threading.Thread(target=train, args=(net,))
                busy.start()
            elif cond == "pool":
                busy = threading.Thread(target=workers.run, args=(workers.train_network, net))
                busy.start()
            if busy is not None:
                time.sleep(0.5)                     # the training is under way
            for _ in range(calls):
                t0 = time.perf_counter()
                simulate(light)
                times_.append(time.perf_counter() - t0)
            if busy is not None:
                overlap[cond] += busy.is_alive()    # still training after the last call
                busy.join()
    quiet = statistics.median(lat["quiet"])
    out = {}
    print(f"light request (3 optimizers x 200 steps) latency, {rounds} x {calls} calls each, "
          f"interleaved; training {epochs} epochs x 3 optimizers")
    for cond, v in lat.items():
        out[cond] = {"p50": pct(v, 0.5), "p95": pct(v, 0.95),
                     "p95_over_quiet_p95": pct(v, 0.95) / pct(lat["quiet"], 0.95),
                     "rounds_overlapped": overlap[cond]}
        print(f"  {cond:<7} p50 {pct(v, 0.5) * 1e3:7.1f} ms  p95 {pct(v, 0.95) * 1e3:7.1f} ms  "
              f"p50/quiet {pct(v, 0.5) / quiet:5.2f}x  p95/quiet p95 "
              f"{out[cond]['p95_over_quiet_p95']:5.2f}x"
              + (f"  (training still running at the end in {overlap[cond]}/{rounds} rounds)"
                 if cond != "quiet" else ""))
    print(f"  machine load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    return out


def serve_and_run(args) -> dict:
    """A fresh server, the class, the server stopped."""
    port = free_port()
    server = start_server(port, args.workers)
    try:
        return asyncio.run(run(f"http://127.0.0.1:{port}", server.pid, args.sessions,
                               args.concurrency, args.baseline, args.driver, args.distinct,
                               args.ramp, args.think))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def cpu_seconds(pid: int) -> dict:
    """CPU seconds (user + system) used so far by the server's own process and by its
    descendants (the worker pool; workers that exited count through their parent's
    cutime / cstime)."""
    out, todo, seen = {"server": 0.0, "pool": 0.0}, [pid], set()
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            f = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            own, children = int(f[11]) + int(f[12]), int(f[13]) + int(f[14])
            if p == pid:
                out["server"] += own / tick
            else:
                out["pool"] += (own + children) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return out


async def a_class(open_session, plan: list, concurrency: int, ramp: float,
                  think: float) -> list:
    """The class: ``concurrency`` students arriving over ``ramp`` seconds work through
    ``plan`` ((index, kind, target) each), one ``open_session(i, kind, target, think)``
    after another, so ``concurrency`` sessions are open at once."""
    todo, results = list(plan), []

    async def student(k):
        await asyncio.sleep(ramp * k / concurrency)
        while todo:
            i, kind, target = todo.pop(0)
            results.append(await open_session(i, kind, target, think))
    await asyncio.gather(*(student(k) for k in range(concurrency)))
    return results


GRACE_S = 1.0   # app.workers.GRACE: a job nobody waits for is stopped this long after


async def heavy_rounds(url: str, pid: int, args) -> dict:
    """On one server, classes alternating quiet / one heavy request running, in the order
    Q H H Q Q H ... so the machine's drifting load hits both conditions alike; per phase
    the times, the server's own CPU seconds per request, the pool's CPU seconds."""
    rounds = max(1, args.rounds)
    per = max(4, args.sessions // (2 * rounds))
    plan_all = [(i, k, tg) for i, (k, tg) in enumerate(targets(per * 2 * rounds))]
    for i, kind, target in plan_all[:8]:                       # warm-up visits
        await ws_session(url, kind, target, i)
    warm_log: list = []
    done = asyncio.Event()
    done.set()
    await heavy_session(url, args.heavy_epochs, done, warm_log)   # the default training, once
    order = [("quiet", "heavy") if r % 2 == 0 else ("heavy", "quiet") for r in range(rounds)]
    phases, seed = [], 1
    for r, pair in enumerate(order):
        for phase in pair:
            plan = plan_all[len(phases) * per:(len(phases) + 1) * per]
            log: list = []
            stop = asyncio.Event()
            heavy = None
            if phase == "heavy":
                heavy = asyncio.create_task(heavy_session(url, args.heavy_epochs, stop, log,
                                                          seed))
                seed += 100
                while len(log) < 1 and not heavy.done():
                    await asyncio.sleep(0.2)
                if heavy.done():
                    heavy.result()            # its error (a refused training) stops the test
                await asyncio.sleep(2.0)                        # the training is under way
            cpu0, load0, t0 = cpu_seconds(pid), os.getloadavg()[0], time.perf_counter()
            rows = await a_class(lambda i, k, tg, th: ws_session(url, k, tg, i, th), plan,
                                 args.concurrency, args.ramp, args.think)
            wall, cpu1, load1 = time.perf_counter() - t0, cpu_seconds(pid), os.getloadavg()[0]
            still = heavy is not None and not heavy.done()
            if heavy is not None:
                heavy.cancel()                                  # the session goes away
                try:
                    await heavy
                except (asyncio.CancelledError, Exception):  # noqa: BLE001, S110
                    pass
            n = sum(1 + ("rerun" in x) for x in rows if x["ok"])
            ph = {"phase": phase, "round": r, "sessions": len(rows), "wall_s": wall,
                  "p50": pct(times(rows), 0.5), "p95": pct(times(rows), 0.95),
                  "errors": [x["error"] for x in rows if x["error"]][:3],
                  "server_cpu_s": cpu1["server"] - cpu0["server"],
                  "server_cpu_ms_per_rerun": 1e3 * (cpu1["server"] - cpu0["server"]) / max(1, n),
                  "pool_cpu_s": cpu1["pool"] - cpu0["pool"], "loadavg": (load0, load1),
                  "training_running_at_end": still, "times": times(rows), "heavy_log": log}
            phases.append(ph)
            print(f"  round {r} {phase:<5}: p50 {ph['p50']:.2f} s, p95 {ph['p95']:.2f} s, "
                  f"server CPU {ph['server_cpu_ms_per_rerun']:.0f} ms/rerun, pool CPU "
                  f"{ph['pool_cpu_s']:.1f} s in {wall:.0f} s, load {load0:.1f}-{load1:.1f}"
                  + (", training still running" if still else "")
                  + (f", errors {len(ph['errors'])}" if ph["errors"] else ""), flush=True)
            await asyncio.sleep(SESSION_TTL + GRACE_S + 2)      # its job stopped, idle again
    return {"phases": phases, "warm_default_training_s": warm_log[0]["s"] if warm_log else None}


def main_heavy(args) -> dict:
    """Classes on one server alternating quiet / one heavy request running (a training of
    ``--heavy-epochs`` epochs in one more session); the heavy phases' p50 / p95 against the
    quiet ones', and where the time goes (the server's CPU per rerun, the pool's CPU)."""
    port = free_port()
    server = start_server(port, args.workers)
    try:
        res = asyncio.run(heavy_rounds(f"http://127.0.0.1:{port}", server.pid, args))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    out = {"workers": args.workers, "heavy_epochs": args.heavy_epochs, "rounds": args.rounds,
           "sessions_per_phase": res["phases"][0]["sessions"], **res}
    for phase in ("quiet", "heavy"):
        ps = [p for p in res["phases"] if p["phase"] == phase]
        all_t = [x for p in ps for x in p["times"]]
        n = sum(len(p["times"]) for p in ps)
        out[phase] = {"p50": pct(all_t, 0.5), "p95": pct(all_t, 0.95),
                      "server_cpu_ms_per_rerun": 1e3 * sum(p["server_cpu_s"] for p in ps) / max(1, n),
                      "pool_cpu_s_per_s": sum(p["pool_cpu_s"] for p in ps) / sum(p["wall_s"] for p in ps),
                      "loadavg": [round(x, 1) for p in ps for x in p["loadavg"]],
                      "errors": sum(len(p["errors"]) for p in ps)}
    for p in out["phases"]:
        del p["times"]
    q, h = out["quiet"], out["heavy"]
    out["p95_heavy_over_quiet"], out["p50_heavy_over_quiet"] = h["p95"] / q["p95"], h["p50"] / q["p50"]
    print(f"\nquiet: p50 {q['p50']:.2f} s, p95 {q['p95']:.2f} s, server CPU "
          f"{q['server_cpu_ms_per_rerun']:.0f} ms/rerun, pool {q['pool_cpu_s_per_s']:.2f} CPU-s/s")
    print(f"heavy: p50 {h['p50']:.2f} s, p95 {h['p95']:.2f} s, server CPU "
          f"{h['server_cpu_ms_per_rerun']:.0f} ms/rerun, pool {h['pool_cpu_s_per_s']:.2f} CPU-s/s")
    print(f"heavy / quiet: p50 {out['p50_heavy_over_quiet']:.2f}x, p95 "
          f"{out['p95_heavy_over_quiet']:.2f}x (target p95 within 2x: "
          f"{'met' if out['p95_heavy_over_quiet'] <= 2 else 'NOT met'}); errors "
          f"{q['errors'] + h['errors']}")
    if not args.quick:
        name = "loadtest_heavy" + ("" if args.workers is None else f"_w{args.workers}")
        (ROOT / "bench" / f"{name}.json").write_text(json.dumps(out, indent=2))
        print(f"wrote bench/{name}.json")
    return out


if __name__ == "__main__":
    main()
