"""Problems found in a briefing, reported all at once with their positions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, where an editor can jump to it."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class BriefingError(Exception):
    """Raised with every problem of a build, so that one run shows the analyst all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was built.")
        return "\n".join(lines)


class Problems:
    """Collects problems while a stage goes on, so that it can report them all at the end."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, line: int, column: int, message: str) -> None:
        self.items.append(Problem(path, line, column, message))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise BriefingError(self.items)
