"""Synthetic briefings of any size, valid by construction, for benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = ("border troops mission support logistics patrol command order agency deployment sector "
         "readiness aviation intelligence transport vehicles monitoring detection brigade task force").split()


def sentence(rng: random.Random, i: int) -> str:
    return f"Unit {i} reported that " + " ".join(rng.choice(WORDS) for _ in range(14)) + f" near post {i}."


def words(line: str, n: int) -> str:
    """The first ``n`` whole words: a quote verifies only when it starts and ends on word boundaries."""
    return " ".join(line.split()[:n])


def write_briefing(folder: Path, entities: int, *, seed: int = 1) -> None:
    """A briefing with ``entities`` forces, missions and authorities, two quoted facts each."""
    rng = random.Random(seed)
    docs = max(1, entities // 20)
    (folder / "documents").mkdir(parents=True)
    sentences = [[sentence(rng, d * 1000 + s) for s in range(60)] for d in range(docs)]
    for d, lines in enumerate(sentences):
        body = "\n\n".join(lines)
        (folder / "documents" / f"doc-{d}.md").write_text(
            f"---\ntitle: Report {d}\npublisher: Synthetic Wire\npublished: 2025-01-{d % 28 + 1:02d}\n---\n{body}\n", encoding="utf-8")
    kinds = {"forces.yml": [], "missions.yml": [], "authorities.yml": []}
    n_forces, n_missions = entities // 2, entities // 4
    for i in range(entities):
        kind = "forces.yml" if i < n_forces else "missions.yml" if i < n_forces + n_missions else "authorities.yml"
        facts = []
        for f in range(2):
            d = rng.randrange(docs)
            line = rng.choice(sentences[d])
            facts.append({"text": f"Fact {f} about entity {i}.", "figure": {"value": rng.randrange(100, 5000), "unit": "troops"},
                          "cite": {"doc": f"doc-{d}", "quote": words(line, 8)}})
        entry = {"id": f"e-{i}", "name": f"Entity number {i}", "short": f"E{i}", "aliases": [f"Alias {i}"],
                 "summary": f"Entity {i} works with [[e-{(i + 1) % entities}]].", "facts": facts}
        if kind == "forces.yml" and i > 0:
            entry["parent"] = f"e-{rng.randrange(0, i)}"
        if kind == "missions.yml":
            entry["forces"] = [f"e-{rng.randrange(0, n_forces)}" for _ in range(3)]
        kinds[kind].append(entry)
    for name, entries in kinds.items():
        (folder / name).write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    events = [{"id": f"ev-{i}", "date": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "title": f"Event {i}",
               "entities": [f"e-{rng.randrange(entities)}"],
               "cite": {"doc": "doc-0", "quote": words(sentences[0][i % 60], 5)}} for i in range(max(1, entities // 10))]
    (folder / "events.yml").write_text(yaml.safe_dump(events, sort_keys=False), encoding="utf-8")
    (folder / "briefing.yml").write_text(yaml.safe_dump(
        {"title": f"Synthetic briefing of {entities} entities", "summary": "For benchmarks.", "updated": "2025-02-01"}), encoding="utf-8")
