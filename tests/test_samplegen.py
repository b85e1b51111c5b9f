"""The sample council: deterministic, realistic in the ways the issue asks, and consistent."""

from __future__ import annotations

import csv
import filecmp
from pathlib import Path

import pytest

from transport.samplegen import COUNTY, HEADERS, generate

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def read(folder: Path, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("council")
    generate(out)
    return out


def test_committed_sample_is_what_the_generator_makes(council):
    for name in HEADERS:
        assert filecmp.cmp(council / f"{name}.csv", SAMPLE / f"{name}.csv", shallow=False), name


def test_same_seed_same_files_other_seed_other_files(council, tmp_path):
    generate(tmp_path / "again")
    generate(tmp_path / "other", seed=7)
    assert all(filecmp.cmp(council / f"{n}.csv", tmp_path / "again" / f"{n}.csv", shallow=False) for n in HEADERS)
    assert not filecmp.cmp(council / "children.csv", tmp_path / "other" / "children.csv", shallow=False)


def test_headers_are_the_import_columns(council):
    from transport.imports.rows import FILES

    assert set(HEADERS) == set(FILES)
    for name, header in HEADERS.items():
        with (council / f"{name}.csv").open(encoding="utf-8") as f:
            assert f.readline().strip().split(",") == header == list(FILES[name][0].model_fields)


def test_the_council_is_not_a_toy(council):
    children = read(council, "children")
    schools = read(council, "schools")
    share = lambda col: sum(c[col] == "yes" for c in children) / len(children)  # noqa: E731
    assert len(children) >= 300 and len(schools) >= 10
    assert {s["phase"] for s in schools} == {"primary", "secondary", "special", "post16"}
    assert len({s["start_time"] for s in schools}) >= 3
    assert any(s["fri_end"] or s["wed_end"] for s in schools)
    assert 0.15 <= share("wheelchair") <= 0.25
    assert 0.35 <= share("needs_pa") <= 0.45
    assert sum(c["travel_alone"] == "yes" for c in children) >= 3
    assert sum(bool(c["must_not_travel_with"]) for c in children) >= 6
    groups = {c["sibling_group"] for c in children if c["sibling_group"]}
    assert len(groups) >= 5
    assert len(read(council, "child_addresses")) >= 5
    skills = {s for c in children for s in c["pa_skills"].split(";") if s}
    assert {"epilepsy_medication", "autism", "wheelchair_restraint", "behaviour"} <= skills
    kinds = {v["kind"] for v in read(council, "vehicles")}
    assert kinds == {"car", "mpv", "wav", "minibus"}
    assert any(";" in v["layouts"] for v in read(council, "vehicles"))
    assert len({v["operator_id"] for v in read(council, "vehicles")}) >= 3


def test_every_reference_resolves_and_every_place_is_in_the_county(council):
    ids = {n: {r[HEADERS[n][0]] for r in read(council, n)} for n in HEADERS}
    for c in read(council, "children"):
        assert c["school_id"] in ids["schools"] and c["officer_id"] in ids["officers"]
        assert all(o in ids["children"] for o in c["must_not_travel_with"].split(";") if o)
    assert all(a["child_id"] in ids["children"] for a in read(council, "child_addresses"))
    for g in read(council, "guardians"):
        assert all(c in ids["children"] for c in g["children"].split(";"))
    cared_for = {c for g in read(council, "guardians") for c in g["children"].split(";")}
    assert cared_for == ids["children"], "every child has a guardian"
    assert all(v["operator_id"] in ids["operators"] for v in read(council, "vehicles"))
    assert all(d["vehicle_id"] in ids["vehicles"] | {""} for d in read(council, "drivers"))
    for a in read(council, "assistants"):
        assert a["employer"] in ids["operators"] | {"council"} and a["vehicle_id"] in ids["vehicles"] | {""}
    for name, lat, lon in [("children", "lat", "lon"), ("schools", "lat", "lon"), ("vehicles", "depot_lat", "depot_lon"), ("assistants", "lat", "lon")]:
        for r in read(council, name):
            assert COUNTY[0] <= float(r[lat]) <= COUNTY[1] and COUNTY[2] <= float(r[lon]) <= COUNTY[3]


def test_a_bigger_council_for_benchmarks(tmp_path):
    counts = generate(tmp_path, children=2000)
    assert counts["children"] == 2000
    assert counts["schools"] > 12 and counts["vehicles"] > 500
