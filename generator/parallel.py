"""Parsing a briefing's largest YAML files in a forked worker while this process reads the rest.

At 5,000 entities parsing the list files is a third of `briefing check`, and ``forces.yml`` alone
half of that; one core idles meanwhile. Only a process that allows it with :func:`allowed` forks,
and only a single-threaded one: forking a threaded process (``mkdocs serve`` watches files in
threads) may leave the child holding a lock no thread will release. The worker sends back what
:func:`parse_yaml` gave, values and problems, so that reading goes on exactly as without it;
pydantic's checks stay here (the models cost three times as much to send as the values).
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO

from .errors import Problem
from .loading import MAX_YAML_BYTES, Located, Mapping, Sequence, WrittenFloat, WrittenInt, parse_yaml, read_text

MIN_BYTES = 1 << 20
"""Less YAML than this is parsed here. Measured on an idle 2-core machine, loading gained 0.02 s
at 0.45 MB, 0.04 s at 0.9 MB, 0.06 s at 1.5 MB and 0.4 s at 7.5 MB; but pickling, unpickling and
the worker's fresh memory cost CPU time (0.3 s at 7.5 MB), lost when the other core is busy."""
SEND_COST = 0.4
"""What sending a file costs the worker (pickling), as a share of parsing it."""
RECEIVE_COST = 0.15
"""What receiving a file costs this process (unpickling), as a share of parsing it."""

_ALLOWED: ContextVar[bool] = ContextVar("fork_allowed", default=False)


@contextmanager
def allowed() -> Iterator[None]:
    """Let readers of this thread parse in a forked worker where it pays: `briefing check` only."""
    token = _ALLOWED.set(True)
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def start_worker(folder: Path, root: Path, paths: dict[str, str], parallel: bool | None = None) -> Ahead | None:
    """The list files (``paths``: name and path in messages) read, and a worker parsing the largest,
    where that pays and is safe; ``None`` elsewhere. ``parallel`` ``None``: as :func:`allowed` says."""
    if not (_ALLOWED.get() if parallel is None else parallel) or not can_fork():
        return None
    sizes = {}
    for name in paths:
        try:
            sizes[name] = (folder / name).stat().st_size
        except OSError:
            sizes[name] = 0
    if sum(sizes.values()) < MIN_BYTES:
        return None
    return Ahead(folder, root, paths)


def can_fork() -> bool:
    """True where a worker may be forked now: Linux, two cores or more, no other thread."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cpus >= 2 and threading.active_count() == 1


class Ahead:
    """A briefing folder's list files, read at once, the largest parsed by a forked worker.

    The reader takes each file's text and parse from here when it comes to it, in its own order,
    so that problems come in the same order as when it reads each file itself.
    """

    def __init__(self, folder: Path, root: Path, paths: dict[str, str]):
        self.paths = paths
        self.texts = {name: read_text(folder / name, root, path, MAX_YAML_BYTES) for name, path in paths.items()}
        self.sent = share([name for name, (text, _) in self.texts.items() if text is not None],
                          {name: len(text) for name, (text, _) in self.texts.items() if text is not None})
        self.given: dict[str, str] = {}
        self.parsed: dict[str, tuple[Located | None, list[Problem]]] = {}
        self.pid = 0
        self.pipe: BinaryIO | None = None
        if self.sent:
            self._fork()

    def _fork(self) -> None:
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare (ulimit, memory): this process parses everything
            os.close(r)
            os.close(w)
            self.sent = []
            return
        if pid == 0:  # pragma: no cover - the worker; coverage does not follow forks
            status = 1
            try:
                os.close(r)
                with open(w, "wb") as out:
                    for name in self.sent:
                        _send(out, name, parse_yaml(self.texts[name][0] or "", self.paths[name]))
                status = 0
            finally:
                os._exit(status)  # never back into the caller's code, nor its exit handlers
        os.close(w)
        self.pid, self.pipe = pid, open(r, "rb")

    def parse_own(self) -> None:
        """Parse the files not sent to the worker, while it parses the others."""
        for name, (text, _) in self.texts.items():
            if text is not None and name not in self.sent:
                self.parsed[name] = parse_yaml(text, self.paths[name])

    def text(self, name: str) -> tuple[str | None, list[Problem]] | None:
        """What :func:`read_text` gave for ``name``, once; ``None`` if it was not read here."""
        got = self.texts.pop(name, None)
        if got is not None and got[0] is not None:
            self.given[name] = got[0]
        return got

    def parse(self, name: str, text: str) -> tuple[Located | None, list[Problem]] | None:
        """What :func:`parse_yaml` gives for ``text`` of ``name``; ``None``: parse it yourself."""
        if self.given.get(name) is not text:
            return None
        if name in self.parsed:
            return self.parsed.pop(name)
        if name in self.sent:
            return self._receive(name)
        return None

    def _receive(self, name: str) -> tuple[Located | None, list[Problem]] | None:
        """The worker's parse of ``name``; ``None`` if it died or failed, which :meth:`close` ends."""
        while self.pipe is not None:
            try:
                got, result = _read(self.pipe)
            except Exception:  # died, killed, or sent what does not unpickle: the reader parses it
                self.close()
                return None
            if got == name:
                return result
        return None

    def close(self) -> None:
        """End the worker, finished or not, and collect it (no zombie is left behind)."""
        if self.pipe is None:
            return
        self.pipe.close()
        self.pipe = None
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover - already collected
            pass
        os.waitpid(self.pid, 0)


def share(names: list[str], sizes: dict[str, int]) -> list[str]:
    """The files for the worker, in the reader's order: the largest, then each next largest to
    whichever side has less to do, counting what sending costs (this side also reads documents)."""
    worker = here = 0.0
    sent = set()
    for name in sorted(names, key=lambda n: -sizes[n]):
        if worker <= here:
            worker += (1 + SEND_COST) * sizes[name]
            here += RECEIVE_COST * sizes[name]
            sent.add(name)
        else:
            here += sizes[name]
    return [name for name in names if name in sent]


# sending -------------------------------------------------------------------------------------
# Pickle by the values a class holds, not by its attributes: a third of the time of the default.


def _mapping(items: dict[str, Any], at: bytes) -> Mapping:
    out = Mapping()
    out.update(items)
    out.at.frombytes(at)
    return out


def _sequence(items: list[Any], at: bytes) -> Sequence:
    out = Sequence()
    out.extend(items)
    out.at.frombytes(at)
    return out


def _int(value: int, text: str) -> WrittenInt:
    out = WrittenInt(value)
    out.written = text
    return out


def _float(value: float, text: str) -> WrittenFloat:
    out = WrittenFloat(value)
    out.written = text
    return out


_REDUCERS: dict[type, Any] = {
    Mapping: lambda m: (_mapping, (dict(m), m.at.tobytes())),
    Sequence: lambda s: (_sequence, (list(s), s.at.tobytes())),
    WrittenInt: lambda n: (_int, (int(n), n.written)),
    WrittenFloat: lambda n: (_float, (float(n), n.written)),
}


def _send(out: BinaryIO, name: str, result: tuple[Located | None, list[Problem]]) -> None:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump((name, result))
    out.write(len(buffer.getbuffer()).to_bytes(8, "little"))
    out.write(buffer.getbuffer())
    out.flush()


def _read(pipe: BinaryIO) -> tuple[str, tuple[Located | None, list[Problem]]]:
    head = pipe.read(8)
    if len(head) < 8:
        raise EOFError("the worker ended early")
    size = int.from_bytes(head, "little")
    payload = pipe.read(size)
    if len(payload) < size:
        raise EOFError("the worker ended early")
    name, result = pickle.loads(payload)
    return name, result
