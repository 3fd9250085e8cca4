"""Inline SVG charts: well-formed, accessible, escaped, legible and deterministic."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from regraad.render import svg
from regraad.render.svg import (
    HEATMAP_STATUSES,
    MISSING,
    TEXT_BACKGROUNDS,
    TimelinePeriod,
    UtilisationRow,
    boxes_overlap,
    contrast_ratio,
    heatmap_layout,
    heatmap_svg,
    timeline_layout,
    timeline_svg,
    utilisation_layout,
    utilisation_svg,
)

from .conftest import EXAMPLE_DATA

NS = "{http://www.w3.org/2000/svg}"
EVIL = "Kort <script>alert(\"x\")</script> & 'co'"
LEGEND = {"full": "Fullt", "partial": "Delvis", "none": "Ikke", MISSING: "Ikke vurdert"}


def q(tag: str) -> str:
    return NS + tag


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def texts(root: ET.Element) -> list[str]:
    """The drawn text of every <text>, without its <title> tooltip."""
    out = []
    for el in root.iter(q("text")):
        tip = el.find(q("title"))
        out.append(tip.tail or "" if tip is not None else el.text or "")
    return out


def load(path: str) -> Any:
    return YAML(typ="safe").load((EXAMPLE_DATA / path).read_text(encoding="utf-8"))


def radiologi_periods(home: str) -> list[TimelinePeriod]:
    """The example dataset's radiologi plan for ``home``, labelled like a page would."""
    plan = load(f"specialties/radiologi/rotations/{home}.yaml")
    out = []
    for period in plan["periods"]:
        trust = load(f"trusts/{period['trust']}.yaml")
        site = next(s["name"] for s in trust["sites"] if s["id"] == period["site"])
        out.append(
            TimelinePeriod(
                id=period["id"],
                title=period["title"],
                place=f"{site}, {trust['name']}",
                months=period["months"],
                away=period["trust"] != home,
            )
        )
    return out


def anestesiologi_coverage() -> tuple[
    list[tuple[str, str]], list[tuple[str, str]], dict[tuple[str, str], str | None]
]:
    specialty = load("specialties/anestesiologi/specialty.yaml")
    goals = [(g["id"], g["title"]) for g in specialty["goals"]]
    columns, cells = [], {}
    for trust_id in ("hmr", "hnt", "stolav"):
        columns.append((trust_id, load(f"trusts/{trust_id}.yaml")["name"]))
        coverage = load(f"specialties/anestesiologi/coverage/{trust_id}.yaml")["goals"]
        for goal_id, _ in goals:
            entry = coverage.get(goal_id)
            cells[(goal_id, trust_id)] = entry["status"] if entry else None
    return goals, columns, cells


def sample_timeline(**kw: Any) -> str:
    args: dict[str, Any] = {
        "title": "Gjennomføringsplan",
        "desc": "Tre perioder: 30, 12 og 18 måneder.",
        "month_label": "{months} mnd",
        "id_prefix": "tl-hmr",
    }
    args.update(kw)
    periods = args.pop("periods", radiologi_periods("hmr"))
    return timeline_svg(periods, **args)


def sample_heatmap(**kw: Any) -> str:
    goals, columns, cells = anestesiologi_coverage()
    args: dict[str, Any] = {
        "legend": LEGEND,
        "title": "Dekning av læringsmål",
        "desc": "Hvor hvert læringsmål kan nås.",
        "id_prefix": "hm-ane",
    }
    args.update(kw)
    return heatmap_svg(
        args.pop("goals", goals), args.pop("columns", columns), args.pop("cells", cells), **args
    )


UTIL_ROWS = [
    UtilisationRow("St. Olavs hospital", 7.5, 7),
    UtilisationRow("Sykehuset Levanger", 3, 4),
    UtilisationRow("Oslo universitetssykehus", 0, 2),
]


def sample_utilisation(**kw: Any) -> str:
    args: dict[str, Any] = {
        "title": "Kapasitet",
        "desc": "Behov mot stillinger per vertsforetak.",
        "id_prefix": "ut-ane",
        "value_label": "{demand} av {capacity} stillinger",
    }
    args.update(kw)
    return utilisation_svg(args.pop("rows", UTIL_ROWS), **args)


CHARTS: dict[str, Callable[..., str]] = {
    "timeline": sample_timeline,
    "heatmap": sample_heatmap,
    "utilisation": sample_utilisation,
}
charts = pytest.mark.parametrize("make", list(CHARTS.values()), ids=list(CHARTS))


# ---------------------------------------------------------------- every chart


@charts
def test_well_formed_accessible_svg(make: Callable[..., str]) -> None:
    markup = make(id_prefix="chart-1", title="Min tittel", desc="Min beskrivelse")
    assert markup.startswith("<svg ")
    assert "<?xml" not in markup
    root = parse(markup)
    assert root.tag == q("svg")
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    _, _, w, h = (float(v) for v in (root.get("viewBox") or "").split())
    assert w > 0
    assert h > 0
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    labelled = (root.get("aria-labelledby") or "").split()
    assert [ids[i].tag for i in labelled] == [q("title"), q("desc")]
    assert [ids[i].text for i in labelled] == ["Min tittel", "Min beskrivelse"]
    assert root.find(q("title")) is ids[labelled[0]]  # direct children
    assert root.find(q("desc")) is ids[labelled[1]]


@charts
def test_self_contained(make: Callable[..., str]) -> None:
    markup = make()
    root = parse(markup)
    tags = {el.tag for el in root.iter()}
    assert not tags & {q("script"), q("foreignObject"), q("image"), q("style"), q("a")}
    for el in root.iter():
        for name, value in el.attrib.items():
            assert not name.startswith("on")
            assert "href" not in name
            for ref in re.findall(r"url\(([^)]*)\)", value):
                assert ref.startswith("#")
    assert "@import" not in markup
    assert "http" not in markup.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "inherit" in root.get("font-family", "") or "system-ui" in root.get("font-family", "")


@charts
def test_ids_unique_prefixed_and_references_resolve(make: Callable[..., str]) -> None:
    a, b = parse(make(id_prefix="first")), parse(make(id_prefix="second"))
    ids_a = [el.get("id") for el in a.iter() if el.get("id")]
    ids_b = [el.get("id") for el in b.iter() if el.get("id")]
    assert len(ids_a) == len(set(ids_a))
    assert all(i and i.startswith("first-") for i in ids_a)
    assert not set(ids_a) & set(ids_b)
    for el in a.iter():
        for value in el.attrib.values():
            for ref in re.findall(r"url\(#([^)]*)\)", value):
                assert ref in ids_a


@charts
@pytest.mark.parametrize("bad", ["", "1chart", "a b", 'x"y', "a>b", "é"])
def test_rejects_unsafe_id_prefix(make: Callable[..., str], bad: str) -> None:
    with pytest.raises(ValueError, match="id_prefix"):
        make(id_prefix=bad)


@charts
def test_deterministic(make: Callable[..., str]) -> None:
    assert make() == make()


@charts
def test_title_and_desc_escaped(make: Callable[..., str]) -> None:
    markup = make(title=EVIL, desc=EVIL + " <b>")
    assert "<script" not in markup
    assert "&lt;script&gt;" in markup
    assert "&amp;" in markup
    root = parse(markup)
    assert root.find(q("title")) is not None
    assert root.findtext(q("title")) == EVIL
    assert root.findtext(q("desc")) == EVIL + " <b>"
    assert not list(root.iter(q("script")))


@charts
def test_characters_xml_cannot_hold_are_dropped(make: Callable[..., str]) -> None:
    root = parse(make(title="A\x00B\x1bC\ud800D", desc="\x0cE"))
    assert root.findtext(q("title")) == "ABCD"
    assert root.findtext(q("desc")) == "E"


def all_text_fills(markup: str) -> set[str]:
    fills = set()
    for el in parse(markup).iter(q("text")):
        fill = el.get("fill")
        assert fill, "every text names its colour"
        fills.add(fill)
    return fills


def test_text_contrast_at_least_4_5() -> None:
    fills = set().union(*(all_text_fills(make()) for make in CHARTS.values()))
    fills |= all_text_fills(sample_timeline(home_label="Hjemme", away_label="Borte"))
    assert fills
    for fill, background in itertools.product(fills, TEXT_BACKGROUNDS):
        assert contrast_ratio(fill, background) >= 4.5, (fill, background)


def test_contrast_ratio_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_symbols_and_bars_have_contrast() -> None:
    for status in HEATMAP_STATUSES:
        background, symbol = svg._STATUS_COLOURS[status]
        assert contrast_ratio(symbol, background) >= 4.5, status
    for fill in (svg.HOME_FILL, svg.AWAY_FILL, svg.INK):  # non-text contrast (WCAG 1.4.11)
        assert contrast_ratio(fill, svg.PAPER) >= 3
    assert contrast_ratio(svg.AWAY_FILL, svg.HATCH_STRIPE) >= 3  # the hatch shows in greyscale


# ---------------------------------------------------------------- timeline


def test_timeline_months_as_text() -> None:
    root = parse(sample_timeline(periods=radiologi_periods("hnt")))
    drawn = texts(root)
    assert "24 mnd" in drawn
    assert "12 mnd" in drawn
    assert drawn.count("24 mnd") == 2  # lokal-1 and sentral
    assert "60 mnd" in drawn  # the total, at the end of the axis
    assert any("24" in t for t in drawn)


def test_timeline_month_label_is_the_callers_format() -> None:
    drawn = texts(parse(sample_timeline(month_label="{months} months")))
    assert {"30 months", "12 months", "18 months", "60 months"} <= set(drawn)


def test_timeline_away_period_hatched() -> None:
    root = parse(sample_timeline(id_prefix="plan"))
    pattern = root.find(f"{q('defs')}/{q('pattern')}")
    assert pattern is not None
    assert pattern.get("id") == "plan-away"
    assert len(pattern.findall(q("rect"))) == 2  # base colour and stripe
    fills = {}
    for group in root.iter(q("g")):
        if group.get("data-period"):
            rect = group.find(q("rect"))
            assert rect is not None
            assert rect.get("stroke"), "bars are outlined for print"
            fills[group.get("data-period")] = rect.get("fill")
    assert fills == {
        "lokal-1": svg.HOME_FILL,
        "sentral": "url(#plan-away)",
        "lokal-2": svg.HOME_FILL,
    }


def test_timeline_bar_tooltips() -> None:
    root = parse(sample_timeline())
    tips = [g.findtext(q("title")) for g in root.iter(q("g")) if g.get("data-period")]
    assert tips[1] == "Sentral rotasjon – St. Olavs hospital Øya, St. Olavs hospital HF: 12 mnd"


@pytest.mark.parametrize("home", ["hmr", "hnt"])
def test_timeline_radiologi_labels_do_not_overlap(home: str) -> None:
    layout = timeline_layout(
        radiologi_periods(home), month_label="{months} mnd", home_label="Eget", away_label="Borte"
    )
    assert_no_overlap(layout.texts)
    assert_inside(layout.texts, layout.width, layout.height)
    assert layout.total_months == 60
    xs = [(b.box.x, b.box.x + b.box.w) for b in layout.bars]
    assert xs[0][0] == layout.plot_x0
    assert xs[0][1] == pytest.approx(xs[1][0])  # end to end
    assert xs[1][1] == pytest.approx(xs[2][0])
    assert xs[2][1] == pytest.approx(layout.plot_x1)


def assert_no_overlap(items: Any) -> None:
    for a, b in itertools.combinations(items, 2):
        assert not boxes_overlap(a.box, b.box), (a.text, b.text)


def assert_inside(items: Any, width: float, height: float) -> None:
    for item in items:
        left, top, right, bottom = item.box
        assert left >= 0
        assert top >= 0
        assert right <= width
        assert bottom <= height


def test_timeline_month_labels_sit_on_white_chips() -> None:
    layout = timeline_layout(radiologi_periods("hmr"), month_label="{months} mnd")
    month_texts = [t for t in layout.texts if t.text in {"30 mnd", "12 mnd", "18 mnd"}]
    assert len(month_texts) == len(layout.chips) == 3
    for text, chip in zip(month_texts, layout.chips, strict=True):
        left, top, right, bottom = text.box
        assert chip.x <= left
        assert right <= chip.x + chip.w
        assert chip.y <= top
        assert bottom <= chip.y + chip.h + 1
        assert layout.plot_x0 <= chip.x
        assert chip.x + chip.w <= layout.plot_x1
    markup = sample_timeline()
    chips = [r for r in parse(markup).iter(q("rect")) if r.get("stroke-width") == "0.75"]
    assert {r.get("fill") for r in chips} == {svg.PAPER}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=6, max_value=36), min_size=3, max_size=6),
    st.lists(st.booleans(), min_size=6, max_size=6),
    st.sampled_from(["{months} mnd", "{months} months", "{months} måneder"]),
)
def test_timeline_labels_never_overlap(months: list[int], away: list[bool], label: str) -> None:
    periods = [
        TimelinePeriod(f"p{i}", f"Periode {i} med tittel", "St. Olavs hospital, Trondheim", m, a)
        for i, (m, a) in enumerate(zip(months, away, strict=False))
    ]
    layout = timeline_layout(periods, month_label=label)
    assert_no_overlap(layout.texts)
    assert_inside(layout.texts, layout.width, layout.height)


def test_timeline_axis_ticks() -> None:
    layout = timeline_layout(radiologi_periods("hmr"), month_label="{months} mnd")
    assert len(layout.ticks) == 11  # 0, 6, ..., 54 and 60
    drawn = [t.text for t in layout.texts]
    assert [d for d in drawn if d.isdigit()] == [str(m) for m in range(0, 60, 6)]
    long = [TimelinePeriod("a", "A", "X", 96, False)]
    drawn = [t.text for t in timeline_layout(long, month_label="{months} mnd").texts]
    assert [d for d in drawn if d.isdigit()] == [str(m) for m in range(0, 96, 12)]


def test_timeline_tick_label_next_to_total_is_dropped() -> None:
    periods = [TimelinePeriod("a", "A", "X", 62, False)]
    layout = timeline_layout(periods, month_label="{months} months")
    drawn = [t.text for t in layout.texts]
    assert "62 months" in drawn
    assert "60" not in drawn  # would collide with the total's label
    assert len(layout.ticks) == 12  # its tick stays
    assert_no_overlap(layout.texts)


def test_timeline_start_month() -> None:
    periods = [
        TimelinePeriod("a", "A", "X", 12, False),
        TimelinePeriod("b", "B", "Y", 6, True, start_month=24),
        TimelinePeriod("c", "C", "Z", 6, False),  # follows b
        TimelinePeriod("d", "D", "Z", 12, False, start_month=0),  # in parallel with a
    ]
    layout = timeline_layout(periods, month_label="{months} mnd")
    assert layout.total_months == 36
    scale = (layout.plot_x1 - layout.plot_x0) / 36
    starts = [round((b.box.x - layout.plot_x0) / scale) for b in layout.bars]
    assert starts == [0, 24, 30, 0]
    assert_no_overlap(layout.texts)


def test_timeline_long_labels_shortened_with_tooltip() -> None:
    title = "Selvstendig radiologi og avsluttende fase med en svært lang beskrivelse"
    periods = [TimelinePeriod("a", title, "Sykehuset Namsos", 24, False)]
    layout = timeline_layout(periods, month_label="{months} mnd")
    shown = layout.texts[0]
    assert shown.text.endswith("…")
    assert shown.tooltip == title
    assert shown.box[2] <= layout.plot_x0
    root = parse(timeline_svg(periods, title="t", desc="d", month_label="{months}", id_prefix="x"))
    assert title in [el.findtext(q("title")) for el in root.iter(q("text"))]


def test_timeline_escapes_period_text() -> None:
    periods = [
        TimelinePeriod('x"><script>', EVIL, "A & B <i>", 12, True),
        TimelinePeriod("b", "Normal", "Y", 12, False),
    ]
    markup = sample_timeline(periods=periods, month_label="{months} <mnd> & co")
    assert "<script" not in markup
    assert "<i>" not in markup
    root = parse(markup)
    drawn = texts(root)
    assert "12 <mnd> & co" in drawn
    assert "A & B <i>" in drawn
    assert [g.get("data-period") for g in root.iter(q("g")) if g.get("data-period")] == [
        'x"><script>',
        "b",
    ]


def test_timeline_legend() -> None:
    root = parse(sample_timeline(home_label="Eget foretak", away_label="Sentral rotasjon"))
    assert {"Eget foretak", "Sentral rotasjon"} <= set(texts(root))
    without = parse(sample_timeline())
    assert "Eget foretak" not in texts(without)


def test_timeline_rejects_bad_periods() -> None:
    with pytest.raises(ValueError, match="months"):
        timeline_layout([TimelinePeriod("a", "A", "X", 0, False)], month_label="{months}")
    with pytest.raises(ValueError, match="start_month"):
        timeline_layout([TimelinePeriod("a", "A", "X", 6, False, -1)], month_label="{months}")


def test_timeline_empty_is_still_valid() -> None:
    root = parse(sample_timeline(periods=[]))
    assert root.get("role") == "img"


# ---------------------------------------------------------------- heatmap


SYMBOL_SHAPES = {
    "full": [q("rect"), q("circle")],
    "partial": [q("rect"), q("circle"), q("path")],
    "none": [q("rect"), q("circle")],
    MISSING: [q("rect"), q("line")],
}


def cell_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(q("g")) if g.get("class") == "cell"]


def test_heatmap_one_cell_per_goal_and_trust_with_its_symbol() -> None:
    goals, columns, cells = anestesiologi_coverage()
    goals.append(("ANE-099", "Et nytt mål ingen har vurdert ennå"))
    cells.update({("ANE-099", "hmr"): None, ("ANE-099", "stolav"): "full"})  # hnt: no key
    root = parse(sample_heatmap(goals=goals, cells=cells))
    groups = cell_groups(root)
    assert len(groups) == len(goals) * len(columns)
    seen = {(g.get("data-goal"), g.get("data-trust")): g for g in groups}
    assert len(seen) == len(groups)
    for goal_id, trust_id in itertools.product(dict(goals), dict(columns)):
        status = cells.get((goal_id, trust_id))
        group = seen[(goal_id, trust_id)]
        key = status or MISSING
        assert group.get("data-status") == key
        assert [child.tag for child in group if child.tag != q("title")] == SYMBOL_SHAPES[key]
        circle = group.find(q("circle"))
        if key == "full":
            assert circle is not None
            assert circle.get("fill") != "none"
        if key in ("partial", "none"):
            assert circle is not None
            assert circle.get("fill") == "none"
        trust_label = dict(columns)[trust_id]
        assert group.findtext(q("title")) == f"{goal_id}: {trust_label} – {LEGEND[key]}"
    statuses = {g.get("data-status") for g in groups}
    assert statuses == {"full", "partial", "none", MISSING}


def test_heatmap_cell_backgrounds_differ_by_status() -> None:
    root = parse(sample_heatmap())
    fills: dict[str | None, set[str | None]] = {}
    for group in cell_groups(root):
        rect = group.find(q("rect"))
        assert rect is not None
        fills.setdefault(group.get("data-status"), set()).add(rect.get("fill"))
    assert all(len(f) == 1 for f in fills.values())
    assert len({next(iter(f)) for f in fills.values()}) == len(fills)


def test_heatmap_row_labels_show_id_with_title_tooltip() -> None:
    goals, _, _ = anestesiologi_coverage()
    root = parse(sample_heatmap())
    by_text = {}
    for el in root.iter(q("text")):
        tip = el.find(q("title"))
        if tip is not None:
            by_text[tip.tail] = tip.text
    for goal_id, title in goals:
        assert by_text[goal_id] == title


def test_heatmap_legend_only_for_statuses_used() -> None:
    goals = [("A-01", "a"), ("A-02", "b"), ("A-03", "c"), ("A-04", "d"), ("A-05", "e")]
    columns = [("t1", "T1"), ("t2", "T2")]
    cells: dict[tuple[str, str], str | None] = {
        (g, t): "full" for g, _ in goals for t, _ in columns
    }
    cells[("A-02", "t2")] = "none"
    root = parse(sample_heatmap(goals=goals, columns=columns, cells=cells))
    entries = [g for g in root.iter(q("g")) if g.get("class") == "legend-entry"]
    assert [g.get("data-status") for g in entries] == ["full", "none"]
    drawn = texts(root)
    assert "Fullt" in drawn
    assert "Ikke" in drawn
    assert "Delvis" not in drawn
    assert "Ikke vurdert" not in drawn
    # a pair missing from ``cells`` counts as not assessed
    del cells[("A-05", "t1")]
    root = parse(sample_heatmap(goals=goals, columns=columns, cells=cells))
    entries = [g for g in root.iter(q("g")) if g.get("class") == "legend-entry"]
    assert [g.get("data-status") for g in entries] == ["full", "none", MISSING]


def test_heatmap_rejects_unknown_status_and_missing_legend_word() -> None:
    goals, columns = [("A-01", "a")], [("t1", "T1"), ("t2", "T2")]
    with pytest.raises(ValueError, match="status"):
        sample_heatmap(goals=goals, columns=columns, cells={("A-01", "t1"): "maybe"})
    with pytest.raises(ValueError, match="legend"):
        sample_heatmap(
            goals=goals, columns=columns, cells={("A-01", "t1"): "full"}, legend={"none": "x"}
        )


TRUST_NAMES = [
    "Helse Møre og Romsdal HF",
    "Helse Nord-Trøndelag HF",
    "St. Olavs hospital HF",
    "Universitetssykehuset Nord-Norge HF",
    "Oslo universitetssykehus HF",
    "Akershus universitetssykehus HF",
    "Sykehuset i Vestfold HF",
    "Sørlandet sykehus HF",
    "Helse Bergen HF",
    "Helse Stavanger HF",
    "Lovisenberg Diakonale Sykehus",
    "Martina Hansens Hospital",
]


@pytest.mark.parametrize(
    ("n_goals", "labels"),
    [
        (5, ["HMR", "HNT"]),
        (5, TRUST_NAMES[:2]),
        (32, TRUST_NAMES[:3]),
        (
            60,
            [
                "HMR",
                "HNT",
                "St. Olav",
                "UNN",
                "OUS",
                "Ahus",
                "SiV",
                "SSHF",
                "HB",
                "SUS",
                "LDS",
                "MHH",
            ],
        ),
        (60, TRUST_NAMES),
        (60, [name * 4 for name in TRUST_NAMES]),
    ],
)
def test_heatmap_legible_at_every_size(n_goals: int, labels: list[str]) -> None:
    goals = [(f"ANE-{i:03d}", f"Mål {i}") for i in range(1, n_goals + 1)]
    columns = [(f"t{j}", label) for j, label in enumerate(labels)]
    statuses = ["full", "partial", "none", None]
    cells = {
        (g, t): statuses[(i + j) % 4]
        for i, (g, _) in enumerate(goals)
        for j, (t, _) in enumerate(columns)
    }
    layout = heatmap_layout(goals, columns, cells, legend=LEGEND)
    assert len(layout.cells) == n_goals * len(labels)
    line = 1.2 * svg._HM_SIZE
    assert layout.cell_h >= line
    flat = [t for t in layout.texts if t not in layout.column_texts]
    assert_no_overlap(flat)
    assert_inside(flat, layout.width, layout.height)
    for cell in layout.cells:
        assert cell.box.x + cell.box.w <= layout.width
        assert cell.box.y + cell.box.h <= layout.height
    row_labels = [t for t in flat if t.y > layout.grid_y0]
    assert all(t.box[2] < layout.grid_x0 for t in row_labels)
    legend_bottom = max(t.box[3] for t in flat if t.y < layout.grid_y0)
    if layout.rotated:
        # parallel slanted labels: the distance between neighbouring baselines
        assert layout.col_w * math.sin(math.radians(45)) >= line
        for item in layout.column_texts:
            assert item.angle == -45
            reach = item.width * math.cos(math.radians(45))
            assert item.x + reach <= layout.width
            assert item.y - reach >= 0
            assert item.y <= layout.grid_y0
            assert item.y - reach - svg._HM_SIZE >= legend_bottom
    else:
        assert_no_overlap(layout.column_texts)
        for item in layout.column_texts:
            assert item.width <= layout.col_w - 4
            assert item.box[3] <= layout.grid_y0
    assert layout.rotated == (labels[0] not in ("HMR",))


def test_heatmap_long_column_labels_shortened_with_tooltip() -> None:
    long = "Universitetssykehuset Nord-Norge HF, Tromsø, Harstad og Narvik"
    goals, columns = [("A-01", "a")], [("unn", long), ("x", "X")]
    layout = heatmap_layout(goals, columns, {}, legend=LEGEND)
    label = layout.column_texts[0]
    assert label.text.endswith("…")
    assert label.tooltip == long


def test_heatmap_escapes_everything() -> None:
    goals = [("<b>A&1</b>", EVIL), ("A-02", "ok")]
    columns = [('t"1', "T & <1>"), ("t2", EVIL)]
    cells: dict[tuple[str, str], str | None] = {("<b>A&1</b>", 't"1'): "full"}
    legend = {**LEGEND, "full": "<full & ok>"}
    markup = sample_heatmap(goals=goals, columns=columns, cells=cells, legend=legend)
    assert "<script" not in markup
    assert "<b>" not in markup
    root = parse(markup)
    first = cell_groups(root)[0]
    assert first.get("data-goal") == "<b>A&1</b>"
    assert first.get("data-trust") == 't"1'
    assert first.findtext(q("title")) == "<b>A&1</b>: T & <1> – <full & ok>"
    assert "<full & ok>" in texts(root)


# ---------------------------------------------------------------- utilisation


def test_utilisation_numbers_marker_and_excess_pattern() -> None:
    root = parse(sample_utilisation(id_prefix="cap", decimal_mark=","))
    drawn = texts(root)
    assert "7,5 av 7 stillinger" in drawn
    assert "3 av 4 stillinger" in drawn
    assert "0 av 2 stillinger" in drawn
    hosts = [g for g in root.iter(q("g")) if (g.get("class") or "").startswith("host")]
    assert [g.get("class") for g in hosts] == ["host host-over", "host", "host"]
    for host in hosts:
        marker = host.find(f"{q('g')}[@class='capacity-marker']/{q('line')}")
        assert marker is not None
        assert marker.get("x1") == marker.get("x2")
    excess = hosts[0].find(f"{q('g')}[@class='excess']/{q('rect')}")
    assert excess is not None
    assert excess.get("fill") == "url(#cap-over)"
    assert all(h.find(f"{q('g')}[@class='excess']") is None for h in hosts[1:])
    assert root.find(f".//{q('pattern')}[@id='cap-over']") is not None


def test_utilisation_geometry() -> None:
    layout = utilisation_layout(UTIL_ROWS, value_label="{demand} av {capacity}")
    assert_no_overlap(layout.texts)
    assert_inside(layout.texts, layout.width, layout.height)
    scale = (layout.plot_x1 - layout.plot_x0) / 8  # axis 0..8 in steps of 2
    over, under, empty = layout.bars
    assert over.marker_x == pytest.approx(layout.plot_x0 + 7 * scale)
    assert over.excess is not None
    assert over.excess.w == pytest.approx(0.5 * scale)
    assert over.demand.w == pytest.approx(7 * scale)
    assert under.excess is None
    assert under.demand.w == pytest.approx(3 * scale)
    assert empty.demand.w == 0
    assert len(layout.ticks) == 5


def test_utilisation_value_label_forms() -> None:
    rows = [UtilisationRow("Host", 6.25, 8)]
    assert "6.25 / 8 positions" in texts(
        parse(sample_utilisation(rows=rows, value_label="positions"))
    )
    drawn = texts(
        parse(sample_utilisation(rows=rows, value_label="{percent} % ({demand}/{capacity})"))
    )
    assert "78 % (6.25/8)" in drawn
    zero = [UtilisationRow("Host", 1, 0)]
    assert "– % (1/0)" in texts(
        parse(sample_utilisation(rows=zero, value_label="{percent} % ({demand}/{capacity})"))
    )


def test_utilisation_rejects_negative_or_infinite() -> None:
    with pytest.raises(ValueError, match="demand"):
        utilisation_layout([UtilisationRow("x", -1, 2)], value_label="")
    with pytest.raises(ValueError, match="demand"):
        utilisation_layout([UtilisationRow("x", math.inf, 2)], value_label="")


def test_utilisation_escapes_labels() -> None:
    rows = [UtilisationRow("<script>x</script> & co", 1, 2), UtilisationRow(EVIL, 1, 2)]
    markup = sample_utilisation(rows=rows, value_label="{demand} <av> {capacity}")
    assert "<script" not in markup
    root = parse(markup)
    assert {"<script>x</script> & co", "1 <av> 2"} <= set(texts(root))
    assert EVIL in [el.findtext(q("title")) for el in root.iter(q("text"))]  # shortened


# ---------------------------------------------------------------- any text at all


xml_text = st.text(
    st.characters(codec="utf-8", min_codepoint=0, max_codepoint=0x2FFFF),  # no surrogates
    max_size=40,
)


@settings(max_examples=50, deadline=None)
@given(xml_text, xml_text, xml_text, xml_text)
def test_any_text_gives_well_formed_svg(title: str, label: str, goal: str, word: str) -> None:
    periods = [
        TimelinePeriod(label, label, label, 12, True),
        TimelinePeriod("b", goal, word, 6, False),
    ]
    parse(timeline_svg(periods, title=title, desc=label, month_label=word, id_prefix="t"))
    goals, columns = [(goal, label), ("g2", word)], [(label, word), ("t2", title)]
    cells: dict[tuple[str, str], str | None] = {(goal, label): "partial"}
    legend = dict.fromkeys(HEATMAP_STATUSES, word)
    parse(heatmap_svg(goals, columns, cells, legend=legend, title=title, desc=word, id_prefix="h"))
    rows = [UtilisationRow(label, 2.5, 2)]
    parse(utilisation_svg(rows, title=title, desc=goal, id_prefix="u", value_label=word))
