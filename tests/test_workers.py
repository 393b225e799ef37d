"""The worker pool (app/workers.py): results equal the in-process computation, progress
is reported, queued work nobody waits for is cancelled, running work is asked to stop,
and the app's cache shares one job between sessions."""
import time
from concurrent.futures import CancelledError, Future

import numpy as np
import pytest

from app import workers
from app.cache import ByteCache
from optim_core import CriticalConfig, SimConfig, find_critical_points, simulate
from optim_core.config import OptimizerRun
from optim_core.nets import NetConfig, train

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SMALL_NET = NetConfig((("n", 120), ("epochs", 6), ("width", 8), ("depth", 1)),
                      (OptimizerRun("adam"), OptimizerRun("momentum", (("lr", 0.05),))))


def slow_job(seconds, progress=None):
    """Reports progress every 50 ms for ``seconds`` (a stand-in for training)."""
    steps = max(1, int(seconds / 0.05))
    for i in range(steps):
        time.sleep(0.05)
        if progress:
            progress(i + 1, steps)
    return seconds


def test_pool_result_equals_in_process_computation():
    c = CriticalConfig("logistic_ce", grid=12)
    a, b = workers.run(workers.critical_points, c), find_critical_points(c)
    assert [p.kind for p in a.points] == [p.kind for p in b.points]
    np.testing.assert_array_equal(a.ends, b.ends)
    s = SimConfig("rosenbrock", (OptimizerRun("adam"), OptimizerRun("sgd", (("lr", 1e-3),))),
                  ((-1.5, 2.0), (0.5, 0.5)), 150, noise=0.1, seed=3)
    x, y = workers.run(workers.simulate, s), simulate(s)
    np.testing.assert_array_equal(x.path, y.path)
    np.testing.assert_array_equal(x.loss, y.loss)


def test_training_in_the_pool_equals_training_here_and_reports_progress():
    seen = []
    r = workers.run(workers.train_network, SMALL_NET, on_progress=seen.append, poll=0.01)
    ref = train(SMALL_NET)
    for a, b in zip(r.runs, ref.runs):
        np.testing.assert_array_equal(a.train_loss, b.train_loss)
        np.testing.assert_array_equal(a.val_acc, b.val_acc)
    fractions = [p.fraction for p in seen if p.fraction is not None]
    assert fractions == sorted(fractions) and all(0 < f <= 1 for f in fractions)


def test_errors_come_back_as_themselves():
    with pytest.raises(ValueError, match="range"):
        workers.run(workers.net_range_test, SMALL_NET, 0, 1.0, 1e-3, 50)   # lr_min > lr_max


def test_queued_work_of_a_session_that_goes_away_is_cancelled():
    n = workers.max_workers()
    busy = [workers.submit(slow_job, 1.5) for _ in range(n + 2)]   # every worker busy
    queued = workers.submit(slow_job, 5.0)
    cache = ByteCache(10 ** 6)
    polls = []

    def session_stops(p):            # Streamlit raises in the script thread on a rerun
        polls.append(p)
        raise KeyboardInterrupt("rerun with another configuration")
    with pytest.raises(KeyboardInterrupt):
        cache.get("cfg", lambda: queued, wait=workers.waiter(session_stops, poll=0.05))
    assert polls and not polls[0].running
    assert not queued.cancelled()                   # kept for a rerun that asks again...
    wait_for(queued.cancelled, workers.GRACE + 5)  # ...then cancelled
    assert "cfg" not in cache
    assert [f.result(timeout=30) for f in busy] == [1.5] * len(busy)


def wait_for(condition, seconds):
    t0 = time.monotonic()
    while not condition():
        assert time.monotonic() - t0 < seconds, "timed out"
        time.sleep(0.02)


def test_a_rerun_that_asks_again_within_the_grace_keeps_the_work():
    cache = ByteCache(10 ** 6)
    job = workers.submit(slow_job, 1.0 + workers.GRACE)

    def session_stops(p):
        raise KeyboardInterrupt("the language switch: a rerun, same configuration")
    with pytest.raises(KeyboardInterrupt):
        cache.get("cfg", lambda: job, wait=workers.waiter(session_stops, poll=0.05))
    got = cache.get("cfg", lambda: pytest.fail("the job is still in flight"),
                    wait=workers.waiter(poll=0.05))
    assert got == 1.0 + workers.GRACE and not job.cancelled()


def test_running_work_nobody_waits_for_stops_at_its_next_progress_report():
    job = workers.submit(slow_job, 20.0)
    t0 = time.monotonic()
    while not workers.progress_of(job).fraction:
        time.sleep(0.05)
        assert time.monotonic() - t0 < 30
    flight = Future()
    flight.source = job
    job.add_done_callback(lambda f: flight.cancel())

    def session_stops(p):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        workers.waiter(session_stops, poll=0.05)(flight)
    with pytest.raises(CancelledError):
        job.result(timeout=10)
    assert time.monotonic() - t0 < 15


def test_work_another_session_still_waits_for_is_not_cancelled():
    cache = ByteCache(10 ** 6)
    job = workers.submit(slow_job, 1.0)
    workers._join(job)                  # a second session is waiting for the same job
    try:
        def session_stops(p):
            raise KeyboardInterrupt
        with pytest.raises(KeyboardInterrupt):
            cache.get("cfg", lambda: job, wait=workers.waiter(session_stops, poll=0.05))
        assert job.result(timeout=30) == 1.0 and not job.cancelled()
        assert cache.get("cfg", lambda: pytest.fail("stored when it arrived")) == 1.0
    finally:
        workers._leave(job, gone=False)


def test_heavy_simulations_are_sent_to_the_pool():
    light = SimConfig("rosenbrock", (OptimizerRun("adam"),), ((-1.5, 2.0),), 200)
    sweep = SimConfig("rosenbrock", tuple(OptimizerRun("sgd", (("lr", 1e-4 * (i + 1)),))
                                          for i in range(64)), ((-1.5, 2.0),), 2000)
    assert not workers.is_heavy_simulation(light)
    assert workers.is_heavy_simulation(sweep)


def test_a_heavy_simulation_through_the_app_cache_equals_simulate_and_is_read_only():
    from app.cache import simulation
    sweep = SimConfig("rosenbrock", tuple(OptimizerRun("sgd", (("lr", 1e-4 * (i + 1)),))
                                          for i in range(64)), ((-1.5, 2.0),), 2000)
    assert workers.is_heavy_simulation(sweep)
    got, ref = simulation(sweep), simulate(sweep)
    np.testing.assert_array_equal(got.path, ref.path)
    assert not got.path.flags.writeable and simulation(sweep) is got
