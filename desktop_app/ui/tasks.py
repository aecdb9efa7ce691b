"""One helper for background work: run a function in the thread pool, get its result or its
error back on the main thread. Widgets are never touched from a worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, func: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.func, self.relay = func, relay

    @Slot()
    def run(self) -> None:
        try:
            result = self.func()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            outcome, value = self.relay.failed, exc
        else:
            outcome, value = self.relay.done, result
        try:
            outcome.emit(value)
        except RuntimeError:
            pass  # the window closed while the job ran: nobody is waiting for the result


_alive: set[_Relay] = set()


def run_in_background(func: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None],
                      pool: QThreadPool | None = None, owner: QObject | None = None) -> None:
    """``owner``: the widget the callbacks update; when it is gone by the time the job ends
    (its window was closed), the result is dropped instead of touching a deleted widget."""
    relay = _Relay()
    _alive.add(relay)  # the relay must outlive this call: the pool holds no reference to it

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _alive.discard(relay)
        if owner is not None and not shiboken6.isValid(owner):
            return
        callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    (pool or QThreadPool.globalInstance()).start(_Job(func, relay))
