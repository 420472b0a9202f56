"""Data for machines: each briefing's briefing.json and each page's JSON-LD, read back from real builds."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, make_project, mkdocs_build
from generator.pipeline import generate
from generator.urls import addresses, page_url

SITE_URL = "https://example.com/briefings/"  # conftest.MKDOCS_YML


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def jsonld(html: Path) -> dict[str, Any]:
    scripts = soup(html).select('script[type="application/ld+json"]')
    assert len(scripts) == 1, html
    return json.loads(scripts[0].string)


def file_of(site: Path, url: str) -> tuple[Path, str]:
    """The built file an absolute address of the site leads to, and its fragment."""
    assert url.startswith(SITE_URL), url
    parts = urlsplit(url)
    path = site / url[len(SITE_URL):].split("#")[0]
    return (path / "index.html" if path.is_dir() else path), parts.fragment


def lands(site: Path, url: str) -> bool:
    """True when the address is a built page and, with a fragment, an element of that page."""
    file, fragment = file_of(site, url)
    return file.is_file() and (not fragment or soup(file).find(id=fragment) is not None)


def briefing_json(project: Path) -> dict[str, Any]:
    return json.loads((project / "site/alpha/briefing.json").read_text(encoding="utf-8"))


def test_briefing_json_holds_what_the_yaml_says(good_site: Path) -> None:
    data = briefing_json(good_site)
    src = {name: yaml.safe_load((good_site / "briefings/alpha" / f"{name}.yml").read_text(encoding="utf-8"))
           for name in ("briefing", "forces", "missions", "authorities", "events", "questions")}
    assert (data["version"], data["id"], data["title"], data["updated"]) == \
        (1, "alpha", src["briefing"]["title"], {"iso": "2025-03-01", "precision": "day"})
    entity_yaml = [*src["forces"], *src["missions"], *src["authorities"]]
    assert [e["id"] for e in data["entities"]] == [e["id"] for e in entity_yaml]
    assert len(data["facts"]) == sum(len(e.get("facts", [])) for e in entity_yaml) == 2
    assert [ev["id"] for ev in data["events"]] == [ev["id"] for ev in src["events"]]
    assert [q["id"] for q in data["questions"]] == [q["id"] for q in src["questions"]]
    assert [d["id"] for d in data["documents"]] == ["report-one"]

    fact = next(f for f in data["facts"] if f["entity"] == "task-force")
    written = src["forces"][0]["facts"][0]
    assert fact["text"] == written["text"] == "Task Force Alpha has about 300 soldiers."
    assert fact["figure"] == {"value": 300, "unit": "troops", "approx": True}
    assert fact["as_of"] == {"iso": "2025-02-01", "precision": "day"}  # the document's date: the YAML gives none
    [cite] = fact["citations"]
    assert (cite["verified"], cite["document"], cite["text"]) == (True, "report-one", "The “Task Force” has about 300 soldiers")
    assert cite["url"] == f"{SITE_URL}alpha/sources/report-one/#{cite['quote']}"
    assert cite["source_url"] == "https://example.com/report-one"
    assert fact["url"] == f"{SITE_URL}alpha/forces/task-force/#{fact['id']}"

    outside = next(f for f in data["facts"] if f["entity"] == "patrol")["citations"][1]
    assert (outside["verified"], outside["document"], outside["url"]) == (False, None, "https://example.org/other")

    review = next(ev for ev in data["events"] if ev["id"] == "review-due")
    assert review["date"] == {"iso": "2025-02-09", "precision": "day"}  # 30 days after 10 January
    assert review["derived_from"] == {"after": "order-issued", "days": 30}

    entities = {e["id"]: e for e in data["entities"]}
    # written once, on the force's side (command: missions: [patrol]); listed on both
    assert entities["command"]["relations"]["missions"] == ["patrol"]
    assert entities["patrol"]["relations"]["forces"] == ["command"]
    assert entities["task-force"]["relations"]["part_of"] == ["command"]
    assert entities["command"]["relations"]["units_and_components"] == ["task-force"]
    assert entities["patrol"]["details"]["tasks"] == ["patrol duty"]

    [doc] = data["documents"]
    cited_by = {q["id"]: q["cited_by"] for q in doc["quotes"]}
    assert cited_by[cite["quote"]] == [{"fact": fact["id"], "entity": "task-force"}]


def test_briefing_json_gives_each_record_a_line_of_its_own(good_site: Path) -> None:
    """A reader can grep it, and a diff of two builds shows the records that changed."""
    text = (good_site / "site/alpha/briefing.json").read_text(encoding="utf-8")
    data = json.loads(text)
    for key in ("entities", "facts", "documents"):
        lines = text.split(f'"{key}": [\n', 1)[1].split("\n  ]", 1)[0].split("\n")
        assert [json.loads(line.strip().removesuffix(",")) for line in lines] == data[key]


def test_every_address_in_briefing_json_lands_on_its_page_and_anchor(good_site: Path) -> None:
    site = good_site / "site"
    urls: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            urls.extend(v for k, v in value.items() if k == "url" and isinstance(v, str))
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(briefing_json(good_site))
    ours = [u for u in urls if u.startswith(SITE_URL)]
    assert len(ours) == 18 and "https://example.org/other" in urls
    assert [u for u in ours if not lands(site, u)] == []


def test_every_generated_page_describes_itself_in_json_ld(good_site: Path) -> None:
    site = good_site / "site"
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    assert len(pages) == 19
    for html in pages:
        data = jsonld(html)
        here = html.parent.relative_to(site).as_posix()
        assert data["@context"] == "https://schema.org"
        assert data["url"] == SITE_URL + ("" if here == "." else here + "/"), html
        assert data["name"] == soup(html).title.get_text().split(" - ")[0], html
    assert not soup(site / "404.html").select('script[type="application/ld+json"]')


def test_json_ld_gives_entities_and_sources_their_schema_org_types(good_site: Path) -> None:
    site = good_site / "site"
    force = jsonld(site / "alpha/forces/task-force/index.html")
    assert force["mainEntity"]["@type"] == "Organization"
    assert force["mainEntity"]["alternateName"] == ["TF-A", "Alpha Force"]
    assert force["mainEntity"]["parentOrganization"]["@id"] == f"{SITE_URL}alpha/forces/command/#entity"
    [claim] = force["mainEntity"]["subjectOf"]
    assert (claim["@type"], claim["text"], claim["temporalCoverage"]) == ("Claim", "Task Force Alpha has about 300 soldiers.", "2025-02-01")
    [quotation] = force["citation"]
    assert claim["appearance"] == [{"@id": quotation["@id"]}]
    assert quotation["@type"] == "Quotation" and quotation["text"] == "The “Task Force” has about 300 soldiers"
    assert quotation["isPartOf"]["@type"] == "CreativeWork" and quotation["isPartOf"]["sameAs"] == "https://example.com/report-one"
    assert lands(site, quotation["url"]) and "#q-" in quotation["url"]

    mission = jsonld(site / "alpha/missions/patrol/index.html")["mainEntity"]
    assert mission["@type"] == "Event"
    assert mission["organizer"]["name"] == "Task Force Alpha" and mission["attendee"]["name"] == "Alpha Command"
    authority = jsonld(site / "alpha/authorities/patrol-order/index.html")["mainEntity"]
    assert (authority["@type"], authority["legislationIdentifier"]) == ("Legislation", "Order 1")
    source = jsonld(site / "alpha/sources/report-one/index.html")["mainEntity"]
    assert (source["@type"], source["publisher"]["name"], source["datePublished"]) == ("CreativeWork", "Test Wire", "2025-02-01")
    timeline = jsonld(site / "alpha/timeline/index.html")["mainEntity"]["itemListElement"]
    assert [(i["item"]["@type"], i["item"]["startDate"]) for i in timeline] == [("Event", "2025-01-10"), ("Event", "2025-02-09")]
    question = jsonld(site / "alpha/questions/index.html")["mainEntity"]["itemListElement"][0]["item"]
    assert (question["@type"], question["name"]) == ("Question", "How long will the patrol last?")


def test_python_markdown_passes_the_json_ld_through_untouched(good_site: Path) -> None:
    pages = generate(good_site / "briefings", base=good_site, site_url=SITE_URL).pages
    for path, page in pages.items():
        written = page.markdown.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
        html = good_site / "site" / page_url(path, True) / "index.html"
        assert soup(html).select_one('script[type="application/ld+json"]').string == written, path


def test_the_schemas_are_published_with_the_site(good_site: Path) -> None:
    for schema in (ROOT / "schemas").glob("*.schema.json"):
        assert (good_site / "site/schemas" / schema.name).read_text(encoding="utf-8") == schema.read_text(encoding="utf-8")


HOSTILE = "</script><script>alert(1)</script> & <!-- x"


def test_a_fact_that_tries_to_close_the_script_stays_data(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(FIXTURES / "good", src)
    forces = src / "alpha/forces.yml"
    forces.write_text(forces.read_text(encoding="utf-8").replace(
        "- text: Task Force Alpha has about 300 soldiers.", f"- text: {json.dumps(HOSTILE)}"), encoding="utf-8")
    project = make_project(tmp_path, src)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr

    html = project / "site/alpha/forces/task-force/index.html"
    scripts = soup(html).find_all("script")
    assert [s for s in scripts if "alert" in (s.string or "") and s.get("type") != "application/ld+json"] == []
    [block] = [s for s in scripts if s.get("type") == "application/ld+json"]
    assert "<" not in block.string and "\\u003c/script\\u003e" in block.string
    assert json.loads(block.string)["mainEntity"]["subjectOf"][0]["text"] == HOSTILE

    raw = (project / "site/alpha/briefing.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert json.loads(raw)["facts"][0]["text"] == HOSTILE


@pytest.mark.parametrize(("here", "target", "directory_urls", "address"), [
    ("alpha/briefing.json", "alpha/forces/x.md#fact-1", True, "forces/x/#fact-1"),
    ("alpha/briefing.json", "alpha/index.md", True, "./"),
    ("alpha/forces/x.md", "index.md", True, "../../../"),
    ("alpha/forces/x.md", "alpha/forces/x.md#fact-1", True, "./#fact-1"),
    ("alpha/forces/x.md", "alpha/timeline.md#ev", False, "../timeline.html#ev"),
    ("alpha/briefing.json", "alpha/index.md", False, "index.html"),
])
def test_addresses_in_data_are_relative_to_the_file_they_are_in(here: str, target: str, directory_urls: bool, address: str) -> None:
    assert addresses(here, directory_urls=directory_urls)(target) == address
    absolute = addresses(here, directory_urls=directory_urls, site_url="https://example.com/b")(target)
    assert absolute == "https://example.com/b/" + page_url(target.split("#")[0], directory_urls) + \
        ("#" + target.split("#")[1] if "#" in target else "")
