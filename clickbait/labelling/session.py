"""A labelling session's state: the teasers still to ask, what was done to the ones
before, and the file of labels each label goes to as it is given.

:class:`Session` knows nothing of terminals (:mod:`clickbait.labelling.screen` draws it
and reads the keys), so its rules are tested on their own: a label is on disk before
the next teaser shows; ``back`` takes back the last label, of this session or, once
this session's are all taken back, of the ones before it.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from clickbait.labelling.candidates import Candidate
from clickbait.labelling.store import ALL_LABELS, LabelStore, row_of

# Signals that must not cut a label's write in half: they wait until it is done.
_HELD = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C and kill signals (not SIGKILL) until the block is done."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX: nothing to hold
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def now() -> str:
    """The time of a label: UTC, ISO 8601, to the millisecond (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Session:
    """The teasers of ``queue`` asked one after another, each label written to ``store``."""

    def __init__(
        self,
        queue: list[Candidate],
        store: LabelStore,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.total = len(queue)
        self.ahead: deque[Candidate] = deque(queue)
        # What was done to each teaser shown, latest last: its label, or None (skipped).
        self.history: list[tuple[Candidate, str | None]] = []
        self.given = 0
        self.skipped = 0
        self._clock = clock
        self._shown_at = clock()

    @property
    def current(self) -> Candidate | None:
        """The teaser to label now; ``None`` when none is left."""
        return self.ahead[0] if self.ahead else None

    def _next(self) -> Candidate:
        candidate = self.ahead.popleft()
        self._shown_at = self._clock()
        return candidate

    def give(self, label: str) -> None:
        """Label the current teaser: the label is on disk when this returns."""
        if label not in ALL_LABELS:
            raise ValueError(f"unknown label {label!r}")
        candidate = self.current
        if candidate is None:
            raise IndexError("no teaser left to label")
        row = row_of(candidate, label, now(), self._clock() - self._shown_at)
        with uninterrupted():
            self.store.add(row)
        self.history.append((self._next(), label))
        self.given += 1

    def skip(self) -> None:
        """Leave the current teaser unlabelled (a later session asks for it again)."""
        if self.current is None:
            raise IndexError("no teaser left to skip")
        self.history.append((self._next(), None))
        self.skipped += 1

    def back(self) -> str:
        """Go back to the teaser before and take back its label; says what was done."""
        if self.history:
            candidate, label = self.history.pop()
            if label is None:
                self.skipped -= 1
                said = "back to the teaser skipped before"
            else:
                with uninterrupted():
                    self.store.withdraw(candidate.key)
                self.given -= 1
                said = f"label taken back (was {label})"
        else:
            row = self.store.last()
            if row is None:
                return "nothing to go back to"
            candidate = Candidate.from_row(row)
            with uninterrupted():
                self.store.withdraw(candidate.key)
            said = f"label of an earlier session taken back (was {row.get('label')})"
            self.total += 1
        self.ahead.appendleft(candidate)
        self._shown_at = self._clock()
        return said
