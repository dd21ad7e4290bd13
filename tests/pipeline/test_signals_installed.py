"""reproduce stops cleanly on SIGTERM and on SIGHUP (a closed terminal): while it runs, both signals have the
package's handler, which ends the run by raising Stopped (so that its `finally` blocks put data/processed back),
and the caller's handlers are back afterwards. In-process: the work itself (_reproduce) is replaced by a stand-in
that raises the signal, so no build runs; the test's own handler stands before it, so a signal reproduce did
not take over is seen, never fatal to the test run."""

from __future__ import annotations

import signal

import pytest

from repression_data.pipeline import reproduce as module

SIGNALS = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])


@pytest.fixture
def callers_handlers():
    """A handler of the caller's own for each signal (recording, harmless), restored afterwards."""
    received: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}

    def caller(signum, frame):
        received.append(signum)

    for sig in SIGNALS:
        signal.signal(sig, caller)
    yield caller, received
    for sig, handler in previous.items():
        signal.signal(sig, handler)


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_during_reproduce_reaches_the_packages_handler_and_stops_the_run(monkeypatch, tmp_path, callers_handlers, sig):
    caller, received = callers_handlers
    seen = {}

    def work(raw, out):
        seen.update({s: signal.getsignal(s) for s in SIGNALS})
        signal.raise_signal(sig)  # the handler runs before this returns
        return 0

    monkeypatch.setattr(module, "_reproduce", work)
    with pytest.raises(module.Stopped) as info:
        module.reproduce(tmp_path / "raw", tmp_path / "out")
    assert received == [], f"{signal.Signals(sig).name} went to the caller's handler, not reproduce's"
    assert info.value.code == 128 + sig
    assert [signal.Signals(s).name for s, h in seen.items() if h is not module._raise_stopped] == [], "not reproduce's handler while it ran"
    assert [signal.getsignal(s) for s in SIGNALS] == [caller] * len(SIGNALS), "the caller's handlers are put back"


def test_a_finished_run_puts_the_callers_handlers_back(monkeypatch, tmp_path, callers_handlers):
    caller, received = callers_handlers
    seen = {}
    monkeypatch.setattr(module, "_reproduce", lambda raw, out: seen.update({s: signal.getsignal(s) for s in SIGNALS}) or 0)
    assert module.reproduce(tmp_path / "raw", tmp_path / "out") == 0
    assert set(seen) == set(SIGNALS)
    assert [signal.Signals(s).name for s, h in seen.items() if h is not module._raise_stopped] == [], "not reproduce's handler while it ran"
    assert [signal.getsignal(s) for s in SIGNALS] == [caller] * len(SIGNALS) and received == []
