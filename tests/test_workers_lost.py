"""A worker process that dies (killed, out of memory) never reaches a page as a traceback:
the pool is restarted, the waiting request gets one line (WorkerLost), the page shows it
with a retry button, and the next request runs on a fresh pool (issue 12)."""
import os
import signal
import threading
import time

import pytest
from conftest import ENTRY

from app import workers

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def slow_job(seconds, progress=None):
    steps = max(1, int(seconds / 0.05))
    for i in range(steps):
        time.sleep(0.05)
        if progress:
            progress(i + 1, steps)
    return seconds


def kill_workers_once_running(timeout: float = 120.0) -> threading.Thread:
    """In the background: as soon as a job in the pool reports progress, SIGKILL every
    worker process of the pool. ``thread.stop.set()`` ends the watch (a watch left running
    would kill the next test's workers)."""
    stop = threading.Event()

    def kill():
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not stop.is_set():
            pool, shared = workers._pool, workers._shared
            if pool is not None and shared is not None and any(
                    shared[3 * i + 1] > 0 for i in range(workers.SLOTS)):
                for pid in list(pool._processes or {}):
                    os.kill(pid, signal.SIGKILL)
                return
            time.sleep(0.02)
    thread = threading.Thread(target=kill, daemon=True)
    thread.stop = stop
    thread.start()
    return thread


@pytest.fixture
def fresh_pool(monkeypatch):
    monkeypatch.setenv("DESCENT_WORKERS", "2")
    workers.shutdown()
    yield
    workers.shutdown()


def test_a_killed_worker_is_one_line_and_the_pool_restarts(fresh_pool):
    killer = kill_workers_once_running()
    with pytest.raises(workers.WorkerLost) as lost:
        workers.run(slow_job, 30.0, poll=0.05)
    killer.join(5)
    killer.stop.set()
    message = str(lost.value)
    assert "\n" not in message and "worker" in message
    assert workers.run(slow_job, 0.1, poll=0.05) == 0.1      # a fresh pool answers


def test_the_check_sees_a_traceback_free_result_only_when_there_is_one(fresh_pool):
    """Without a kill the same job returns its value: the test above can fail."""
    assert workers.run(slow_job, 0.2, poll=0.05) == 0.2


def test_a_page_whose_worker_is_killed_shows_one_line_and_a_retry(fresh_pool):
    """The Neural-network page trains in the pool: its worker is killed mid-training."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(ENTRY, default_timeout=300)
    at.switch_page("pages/network.py")
    workers.shutdown()
    from app.cache import CACHE
    CACHE.clear()          # an earlier test in this process may have trained this network
    killer = kill_workers_once_running()
    at.run()
    killer.join(5)
    killer.stop.set()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("worker" in e for e in errors), errors
    assert all("\n" not in e for e in errors)
    retry = [b for b in at.button if b.key == "workers.retry"]
    assert retry, [b.label for b in at.button]
    assert workers.run(slow_job, 0.1, poll=0.05) == 0.1
