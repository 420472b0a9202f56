"""Synthetic briefings of any size, valid by construction, for benchmarks.

The shape follows a long-lived briefing: one document for every five entities, 5 to 8 quoted facts
an entity (6.5 on average), most with a figure, dated across a year so that figures change over time
and some sources disagree, 3 to 6 relations an entity, tags, and one event for every ten entities.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = ("border troops mission support logistics patrol command order agency deployment sector "
         "readiness aviation intelligence transport vehicles monitoring detection brigade task force").split()
PAGE_WORDS = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo", "Lima",
         "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform", "Victor", "Whiskey",
         "X-ray", "Yankee", "Zulu")
"""First words of outside pages' titles: one for every letter of the Sources page's parts."""
UNITS = ("troops", "vehicles", "aircraft", "crossings per day", "miles")
TAGS = ("aviation", "logistics", "intelligence", "engineering", "medical", "maritime", "cyber", "training",
        "detention", "surveillance", "transport", "command")


def sentence(rng: random.Random, i: int) -> str:
    return f"Unit {i} reported that " + " ".join(rng.choice(WORDS) for _ in range(14)) + f" near post {i}."


def words(line: str, n: int) -> str:
    """The first ``n`` whole words: a quote verifies only when it starts and ends on word boundaries."""
    return " ".join(line.split()[:n])


def write_briefing(folder: Path, entities: int, *, seed: int = 1, events: int | None = None, questions: int = 0,
                   outside: int = 0) -> None:
    """A briefing of ``entities`` forces (half), missions (a quarter) and authorities (a quarter),
    ``events`` events (one for every ten entities unless told) and ``questions`` questions (a
    third of them answered); the first ``outside`` facts also cite an outside page each."""
    rng = random.Random(seed)
    docs = max(1, entities // 5)
    (folder / "documents").mkdir(parents=True)
    sentences = [[sentence(rng, d * 1000 + s) for s in range(60)] for d in range(docs)]
    for d, lines in enumerate(sentences):
        body = "\n\n".join(lines)
        (folder / "documents" / f"doc-{d}.md").write_text(
            f"---\ntitle: Report {d}\npublisher: Synthetic Wire\npublished: 2025-{d % 12 + 1:02d}-{d % 28 + 1:02d}\n---\n{body}\n",
            encoding="utf-8")
    n_forces, n_missions = entities // 2, entities // 4
    forces = [f"e-{i}" for i in range(n_forces)]
    missions = [f"e-{i}" for i in range(n_forces, n_forces + n_missions)]
    authorities = [f"e-{i}" for i in range(n_forces + n_missions, entities)] or forces
    kinds: dict[str, list[dict[str, object]]] = {"forces.yml": [], "missions.yml": [], "authorities.yml": []}
    pages = 0  # outside pages cited so far
    for i in range(entities):
        kind = "forces.yml" if i < n_forces else "missions.yml" if i < n_forces + n_missions else "authorities.yml"
        facts = []
        for f in range(rng.choice((5, 6, 7, 8))):
            d = rng.randrange(docs)
            line = rng.choice(sentences[d])
            fact: dict[str, object] = {"text": f"Fact {f} about entity {i}.",
                                       "as_of": f"2025-{rng.randrange(1, 13):02d}",
                                       "cite": {"doc": f"doc-{d}", "quote": words(line, 8)}}
            if f < 5:
                fact["figure"] = {"value": rng.randrange(100, 5000), "unit": UNITS[(i + f) % 3]}
            if pages < outside:
                fact["cite"] = [fact["cite"], {"url": f"https://example.org/pages/{pages}", "title": f"{PAGE_WORDS[pages % 26]} page {pages}",
                                               "publisher": "Example"}]
                pages += 1
            facts.append(fact)
        entry: dict[str, object] = {"id": f"e-{i}", "name": f"Entity number {i}", "short": f"E{i}", "aliases": [f"Alias {i}"],
                                    "summary": f"Entity {i} works with [[e-{(i + 1) % entities}]].",
                                    "tags": rng.sample(TAGS, 2), "facts": facts}
        relations = rng.randint(3, 6)  # each written on one side only, as analysts do
        if kind == "forces.yml":
            if i > 0:
                entry["parent"] = f"e-{rng.randrange(0, i)}"
                relations -= 1
            entry["authorities"] = rng.sample(authorities, min(len(authorities), max(1, relations // 2)))
            entry["see_also"] = [f"e-{rng.randrange(entities)}" for _ in range(relations - len(entry["authorities"]))]  # type: ignore[arg-type]
        elif kind == "missions.yml":
            entry["forces"] = rng.sample(forces, min(len(forces), relations - 1))
            entry["authorities"] = rng.sample(authorities, 1)
        else:
            entry["see_also"] = [f"e-{rng.randrange(entities)}" for _ in range(relations)]
        if "see_also" in entry:
            entry["see_also"] = sorted({e for e in entry["see_also"] if e != entry["id"]})  # type: ignore[union-attr]
        kinds[kind].append(entry)
    for name, entries in kinds.items():
        (folder / name).write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    events = [{"id": f"ev-{i}", "date": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "title": f"Event {i}",
               "entities": [f"e-{rng.randrange(entities)}"],
               "cite": {"doc": "doc-0", "quote": words(sentences[0][i % 60], 5)}} for i in range(events or max(1, entities // 10))]
    (folder / "events.yml").write_text(yaml.safe_dump(events, sort_keys=False), encoding="utf-8")
    if questions:
        asked = [{"id": f"q-{i}", "question": f"What is question {i}?", "entities": [f"e-{i % entities}"],
                  "cite": {"doc": "doc-0", "quote": words(sentences[0][i % 60], 6)},
                  **({"status": "answered", "answer": f"Answer {i}."} if i % 3 == 0 else {})} for i in range(questions)]
        (folder / "questions.yml").write_text(yaml.safe_dump(asked, sort_keys=False), encoding="utf-8")
    (folder / "briefing.yml").write_text(yaml.safe_dump(
        {"title": f"Synthetic briefing of {entities} entities", "summary": "For benchmarks.", "updated": "2025-12-31"}), encoding="utf-8")
