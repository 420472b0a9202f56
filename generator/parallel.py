"""Parsing a briefing's largest YAML files in a forked worker while this process reads the rest.

At 5,000 entities parsing the list files is a third of `briefing check`, and ``forces.yml`` alone
half of that; one core idles meanwhile. Only a process that allows it with :func:`allowed` forks,
and only a single-threaded one: forking a threaded process (``mkdocs serve`` watches files in
threads) may leave the child holding a lock no thread will release. The worker sends back what
:func:`parse_yaml` gave, values and problems, so that reading goes on exactly as without it;
pydantic's checks stay here (the models cost three times as much to send as the values).

Then, while this process runs those checks, the worker looks for every quote in its document
(given the documents' texts and the quotes of the files parsed here), which otherwise was a
quarter of the checks across files: the citations then find each quote's place already known.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .errors import Problem
from .loading import MAX_YAML_BYTES, Located, Mapping, Sequence, WrittenFloat, WrittenInt, parse_yaml, read_text
from .quotes import Normalised, Sought

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
    if sys.platform != "linux" or not hasattr(os, "fork") or not hasattr(os, "memfd_create"):
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
        self.asked = False
        """Whether the worker was given quotes to look for."""
        self.pid = 0
        self.out: _Box | None = None
        self.jobs: _Box | None = None
        if self.sent:
            self._fork()

    def _fork(self) -> None:
        boxes: list[_Box] = []
        try:
            while len(boxes) < 2:
                boxes.append(_Box())
            pid = os.fork()
        except OSError:  # no memory files (an old kernel), descriptors or process to spare: this process parses everything
            for box in boxes:
                box.close()
            self.sent = []
            return
        out, jobs = boxes
        if pid == 0:  # pragma: no cover - the worker; coverage does not follow forks
            status = 1
            try:
                out.sending()
                jobs.receiving()
                parsed = []
                for name in self.sent:
                    result = parse_yaml(self.texts[name][0] or "", self.paths[name])
                    _send(out, name, result)
                    parsed.append(result[0])
                job = jobs.get()
                if job is not None:
                    texts, quotes = pickle.loads(job)
                    for located in parsed:
                        cited(located, quotes)
                    _send(out, QUOTES, look_for(texts, quotes))
                status = 0
            finally:
                os._exit(status)  # never back into the caller's code, nor its exit handlers
        out.receiving()
        jobs.sending()
        self.pid, self.out, self.jobs = pid, out, jobs

    def parse_own(self, texts: dict[str, str] | None = None) -> None:
        """Parse the files not sent to the worker, while it parses the others; with the documents'
        ``texts`` (by id), the worker then looks for the quotes of all files in them, while this
        process goes on reading."""
        quotes: dict[str, list[str]] = {}
        for name, (text, _) in self.texts.items():
            if text is not None and name not in self.sent:
                self.parsed[name] = parse_yaml(text, self.paths[name])
                cited(self.parsed[name][0], quotes)
        if self.jobs is None:
            return
        try:
            if texts:
                self.jobs.put(pickle.dumps((texts, quotes), protocol=pickle.HIGHEST_PROTOCOL))
                self.asked = True
        except OSError:  # no memory to spare, or the worker is gone: quotes are looked for here
            self.asked = False
        self.jobs.close()  # the worker's wait for a job ends, with one or without
        self.jobs = None

    def found(self) -> dict[str, dict[str, Sought]] | None:
        """What the worker found of each quote (:func:`look_for`), by document and quote as
        written; ``None`` if it was not asked, or failed."""
        if not self.asked:
            return None
        got = self._receive(QUOTES)
        return got if isinstance(got, dict) else None

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

    def _receive(self, name: str) -> Any:
        """The worker's message ``name``; ``None`` if it died or failed, which :meth:`close` ends."""
        while self.out is not None:
            try:
                got, result = _read(self.out)
            except Exception:  # died, killed, or sent what does not unpickle: the reader does it all
                self.close()
                return None
            if got == name:
                return result
        return None

    def close(self) -> None:
        """End the worker, finished or not, and collect it (no zombie is left behind)."""
        if self.jobs is not None:
            self.jobs.close()
            self.jobs = None
        if self.out is None:
            return
        self.out.close()
        self.out = None
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover - already collected
            pass
        os.waitpid(self.pid, 0)


class _Box:
    """One way between the two processes that never blocks the sender: a message is written to a
    file in memory, and the pipe carries only where it lies (16 bytes, which its buffer holds).
    Through a pipe alone, a sender waits until the other side reads, which it may not yet."""

    def __init__(self) -> None:
        self.data = os.memfd_create("briefing-worker")
        try:
            self.r, self.w = os.pipe()
        except OSError:
            os.close(self.data)
            raise

    def sending(self) -> None:
        os.close(self.r)
        self.r = -1

    def receiving(self) -> None:
        os.close(self.w)
        self.w = -1

    def put(self, payload: bytes | memoryview) -> None:
        offset = os.lseek(self.data, 0, os.SEEK_END)
        view = memoryview(payload)
        while view:
            view = view[os.write(self.data, view):]
        os.write(self.w, struct.pack("<QQ", offset, len(payload)))

    def get(self) -> bytes | None:
        """The next message, or ``None`` when the sender has closed its side without one more."""
        head = b""
        while len(head) < 16:
            more = os.read(self.r, 16 - len(head))
            if not more:
                if head:
                    raise EOFError("the worker ended in the middle of a message")
                return None
            head += more
        offset, size = struct.unpack("<QQ", head)
        chunks = []
        while size:
            chunk = os.pread(self.data, size, offset)
            if not chunk:
                raise EOFError("a message is shorter than announced")
            chunks.append(chunk)
            offset += len(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        for fd in (self.data, self.r, self.w):
            if fd >= 0:
                os.close(fd)
        self.data = self.r = self.w = -1


QUOTES = "\0quotes"
"""The name of the worker's last message: not a file's name."""


def cited(located: Located | None, quotes: dict[str, list[str]]) -> None:
    """Add the quotes a list file's entries cite, by document, as written: before the models'
    checks, so that the worker can look for them meanwhile. What is not a document's quote as
    the format writes it is left out; the citations look for whatever was left out themselves."""
    if located is None or located.data.__class__ is not Sequence:
        return
    for entry in located.data:
        if entry.__class__ is not Mapping:
            continue
        cites = [entry.get("cite")]
        facts = entry.get("facts")
        if facts.__class__ is Sequence:
            cites += [fact.get("cite") for fact in facts if fact.__class__ is Mapping]
        for cite in cites:
            for source in cite if cite.__class__ is Sequence else (cite,):
                if source.__class__ is Mapping:
                    doc, quote = source.get("doc"), source.get("quote")
                    if doc.__class__ is str and quote.__class__ is str:
                        quotes.setdefault(doc, []).append(quote)


def look_for(texts: dict[str, str], quotes: dict[str, list[str]]) -> dict[str, dict[str, Sought]]:
    """Each quote's :meth:`Normalised.seek` in its document, by document and quote as written."""
    return {doc: Normalised(texts[doc]).look_for(written) for doc, written in quotes.items() if doc in texts}


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


def _send(out: _Box, name: str, result: Any) -> None:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump((name, result))
    out.put(buffer.getbuffer())


def _read(out: _Box) -> tuple[str, Any]:
    payload = out.get()
    if payload is None:
        raise EOFError("the worker ended early")
    name, result = pickle.loads(payload)
    return name, result
