"""The MkDocs adapter: options, and `mkdocs serve` rebuilding when a briefing changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import FIXTURES, make_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_yaml_file_or_a_template_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "good")
    (project / "templates").mkdir()
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = f"http://127.0.0.1:{port}/briefings/alpha/forces/task-force/"  # site_url has a path
    try:
        assert _wait_for(lambda: "Task Force Alpha" in _get(page)), "mkdocs serve did not come up"
        forces = project / "briefings/alpha/forces.yml"
        forces.write_text(forces.read_text().replace("name: Task Force Alpha", "name: Task Force Bravo"))
        assert _wait_for(lambda: "Task Force Bravo" in _get(page)), "a change to forces.yml was not rebuilt"
        (project / "templates/entity.md.j2").write_text("# Overridden {{ entity.name }}\n")
        assert _wait_for(lambda: "Overridden Task Force Bravo" in _get(page)), "a new template was not picked up"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_config_option_is_documented() -> None:
    """An option a user cannot find in the docs does not exist for them."""
    from generator.plugin import BriefingConfig
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, _ in BriefingConfig._schema:
        assert f"`{name}`" in readme, f"option {name} is not in the README"
