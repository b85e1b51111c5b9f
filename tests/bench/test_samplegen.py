"""The synthetic council: deterministic, true to the file contract, realistic in its proportions."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from transport.bench.samplegen import generate

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
FILES = [
    "officers",
    "schools",
    "children",
    "child_addresses",
    "guardians",
    "operators",
    "vehicles",
    "drivers",
    "assistants",
    "spot_hire",
]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
SKILLS = {
    "epilepsy_medication",
    "autism",
    "manual_handling",
    "wheelchair_restraint",
    "behaviour",
    "diabetes",
    "tracheostomy_care",
}
REFERENCE = "2026-09-01"
BOX = (51.95, 52.55, 0.40, 1.75)


def contract_columns() -> dict[str, list[str]]:
    """The columns of each file, in order, from the tables of data/sample/README.md."""
    columns: dict[str, list[str]] = {}
    current = None
    for line in (SAMPLE / "README.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\w+)\.csv", line)
        if heading:
            current = heading[1]
            columns[current] = []
            continue
        cell = re.match(r"\| ([a-z_][^|]*?) \|", line)
        if current and cell and cell[1] != "column":
            for name in cell[1].split(", "):
                spread = re.fullmatch(r"mon_(\w+) … fri_\1", name)
                columns[current] += [f"{d}_{spread[1]}" for d in WEEKDAYS] if spread else [name]
    return columns


def read(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {name: list(csv.DictReader((folder / f"{name}.csv").open(encoding="utf-8"))) for name in FILES}


def split(cell: str) -> list[str]:
    return [part for part in cell.split(";") if part]


@pytest.fixture(scope="module")
def sample() -> dict[str, list[dict[str, str]]]:
    return read(SAMPLE)


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    first = generate(tmp_path / "a", children=120, seed=7)
    second = generate(tmp_path / "b", children=120, seed=7)
    generate(tmp_path / "c", children=120, seed=8)
    assert first == second
    for name in FILES:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes(), name
    differ = [n for n in FILES if (tmp_path / "a" / f"{n}.csv").read_bytes() != (tmp_path / "c" / f"{n}.csv").read_bytes()]
    assert {"children", "schools", "vehicles", "assistants"} <= set(differ)


def test_same_files_whatever_the_hash_seed(tmp_path):
    """No dependence on set or dict order: two processes with different string hashing agree."""
    script = (
        "import sys; from pathlib import Path; from transport.bench.samplegen import generate; "
        "generate(Path(sys.argv[1]), children=90, seed=5)"
    )
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / hash_seed)], env=env, check=True, cwd=ROOT)
    for name in FILES:
        assert (tmp_path / "1" / f"{name}.csv").read_bytes() == (tmp_path / "2" / f"{name}.csv").read_bytes(), name


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    counts = generate(tmp_path, children=320, seed=20261124)
    assert sorted(p.name for p in SAMPLE.glob("*.csv")) == sorted(f"{n}.csv" for n in FILES)
    for name in FILES:
        committed = (SAMPLE / f"{name}.csv").read_bytes()
        assert committed == (tmp_path / f"{name}.csv").read_bytes(), f"{name}.csv drifted: run `transport sample`"
    assert counts == {name: len(rows) for name, rows in read(SAMPLE).items()}


def test_headers_are_the_contract_columns():
    from transport.imports.rows import FILES as IMPORTED

    contract = contract_columns()
    assert sorted(contract) == sorted(FILES) == sorted(IMPORTED)
    assert "fri_end" in contract["schools"] and "depot_lat" in contract["vehicles"]
    for name in FILES:
        with (SAMPLE / f"{name}.csv").open(encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert header == contract[name], name
        assert header == list(IMPORTED[name][0].model_fields), name


def test_counts_and_proportions(sample):
    kids = sample["children"]
    n = len(kids)
    schools = {s["school_id"]: s for s in sample["schools"]}
    assert n >= 300
    assert len(schools) >= 10
    wheelchair = sum(k["wheelchair"] == "yes" for k in kids)
    needs_pa = sum(k["needs_pa"] == "yes" for k in kids)
    assert 0.15 <= wheelchair / n <= 0.25
    assert 0.35 <= needs_pa / n <= 0.45
    # Wheelchair users are mostly special-school pupils.
    assert sum(schools[k["school_id"]]["phase"] == "special" for k in kids if k["wheelchair"] == "yes") > 0.8 * wheelchair
    alone = sum(k["travel_alone"] == "yes" for k in kids)
    assert 0.01 * n <= alone <= 0.06 * n
    assert {s["phase"] for s in schools.values()} == {"primary", "secondary", "special", "post16"}
    assert sum(s["phase"] == "special" for s in schools.values()) >= 3
    assert len({s["start_time"] for s in schools.values()}) >= 3
    assert any(s[f"{d}_end"] for s in schools.values() for d in WEEKDAYS)
    for s in schools.values():
        assert 10 <= int(s["arrival_window_minutes"]) <= 20 and 10 <= int(s["pickup_window_minutes"]) <= 20
    assert sum(k["travel_days"] != ";".join(WEEKDAYS) for k in kids) >= 5
    assert sum(bool(k["max_journey_minutes"]) for k in kids) >= 5
    assert all(1 <= int(k["boarding_minutes"]) <= 5 for k in kids)
    assert 0.03 * n <= len(sample["child_addresses"]) <= 0.08 * n
    assert {a["session"] for a in sample["child_addresses"]} <= {"AM", "PM", "both"}
    assert {"fri"} <= {a["weekday"] for a in sample["child_addresses"]} <= set(WEEKDAYS)


def test_needs_and_care_notes(sample):
    kids = sample["children"]
    used = {s for k in kids for s in split(k["pa_skills"])}
    assert used == SKILLS
    for k in kids:
        if k["pa_skills"]:
            assert k["needs_pa"] == "yes"
            assert k["care_notes"], k["child_id"]
    restrained = [k for k in kids if k["wheelchair"] == "yes" and k["needs_pa"] == "yes"]
    assert sum("wheelchair_restraint" in k["pa_skills"] for k in restrained) > 0.7 * len(restrained)
    assert all(
        k["care_notes"] == "" for k in kids if k["needs_pa"] == "no" and k["wheelchair"] == "no" and k["travel_alone"] == "no"
    )


def test_siblings_and_children_who_must_not_travel_together(sample):
    kids = {k["child_id"]: k for k in sample["children"]}
    groups: dict[str, list[dict]] = {}
    for k in kids.values():
        if k["sibling_group"]:
            groups.setdefault(k["sibling_group"], []).append(k)
    assert len(groups) >= 5
    for members in groups.values():
        assert 2 <= len(members) <= 3
        assert len({(m["lat"], m["lon"], m["address"]) for m in members}) == 1
        assert len({m["last_name"] for m in members}) == 1
        assert len({m["travel_days"] for m in members}) == 1
    assert sum(len({m["school_id"] for m in ms}) == 1 for ms in groups.values()) > len(groups) / 2
    pairs = {tuple(sorted((k["child_id"], other))) for k in kids.values() for other in split(k["must_not_travel_with"])}
    assert len(pairs) >= 5
    for a, b in pairs:
        assert a != b and a in kids and b in kids
        assert a in split(kids[b]["must_not_travel_with"]) and b in split(kids[a]["must_not_travel_with"])
        assert kids[a]["school_id"] == kids[b]["school_id"]


def test_every_reference_resolves(sample):
    schools = {s["school_id"] for s in sample["schools"]}
    officers = {o["officer_id"] for o in sample["officers"]}
    kids = {k["child_id"]: k for k in sample["children"]}
    operators = {o["operator_id"] for o in sample["operators"]}
    vehicles = {v["vehicle_id"]: v for v in sample["vehicles"]}
    assert 3 <= len(officers) <= 4 and 4 <= len(operators) <= 5
    for name, key in [
        ("schools", "school_id"),
        ("children", "child_id"),
        ("guardians", "guardian_id"),
        ("vehicles", "vehicle_id"),
        ("drivers", "driver_id"),
        ("assistants", "assistant_id"),
    ]:
        ids = [row[key] for row in sample[name]]
        assert len(ids) == len(set(ids)), name
    for k in kids.values():
        assert k["school_id"] in schools and k["officer_id"] in officers
    for a in sample["child_addresses"]:
        assert a["child_id"] in kids and a["weekday"] in split(kids[a["child_id"]]["travel_days"])
    cared_for: set[str] = set()
    for g in sample["guardians"]:
        assert split(g["children"]) and set(split(g["children"])) <= set(kids)
        cared_for |= set(split(g["children"]))
    assert cared_for == set(kids)
    primaries = {c for g in sample["guardians"] if g["primary_contact"] == "yes" for c in split(g["children"])}
    assert primaries == set(kids)
    for v in vehicles.values():
        assert v["operator_id"] in operators
    driven = set()
    for d in sample["drivers"]:
        assert d["operator_id"] in operators
        if d["vehicle_id"]:
            assert vehicles[d["vehicle_id"]]["operator_id"] == d["operator_id"]
            driven.add(d["vehicle_id"])
    assert driven == set(vehicles)
    assert any(not d["vehicle_id"] for d in sample["drivers"])
    for pa in sample["assistants"]:
        assert pa["employer"] == "council" or pa["employer"] in operators
        assert not pa["vehicle_id"] or pa["vehicle_id"] in vehicles
    assert any(pa["vehicle_id"] for pa in sample["assistants"])


def test_places_are_in_suffolk(sample):
    points = [(r["lat"], r["lon"]) for name in ("schools", "children", "child_addresses", "assistants") for r in sample[name]]
    points += [(v["depot_lat"], v["depot_lon"]) for v in sample["vehicles"]]
    for lat, lon in points:
        assert re.fullmatch(r"\d+\.\d{1,5}", lat) and re.fullmatch(r"\d+\.\d{1,5}", lon)
        assert BOX[0] <= float(lat) <= BOX[1] and BOX[2] <= float(lon) <= BOX[3], (lat, lon)
    # Ipswich is the biggest town; a third or so of homes are in the countryside, away from every town.
    kids = sample["children"]
    assert sum("Ipswich" in k["address"] for k in kids) > max(
        sum(town in k["address"] for k in kids) for town in ("Lowestoft", "Bury St Edmunds", "Felixstowe")
    )
    assert 0.2 * len(kids) <= sum(not any(t in k["address"] for t in TOWNS) for k in kids) <= 0.5 * len(kids)


TOWNS = [
    "Ipswich",
    "Bury St Edmunds",
    "Lowestoft",
    "Felixstowe",
    "Sudbury",
    "Haverhill",
    "Stowmarket",
    "Newmarket",
    "Woodbridge",
    "Beccles",
    "Halesworth",
    "Framlingham",
    "Hadleigh",
    "Eye",
    "Mildenhall",
    "Saxmundham",
    "Leiston",
]


def test_phones_are_ofcom_drama_numbers(sample):
    mobiles = [r["phone"] for name in ("guardians", "drivers", "assistants") for r in sample[name]]
    landlines = [r["phone"] for name in ("officers", "operators") for r in sample[name]]
    national = [re.sub(r"^\+44", "0", p.replace(" ", "")) for p in mobiles]
    assert all(re.fullmatch(r"07700900\d{3}", p) for p in national), mobiles
    assert len(set(national)) == len(national)
    assert len({re.sub(r"\d", "9", p) for p in mobiles}) >= 3  # written in several common forms
    assert all(re.fullmatch(r"01632 960\d{3}", p) for p in landlines)


def test_fleet_carries_everyone_with_some_scarcity(sample):
    kids = sample["children"]
    vehicles = sample["vehicles"]
    kinds = {v["kind"] for v in vehicles}
    assert kinds == {"car", "mpv", "wav", "minibus"}
    layouts = {v["kind"]: set() for v in vehicles}
    for v in vehicles:
        layouts[v["kind"]].add(v["layouts"])
        assert re.fullmatch(r"[A-Z]{2}\d{2} [A-Z]{3}", v["registration"])
        assert re.fullmatch(r"\d+\+\d+(;\d+\+\d+)*", v["layouts"])
    assert layouts["car"] >= {"4+0", "3+0"} and layouts["mpv"] == {"6+0"}
    assert layouts["wav"] == {"4+1;5+0", "3+2;5+0"}
    assert layouts["minibus"] == {"16+0;14+1;12+2", "12+0;10+1;8+2"}
    for kind, fixed, per_mile in [("car", 15, 1.8), ("mpv", 20, 2.1), ("wav", 35, 2.6), ("minibus", 55, 3.2)]:
        rows = [v for v in vehicles if v["kind"] == kind]
        assert all(0.75 * fixed <= float(v["fixed_cost"]) <= 1.3 * fixed for v in rows), kind
        assert all(0.8 * per_mile <= float(v["cost_per_mile"]) <= 1.2 * per_mile for v in rows), kind
    spaces = sum(max(int(layout.split("+")[1]) for layout in split(v["layouts"])) for v in vehicles)
    seats = sum(max(int(layout.split("+")[0]) for layout in split(v["layouts"])) for v in vehicles)
    wheelchair = sum(k["wheelchair"] == "yes" for k in kids)
    assert wheelchair < spaces <= 1.35 * wheelchair
    assert seats >= len(kids)
    assert len(vehicles) < 0.5 * len(kids)  # the optimiser must share vehicles
    assert sum(v["available_from"] == "06:30" and v["available_to"] == "18:30" for v in vehicles) > 0.8 * len(vehicles)
    assert any(v["available_to"] != "18:30" for v in vehicles)
    assert any(v["days"] == "mon;tue;wed;thu" for v in vehicles)
    assert len({(v["depot_lat"], v["depot_lon"]) for v in vehicles}) > 10


def test_pas_cover_the_needs_with_some_scarcity(sample):
    kids = sample["children"]
    pas = sample["assistants"]
    needing = [k for k in kids if k["needs_pa"] == "yes"]
    assert len(needing) / 3 <= len(pas) <= len(needing) / 1.8
    valid = []
    expired_skills = 0
    for pa in pas:
        skills = {}
        for pair in split(pa["skills"]):
            skill, expiry = pair.split(":")
            assert skill in SKILLS and re.fullmatch(r"\d{4}-\d{2}-\d{2}", expiry)
            skills[skill] = expiry
            expired_skills += expiry < REFERENCE
        assert 20 <= float(pa["cost_per_run"]) <= 30
        if pa["dbs_expiry"] >= REFERENCE:
            valid.append({s for s, e in skills.items() if e >= REFERENCE})
    assert 1 <= len(pas) - len(valid) <= 3
    assert 1 <= expired_skills <= 0.1 * sum(len(split(pa["skills"])) for pa in pas)
    for k in needing:
        need = set(split(k["pa_skills"]))
        enough = 2 if "tracheostomy_care" in need else 3
        assert sum(need <= held for held in valid) >= enough, k["child_id"]
    trachy = sum("tracheostomy_care" in held for held in valid)
    assert 2 <= trachy <= 0.1 * len(valid)  # the rare skill stays scarce
    assert {pa["employer"] for pa in pas} > {"council"}
    for d in sample["drivers"]:
        assert "2026-09-01" < d["dbs_expiry"] < "2029-09-01"


def test_a_bigger_council_scales(tmp_path):
    counts = generate(tmp_path, children=2000, seed=3)
    big = read(tmp_path)
    assert counts["children"] == len(big["children"]) == 2000
    assert counts["schools"] == len(big["schools"]) >= 12 + 2000 // 150 - 2
    assert len({s["name"] for s in big["schools"]}) == len(big["schools"])
    assert 0.25 * 2000 <= len(big["vehicles"]) <= 0.45 * 2000
    assert 2000 / 3 / 3 <= len(big["assistants"]) <= 2000 / 1.8 / 2
    schools = {s["school_id"] for s in big["schools"]}
    assert all(k["school_id"] in schools for k in big["children"])
    assert len({k["school_id"] for k in big["children"]}) == len(schools)
    assert {d["vehicle_id"] for d in big["drivers"] if d["vehicle_id"]} == {v["vehicle_id"] for v in big["vehicles"]}
    wheelchair = sum(k["wheelchair"] == "yes" for k in big["children"])
    assert 0.15 <= wheelchair / 2000 <= 0.25


def test_the_sample_imports(factory):
    from transport import models as m
    from transport.imports import import_folder

    import_folder(factory, SAMPLE)
    with factory() as db:
        assert db.query(m.Child).count() == 320
        assert db.query(m.School).count() == len(read(SAMPLE)["schools"])
        assert db.query(m.GeocodeCache).count() == 0  # every place has coordinates: no geocoding


def test_spot_hire_rates_cover_wheelchairs_and_most_training(sample):
    """Every operator quotes a taxi, a wheelchair vehicle and a minibus for two wheelchairs, dearer than its contracted fleet; most
    bring an agency PA, tracheostomy care only from one, and one brings none."""
    rates = sample["spot_hire"]
    operators = {o["operator_id"] for o in sample["operators"]}
    assert {r["operator_id"] for r in rates} == operators
    assert {(r["operator_id"], r["kind"]) for r in rates} == {(o, k) for o in operators for k in ("car", "wav", "minibus")}
    assert all(int(r["wheelchair_spaces"]) == {"car": 0, "wav": 1, "minibus": 2}[r["kind"]] for r in rates)
    for kind in ("car", "wav"):
        fleet = max(float(v["fixed_cost"]) for v in sample["vehicles"] if v["kind"] == kind)
        assert min(float(r["fixed_cost"]) for r in rates if r["kind"] == kind) > fleet
    with_pa = [r for r in rates if r["pa_cost_per_run"]]
    assert 0 < len(with_pa) < len(rates)
    assert all(set(split(r["pa_skills"])) <= SKILLS for r in with_pa)
    assert len({r["operator_id"] for r in with_pa if "tracheostomy_care" in r["pa_skills"]}) == 1
