"""Heavy work (network training, big sweeps, critical points on learned surfaces) in a
small pool of worker processes, so one student's request never stalls another's page.

Streamlit runs every session as a thread of one process, and the interpreter lock
serializes their Python: a 20-second training in a session thread slows every other
page. Here it runs in a worker process (``DESCENT_WORKERS``, default 2; ``forkserver``
where available, else ``spawn``; one torch thread each, at a lower scheduling priority
(``nice`` 10) so the server's reruns win the CPU; a fresh worker per job so a job's
memory leaves with it), and the session's thread only polls its future: it sleeps,
showing progress.

- Progress: a job reports ``progress(done, total)`` into a slot of a shared-memory array
  (no manager process, no queue to drain); the waiting page reads it every ``poll`` s.
- Cancellation: a session that goes away (its script stopped, or rerun with another
  configuration: Streamlit raises in the script thread at its next progress update)
  leaves the job; when nobody has waited for it for ``GRACE`` seconds (a rerun that keeps
  the configuration asks again at once) a queued job is cancelled (``Future.cancel``)
  and a running one is asked to stop at its next progress report (it raises
  ``CancelledError``); nothing is cached for it.
- A worker that dies (killed, out of memory) breaks the pool for every job in it: the
  pool is started afresh at once, and each waiting page gets :class:`WorkerLost`, shown
  as one line with a retry button (:func:`waiter`), never a traceback. Nothing is cached
  for the lost job, so the retry computes it again.
- The app's one cache (:func:`app.cache.cached`) keeps the job's future as the
  configuration's computation in progress: identical requests share one job.
"""
from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Progress",
    "WorkerLost",
    "critical_points",
    "is_heavy_simulation",
    "max_workers",
    "net_hessian",
    "net_landscape",
    "net_range_test",
    "net_tune",
    "run",
    "shutdown",
    "simulate",
    "submit",
    "train_network",
    "waiter",
]

SLOTS = 64                  # jobs (queued or running) that can report progress at once
HEAVY_SECONDS = 0.25        # a simulation estimated above this runs in the pool
GRACE = 1.0                 # seconds a job nobody waits for is kept before it is stopped
NICE = 10                   # workers' scheduling priority below the server's (os.nice)
TASKS_PER_CHILD = 1         # a fresh worker per job (forked from the forkserver, which has
                            # imported torch: ~50 ms), so a job's memory leaves with it

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_shared = None              # RawArray of SLOTS x (done, total, stop)
_free: list[int] = []
_waiting: dict[Future, int] = {}

_SLOT_ARRAY = None          # in a worker: the shared array


def max_workers() -> int:
    """``DESCENT_WORKERS`` (default 2, at most 8); 0 runs the work in the asking thread
    (no pool: what the app did before, kept to measure the difference)."""
    try:
        n = int(os.environ.get("DESCENT_WORKERS", "2"))
    except ValueError:
        n = 2
    return max(0, min(n, 8))


def _init(shared, nice: int) -> None:
    global _SLOT_ARRAY
    _SLOT_ARRAY = shared
    os.environ["OMP_NUM_THREADS"] = "1"
    if nice > 0:
        os.nice(nice)        # the server's page reruns first, heavy work on what is left
    import torch
    torch.set_num_threads(1)


def _context():
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["torch", "optim_core"])
    return ctx


def _get_pool() -> ProcessPoolExecutor:
    global _pool, _shared, _free
    if _pool is not None and not getattr(_pool, "_broken", False):
        return _pool
    if _pool is not None:                     # a worker died: start a fresh pool
        _pool.shutdown(wait=False, cancel_futures=True)
    ctx = _context()
    _shared = ctx.RawArray("d", 3 * SLOTS)
    _free = list(range(SLOTS))
    _pool = ProcessPoolExecutor(max_workers(), mp_context=ctx, initializer=_init,
                                initargs=(_shared, NICE), max_tasks_per_child=TASKS_PER_CHILD)
    return _pool


class WorkerLost(RuntimeError):
    """A worker process stopped before finishing the job (the pool is restarted)."""

    def __init__(self):
        super().__init__("the worker process running this computation stopped "
                         "(killed or out of memory); the pool was restarted")


def _restart_broken() -> None:
    """Drop a broken pool now (not at the next submit), so a retry finds a fresh one."""
    global _pool
    with _lock:
        if _pool is not None and getattr(_pool, "_broken", False):
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None


def show_lost(error: WorkerLost) -> None:
    """In a page: the lost computation as one line and a retry button, then stop the run
    (the button reruns the page, which asks for the computation again)."""
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from app.text import t
    if get_script_run_ctx() is None:      # not in a page (the bench, a test): the error
        raise error
    st.error(t("common.worker_lost"), icon="⚠️")
    st.button(t("common.retry"), key="workers.retry", type="primary")
    st.stop()


def _noop(progress=None) -> None:
    return None


def warm() -> None:
    """Start the pool's workers now (in the background), so the first heavy request does
    not wait for them to import torch."""
    def start():
        try:
            for f in [submit(_noop) for _ in range(max_workers())]:
                f.result(timeout=300)
        except Exception:  # noqa: BLE001, S110  (a cold pool is retried by the first request)
            pass
    if max_workers() > 0:
        threading.Thread(target=start, name="descent-pool-warm", daemon=True).start()


def shutdown() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None


atexit.register(shutdown)


# --- in the worker ----------------------------------------------------------------------

def _run(slot: int, fn: Callable, payload: bytes) -> bytes:
    """``fn(*args)`` with a progress reporter; arguments and result travel as plain
    pickles (torch's multiprocessing pickler would hand tensors over as file descriptors
    of shared memory, which vanish with a worker that exits after its job)."""
    report = None
    if slot >= 0 and _SLOT_ARRAY is not None:
        shared = _SLOT_ARRAY

        def report(done, total):
            if shared[3 * slot + 2]:
                raise CancelledError("nobody waits for this job any more")
            shared[3 * slot], shared[3 * slot + 1] = done, total
    return pickle.dumps(fn(*pickle.loads(payload), progress=report),
                        protocol=pickle.HIGHEST_PROTOCOL)


def train_network(config, progress=None):
    from optim_core import train
    return train(config, progress)


def critical_points(config, progress=None):
    from optim_core import find_critical_points
    return find_critical_points(config)


def net_landscape(result, kind, span, n, seed, center, progress=None):
    from optim_core import landscape_view
    return landscape_view(result, kind, span, n, seed, center)


def net_hessian(result, run, points, max_iter, progress=None):
    from optim_core import hessian_along
    return hessian_along(result, run, points, max_iter=max_iter)


def net_tune(config, progress=None):
    """The tuning runs of a NetTuneConfig (the tuned race trains through train_network)."""
    from optim_core import run_net_tune
    return run_net_tune(config, progress, race=False)


def net_range_test(config, run, lr_min, lr_max, iterations, progress=None):
    from optim_core import lr_range_test
    return lr_range_test(config, run, lr_min, lr_max, iterations)


def simulate(config, progress=None):
    from optim_core import simulate
    return simulate(config)


# --- in the app -------------------------------------------------------------------------

def submit(fn: Callable, *args) -> Future:
    """Run ``fn(*args, progress=...)`` in the pool (``fn`` a module-level function, the
    arguments picklable). The future carries the job's progress slot."""
    if max_workers() == 0:
        done = Future()
        try:
            done.set_result(fn(*args, progress=None))
        except Exception as e:  # noqa: BLE001  (delivered through the future, like the pool's)
            done.set_exception(e)
        return done
    payload = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
    with _lock:
        pool = _get_pool()
        slot = _free.pop() if _free else -1
        if slot >= 0:
            _shared[3 * slot:3 * slot + 3] = [0.0, 0.0, 0.0]
        shared = _shared
        job = Job(pool.submit(_run, slot, fn, payload), slot, shared)

    def release(_):
        with _lock:
            if slot >= 0 and shared is _shared:
                _free.append(slot)
            _waiting.pop(job, None)
    job.add_done_callback(release)
    return job


class Job(Future):
    """The future of a job in the pool: its result unpickled here, its progress slot;
    ``cancel()`` cancels the queued work in the pool."""

    def __init__(self, inner: Future, slot: int, shared):
        super().__init__()
        self.inner, self.slot, self.shared = inner, slot, shared
        inner.add_done_callback(self._transfer)

    def cancel(self) -> bool:
        return self.inner.cancel()        # its callback then cancels this future

    def running(self) -> bool:
        return self.inner.running()

    def _transfer(self, inner: Future) -> None:
        if inner.cancelled():
            Future.cancel(self)
            return
        error = inner.exception()
        if isinstance(error, BrokenProcessPool):
            _restart_broken()
            error = WorkerLost()
        if error is not None:
            self.set_exception(error)
            return
        try:
            self.set_result(pickle.loads(inner.result()))
        except Exception as e:  # noqa: BLE001  (delivered through the future)
            self.set_exception(e)


@dataclass(frozen=True)
class Progress:
    running: bool                  # False: waiting for a free worker
    fraction: float | None         # done / total once the job reports it


def progress_of(future: Future) -> Progress:
    slot, shared = getattr(future, "slot", -1), getattr(future, "shared", None)
    fraction = None
    if slot >= 0 and shared is not None and shared[3 * slot + 1] > 0:
        fraction = min(1.0, shared[3 * slot] / shared[3 * slot + 1])
    return Progress(future.running() or fraction is not None, fraction)


def _join(future: Future) -> None:
    with _lock:
        _waiting[future] = _waiting.get(future, 0) + 1


def _leave(future: Future, gone: bool) -> None:
    """One waiter less. When a session went away and nobody else waits, the job is
    stopped after ``GRACE`` seconds unless someone asks for it again by then (a rerun
    that keeps the configuration, e.g. the language switch, asks again at once)."""
    with _lock:
        n = _waiting.get(future, 1) - 1
        if n > 0:
            _waiting[future] = n
            return
        _waiting.pop(future, None)
    if gone and not future.done():
        timer = threading.Timer(GRACE, _stop_unwatched, (future,))
        timer.daemon = True
        timer.start()


def _stop_unwatched(future: Future) -> None:
    with _lock:
        if _waiting.get(future, 0) > 0:
            return
    if not future.done() and not future.cancel():
        slot, shared = getattr(future, "slot", -1), getattr(future, "shared", None)
        if slot >= 0 and shared is not None:
            shared[3 * slot + 2] = 1.0      # running: stop at its next progress report


def waiter(on_progress: Callable[[Progress], None] | None = None, poll: float = 0.2
           ) -> Callable[[Future], Any]:
    """A ``wait`` for :func:`app.cache.cached`: polls the computation every ``poll``
    seconds, calls ``on_progress`` (which may raise when the session stops), and leaves
    the job (cancelling it if nobody else waits) when the session goes away. A job whose
    worker died ends the page's run with one line and a retry button (:func:`show_lost`)."""
    def wait(flight: Future) -> Any:
        source = getattr(flight, "source", None)
        if source is None:
            return flight.result()
        _join(source)
        gone = True
        try:
            while True:
                try:
                    value = flight.result(timeout=poll)
                    gone = False
                    return value
                except FutureTimeout:
                    if on_progress is not None:
                        on_progress(progress_of(source))
        except WorkerLost as e:
            gone, lost = False, e
        except BaseException:
            gone = not flight.done()      # an error of the job itself: nobody went away
            raise
        finally:
            _leave(source, gone)
        show_lost(lost)                   # one line and a retry (raises)
    return wait


def run(fn: Callable, *args, on_progress: Callable[[Progress], None] | None = None,
        poll: float = 0.2) -> Any:
    """``fn(*args)`` in the pool, waited for here (no caching)."""
    flight = Future()
    source = submit(fn, *args)
    flight.source = source

    def settle(f: Future) -> None:
        if f.cancelled():
            flight.cancel()
        elif f.exception() is not None:
            flight.set_exception(f.exception())
        else:
            flight.set_result(f.result())
    source.add_done_callback(settle)
    return waiter(on_progress, poll)(flight)


def is_heavy_simulation(config) -> bool:
    """Whether a simulation is estimated to take more than ``HEAVY_SECONDS`` here: per
    step ~60 us + 1.5 us per optimizer, per optimizer x start x step ~130 ns, that times
    the data points of a learned surface's batch / 8 (fitted on this 2-core VM: 64 x 1 x
    2000 steps 0.36 s, 8 x 256 x 1000 0.34 s, 12 x 1 x 1000 0.10 s)."""
    from optim_core import SURFACES
    spec = SURFACES.get(config.surface)
    n_data = 1
    if spec is not None and spec.data:
        p = dict(config.surface_params)
        n_data = config.batch_size or int(p.get("n", 442))
    k, steps = len(config.optimizers), config.steps
    units = k * len(config.starts) * steps
    estimate = steps * (6e-5 + 1.5e-6 * k) + units * 1.3e-7 * max(1.0, n_data / 8)
    return estimate > HEAVY_SECONDS
