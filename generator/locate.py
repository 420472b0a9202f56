"""Naming a briefing on the command line: by its folder, or by its id under the briefings folder."""

from __future__ import annotations

from pathlib import Path

from .model_errors import suggest


class CommandError(Exception):
    """Why a command could not do what it was asked; the CLI prints it and exits 1."""


def briefing_folder(name: str, briefings: Path) -> Path:
    """The folder of the briefing ``name``: a folder holding a ``briefing.yml``, or ``briefings/<name>``."""
    given = Path(name)
    for folder in (given, briefings / name):
        if (folder / "briefing.yml").is_file():
            return folder
    known = sorted(p.name for p in briefings.iterdir() if (p / "briefing.yml").is_file()) if briefings.is_dir() else []
    listed = f"; the briefings in {briefings.as_posix()}/ are {', '.join(known)}" if known else ""
    raise CommandError(f"no briefing '{name}'{suggest(given.name, known)}: name a briefing's folder or its id{listed}")
