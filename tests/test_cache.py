"""The app's one cache (app/cache.py): bounded in bytes, one computation per configuration
even for simultaneous requests, errors never stored, pool futures settled in place."""
import threading
import time
from concurrent.futures import CancelledError, Future

import numpy as np
import pytest
import torch

from app.cache import ByteCache, nbytes


def test_byte_bound_evicts_least_recently_used():
    c = ByteCache(budget=3000)
    for k in "abc":
        c.get(k, lambda: np.zeros(100))              # 800 bytes of data each (+ header)
    assert len(c) == 3 and c.used <= 3000
    c.get("a", lambda: pytest.fail("a is cached"))  # touch a: b is now the oldest
    c.get("d", lambda: np.zeros(100))
    assert "b" not in c and {"a", "c", "d"} <= set(c._entries)
    c.get("big", lambda: np.zeros(300))             # 2400 bytes: evicts until it fits
    assert c.used <= 3000 and "big" in c and len(c) == 1 + ("d" in c)
    assert c.used == sum(s for _, s in c._entries.values())


def test_a_value_larger_than_the_budget_is_returned_not_stored():
    c = ByteCache(budget=1000)
    c.get("small", lambda: np.zeros(10))
    v = c.get("huge", lambda: np.zeros(1000))
    assert v.shape == (1000,) and "huge" not in c and "small" in c


def test_size_of_is_what_counts():
    c = ByteCache(budget=100)
    for i in range(10):
        c.get(i, lambda: object(), size_of=lambda v: 30)
    assert len(c) == 3 and c.used == 90
    with pytest.raises(ValueError, match="size_of"):
        c.get("neg", lambda: 1, size_of=lambda v: -1)
    assert "neg" not in c


def test_nbytes_counts_arrays_tensors_models_and_shared_buffers_once():
    a = np.zeros(1000)
    assert 8000 <= nbytes(a) < 8300
    assert 8000 <= nbytes([a, a, a[:10]]) < 8600             # one buffer, three references
    assert 16000 <= nbytes({"t": torch.zeros(2000, dtype=torch.float64)}) < 16400
    model = torch.nn.Linear(100, 100)
    assert 4 * 10100 <= nbytes(model) < 4 * 10100 + 4000


def test_one_computation_for_simultaneous_requests():
    c = ByteCache(budget=10 ** 6)
    calls, gate = [], threading.Event()

    def compute():
        calls.append(1)
        gate.wait(5)
        return np.arange(5)

    out = []
    threads = [threading.Thread(target=lambda: out.append(c.get("k", compute)))
               for _ in range(8)]
    for th in threads:
        th.start()
    time.sleep(0.2)                       # every thread is asking now
    gate.set()
    for th in threads:
        th.join(5)
    assert len(calls) == 1 and c.computations == 1 and len(out) == 8
    assert all(o is out[0] for o in out)  # shared, not copied


def test_errors_are_not_cached_and_reach_every_waiter():
    c = ByteCache(budget=10 ** 6)
    gate, calls = threading.Event(), []

    def fail():
        calls.append(1)
        gate.wait(5)
        raise ValueError("steps must be at most 10")

    errors = []

    def ask():
        try:
            c.get("k", fail)
        except ValueError as e:
            errors.append(str(e))
    threads = [threading.Thread(target=ask) for _ in range(4)]
    for th in threads:
        th.start()
    time.sleep(0.2)
    gate.set()
    for th in threads:
        th.join(5)
    assert len(calls) == 1 and errors == ["steps must be at most 10"] * 4
    assert "k" not in c and c.get("k", lambda: 7) == 7          # the next request retries


def test_a_future_is_stored_when_it_arrives_and_a_cancelled_one_is_asked_again():
    c = ByteCache(budget=10 ** 6)
    f = Future()
    f.set_running_or_notify_cancel()
    threading.Timer(0.1, lambda: f.set_result("trained")).start()
    assert c.get("net", lambda: f, prepare=str.upper) == "TRAINED"
    assert c.get("net", lambda: pytest.fail("cached")) == "TRAINED"

    queued = Future()
    second = []

    def leader_wait(flight):          # the first session goes away: its work is cancelled
        queued.cancel()
        raise RuntimeError("session stopped")
    with pytest.raises(RuntimeError):
        c.get("cfg", lambda: queued, wait=leader_wait)
    assert "cfg" not in c

    again = Future()
    again.set_result(42)
    assert c.get("cfg", lambda: second.append(1) or again) == 42 and second == [1]


def test_a_waiter_whose_computation_was_cancelled_computes_it_again():
    c = ByteCache(budget=10 ** 6)
    first, started = Future(), threading.Event()

    def first_compute():
        if started.is_set():          # asked again after the cancellation
            return 5
        started.set()
        return first
    got = []
    th = threading.Thread(target=lambda: got.append(c.get("k", first_compute)))
    th.start()
    started.wait(5)
    time.sleep(0.1)
    # a second session joins the same computation, then the first one's job is cancelled
    th2 = threading.Thread(target=lambda: got.append(c.get("k", lambda: 5)))
    th2.start()
    time.sleep(0.1)
    first.cancel()
    th.join(5)
    th2.join(5)
    assert sorted(got) == [5, 5] and c.get("k", lambda: pytest.fail("cached")) == 5


def test_cancelled_error_raised_by_the_work_itself_is_not_a_retry_loop():
    c = ByteCache(budget=10 ** 6)

    def compute():
        raise CancelledError("stopped")
    with pytest.raises(CancelledError):
        c.get("k", compute)
    assert "k" not in c
