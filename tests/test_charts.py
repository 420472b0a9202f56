"""The SVG pictures: read back as XML, as a browser would build them, with hostile names in them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from generator import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '</title><script>alert(1)</script>" onload="alert(2)'


def parse(html: str) -> ET.Element:
    """The <figure> as XML: raises if any data broke out of its text or attribute."""
    return ET.fromstring(html)


def marks(*specs: tuple[str, float, float]) -> list[charts.Mark]:
    return [charts.Mark(dt.date.fromisoformat(d), low, high, f"{low}-{high} on {d}", f"#fact-{i}")
            for i, (d, low, high) in enumerate(specs)]


def chart(ms: list[charts.Mark], **kw: str) -> ET.Element:
    labels = {m.when: m.when.isoformat() for m in ms}
    args = {"ident": "chart-x", "title": "Troops", "description": "2,200 then 4,000", "caption": "A caption"} | kw
    return parse(charts.line_chart(ms, date_label=labels, **args))


TROOPS = marks(("2025-01-22", 2200, 2200), ("2025-02-05", 4000, 4000), ("2025-02-05", 3500, 3500),
               ("2025-03-01", 1100, 1300), ("2025-03-15", 10000, 10000))


def test_every_figure_is_a_linked_mark_and_a_range_is_a_bar() -> None:
    svg = chart(TROOPS).find(f"div/{SVG}svg")
    links = svg.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == ["#fact-0", "#fact-1", "#fact-2", "#fact-3", "#fact-4"]
    assert [a.find(f"{SVG}title").text for a in links][3] == "1100-1300 on 2025-03-01"
    shapes = [a[1].tag.removeprefix(SVG) for a in links]
    assert shapes == ["circle", "circle", "circle", "rect", "circle"]
    bar = links[3][1]
    assert float(bar.get("height")) == charts.MIN_BAR  # 1,100 to 1,300 is 3.7 units at this scale: drawn taller
    wide = chart(marks(("2025-01-01", 0, 0), ("2025-02-01", 2000, 8000))).find(f"div/{SVG}svg").findall(f"{SVG}a")[1][1]
    assert (wide.get("y"), wide.get("height")) == ("16", "138")  # 2,000 to 8,000 on an axis of 0 to 8,000: to scale
    assert [a.get("aria-label") for a in links][0] == "2200-2200 on 2025-01-22"  # named for screen readers
    assert all(a.get("tabindex") is None for a in links)  # and reached by the keyboard


def test_the_value_axis_starts_at_zero_and_ends_on_a_round_number() -> None:
    svg = chart(TROOPS).find(f"div/{SVG}svg")
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end" and t.text and t.text[0].isdigit()
             and "-" not in t.text]
    assert ticks == ["0", "2,500", "5,000", "7,500", "10,000"]


def test_dates_are_joined_to_each_figure_of_the_next_date() -> None:
    svg = chart(TROOPS).find(f"div/{SVG}svg")
    joins = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-width") == "2"]
    # 22 Jan → both 5 Feb figures, both → 1 Mar, 1 Mar → 15 Mar
    assert len(joins) == 2 + 2 + 1


def test_the_picture_is_a_group_named_and_described_for_screen_readers() -> None:
    figure = chart(TROOPS)
    svg = figure.find(f"div/{SVG}svg")
    assert svg.get("role") == "group"  # not "img", whose links a screen reader could not see
    assert (svg.get("aria-labelledby"), svg.get("aria-describedby")) == ("chart-x-title", "chart-x-desc")
    assert svg.find(f"{SVG}g").get("aria-hidden") == "true"  # axes and lines: the links and the desc say it all
    assert svg.find(f"{SVG}title").get("id") == "chart-x-title" and svg.find(f"{SVG}title").text == "Troops"
    assert svg.find(f"{SVG}desc").text == "2,200 then 4,000"
    assert svg.get("fill") == "currentColor"  # follows the theme's text colour, light or dark
    assert figure.find("figcaption").text == "A caption"


def test_hostile_names_and_units_stay_text() -> None:
    ms = [charts.Mark(dt.date(2025, 1, 1), 1, 1, HOSTILE, '#x" onclick="alert(3)'),
          charts.Mark(dt.date(2025, 2, 1), 2, 2, "two", "#y")]
    figure = chart(ms, title=HOSTILE, description=HOSTILE, caption=HOSTILE, ident='c"x')
    svg = figure.find(f"div/{SVG}svg")
    assert not list(figure.iter(f"{SVG}script")) and not list(figure.iter("script"))
    assert svg.find(f"{SVG}title").text == HOSTILE and svg.find(f"{SVG}desc").text == HOSTILE
    assert figure.find("figcaption").text == HOSTILE
    first = svg.find(f"{SVG}a")
    assert first.get("href") == '#x" onclick="alert(3)' and first.get("onclick") is None
    assert first.find(f"{SVG}title").text == HOSTILE
    assert all(not name.startswith("on") for el in figure.iter() for name in el.attrib)


@pytest.mark.parametrize(("span", "step"), [(10000, 2500), (1300, 500), (7, 2), (0.3, 0.1), (0, 1.0)])
def test_axis_steps_are_round(span: float, step: float) -> None:
    assert charts.nice_step(span) == pytest.approx(step)


NODES = [charts.Node("f", "Bravo Force", 0, None, "Bravo Force (BF)"),
         charts.Node("c", "Bravo Command", 0, "../bravo-command/", "Bravo Command"),
         charts.Node("m", "Bravo border mission", 1, "../../missions/bravo-mission/", "Bravo border mission"),
         charts.Node("o", "Bravo order", 2, "../../authorities/bravo-order/", "Bravo order")]
EDGES = [charts.Edge("f", "c", "part-of"), charts.Edge("f", "m", "leads"), charts.Edge("f", "o", "acts-under"),
         charts.Edge("m", "o", "acts-under")]


def diagram(nodes: list[charts.Node], edges: list[charts.Edge], **kw: str) -> ET.Element:
    args = {"ident": "d", "title": "How it connects", "description": "In words", "caption": "Caption"} | kw
    return parse(charts.diagram(["Forces", "Missions", "Authorities"], nodes, edges, **args))


def test_each_other_entity_is_a_linked_box_and_the_page_own_is_not_a_link() -> None:
    svg = diagram(NODES, EDGES).find(f"div/{SVG}svg")
    links = svg.findall(f"{SVG}a")
    assert [(a.get("href"), a.find(f"{SVG}title").text) for a in links] == [
        ("../bravo-command/", "Bravo Command"), ("../../missions/bravo-mission/", "Bravo border mission"),
        ("../../authorities/bravo-order/", "Bravo order")]
    own = [g for g in svg.findall(f"{SVG}g") if g.find(f"{SVG}title") is not None]
    assert [g.find(f"{SVG}title").text for g in own] == ["Bravo Force (BF)"]
    assert own[0].find(f"{SVG}rect").get("stroke-width") == "2.5"


def test_edges_and_a_legend_of_the_kinds_drawn() -> None:
    svg = diagram(NODES, EDGES).find(f"div/{SVG}svg")
    assert len(svg.findall(f".//{SVG}path")) == 4
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[:3] == ["Forces", "Missions", "Authorities"]
    assert [t for t in texts if t in {w for w, _ in charts.EDGE_STYLES.values()}] == ["is part of", "leads", "acts under"]


def test_a_connection_that_skips_a_column_runs_between_its_boxes() -> None:
    svg = diagram(NODES, EDGES).find(f"div/{SVG}svg")
    acts_under = [p.get("d") for p in svg.iter(f"{SVG}path") if p.get("stroke-dasharray")]
    assert len(acts_under) == 2 and " L" in acts_under[0]  # force → order: along a gap past the mission


def test_empty_columns_are_left_out() -> None:
    svg = diagram(NODES[:2], EDGES[:1]).find(f"div/{SVG}svg")
    assert [t.text for t in svg.iter(f"{SVG}text")][0] == "Forces"
    assert "Missions" not in [t.text for t in svg.iter(f"{SVG}text")]


def test_hostile_entity_names_stay_text_in_a_diagram() -> None:
    nodes = [charts.Node("a", HOSTILE, 0, None, HOSTILE), charts.Node("b", "x", 1, 'javascript:"x', HOSTILE)]
    figure = diagram(nodes, [charts.Edge("a", "b", "takes-part")], title=HOSTILE)
    assert not list(figure.iter(f"{SVG}script"))
    assert all(not name.startswith("on") for el in figure.iter() for name in el.attrib)
    assert [t.text for t in figure.iter(f"{SVG}title")] == [HOSTILE, HOSTILE, HOSTILE]


def test_a_long_name_is_shortened_in_its_box_and_whole_in_its_tooltip() -> None:
    name = "The Very Long Name of a Joint Interagency Task Force for the Border"
    svg = diagram([charts.Node("a", name, 0, None, name), charts.Node("b", "x", 1, "x/", "x")],
                  [charts.Edge("a", "b", "takes-part")]).find(f"div/{SVG}svg")
    label = next(t for t in svg.iter(f"{SVG}text") if t.text and t.text.startswith("The Very"))
    assert name.startswith(label.text) and len(label.text) < len(name)  # what shows is part of the link's name
    assert "".join(label.itertext()).endswith("…") and label.find(f"{SVG}tspan").get("aria-hidden") == "true"
    assert name in [t.text for t in svg.iter(f"{SVG}title")]
