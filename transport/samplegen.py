"""A synthetic council on Suffolk's real towns and countryside, written as the council's files.

Deterministic: the same seed and size give byte-identical files. Phone numbers come from Ofcom's
drama ranges (07700 900xxx, 01632 960xxx), so nobody real is ever texted.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

REFERENCE = dt.date(2026, 9, 1)

# name, lat, lon, weight (roughly population), postcode district, officer area
TOWNS = [
    ("Ipswich", 52.0567, 1.1482, 30, "IP{}", "East"),
    ("Lowestoft", 52.4811, 1.7500, 14, "NR{}", "North"),
    ("Bury St Edmunds", 52.2463, 0.7111, 10, "IP33", "West"),
    ("Felixstowe", 51.9617, 1.3514, 6, "IP11", "East"),
    ("Haverhill", 52.0826, 0.4383, 6, "CB9", "West"),
    ("Stowmarket", 52.1889, 0.9977, 5, "IP14", "South"),
    ("Sudbury", 52.0389, 0.7306, 4, "CO10", "South"),
    ("Newmarket", 52.2452, 0.4055, 4, "CB8", "West"),
    ("Mildenhall", 52.3446, 0.5089, 3, "IP28", "West"),
    ("Woodbridge", 52.0937, 1.3197, 3, "IP12", "East"),
    ("Beccles", 52.4564, 1.5617, 3, "NR34", "North"),
    ("Hadleigh", 52.0434, 0.9573, 2, "IP7", "South"),
    ("Halesworth", 52.3446, 1.5031, 1, "IP19", "North"),
    ("Leiston", 52.2083, 1.5769, 1, "IP16", "East"),
    ("Framlingham", 52.2219, 1.3442, 1, "IP13", "East"),
    ("Saxmundham", 52.2153, 1.4903, 1, "IP17", "East"),
    ("Eye", 52.3206, 1.1478, 1, "IP23", "North"),
]
IPSWICH_DISTRICTS = ["IP1", "IP2", "IP3", "IP4"]
LOWESTOFT_DISTRICTS = ["NR32", "NR33"]
COAST = [(51.93, 1.33), (52.10, 1.60), (52.25, 1.63), (52.35, 1.68), (52.48, 1.77), (52.56, 1.74)]
COUNTY = (51.95, 52.55, 0.40, 1.75)  # lat min, lat max, lon min, lon max
OFFICERS = [
    ("OF1", "North", "Priya Raman"),
    ("OF2", "East", "Tom Whitlock"),
    ("OF3", "West", "Joanne Keeble"),
    ("OF4", "South", "Marcus Bright"),
]
# School plan for the default council: (phase, kind, town, bell start, bell end, overrides)
SCHOOLS = [
    ("special", "Special School", "Ipswich", "09:00", "15:00", {"fri_end": "13:30"}),
    ("special", "Special School", "Bury St Edmunds", "09:15", "15:15", {}),
    ("special", "Special School", "Lowestoft", "09:00", "15:00", {}),
    ("special", "Academy (special)", "Stowmarket", "08:50", "14:50", {"wed_end": "13:50"}),
    ("special", "Special School", "Woodbridge", "09:15", "15:00", {}),
    ("primary", "Primary School (resource base)", "Ipswich", "08:45", "15:15", {}),
    ("primary", "Primary School (resource base)", "Felixstowe", "08:50", "15:20", {}),
    ("primary", "Primary School (resource base)", "Haverhill", "08:45", "15:10", {}),
    ("secondary", "High School (resource base)", "Ipswich", "08:30", "15:00", {}),
    ("secondary", "Academy (resource base)", "Bury St Edmunds", "08:40", "15:10", {"wed_end": "14:30"}),
    ("secondary", "High School (resource base)", "Beccles", "08:35", "15:05", {}),
    ("post16", "Sixth Form College", "Ipswich", "09:30", "15:30", {}),
]
# How far a child of each phase may live from their school (straight line): within the DfE's
# 45 minutes (primary) or 75 minutes (others) by road, with room for other pickups.
REACH_KM = {"special": 40.0, "primary": 20.0, "secondary": 32.0, "post16": 40.0}
PHASE_SHARE = {"special": 0.55, "primary": 0.15, "secondary": 0.20, "post16": 0.10}
SCHOOL_NAMES = ["Orwell", "Gipping", "Deben", "Waveney", "Stour", "Lark", "Brett", "Alde", "Blyth",
                "Heath", "Meadow", "Priory", "Castle", "Abbey", "Willow", "Oak", "Beacon", "Chantry"]
FIRST = ["Sam", "Alfie", "Amelia", "Oliver", "Isla", "Noah", "Ava", "Leo", "Mia", "Harry", "Ivy",
         "Jack", "Freya", "George", "Lily", "Arthur", "Grace", "Oscar", "Ella", "Theo", "Sophie",
         "Mohammed", "Aisha", "Jayden", "Zara", "Kacper", "Maja", "Ruby", "Finley", "Poppy", "Reuben",
         "Evie", "Tomasz", "Amara", "Kai", "Rosie", "Elijah", "Hana", "Logan", "Imogen", "Dylan", "Niamh"]
ADULT_FIRST = ["Sarah", "James", "Emma", "David", "Claire", "Paul", "Michelle", "Mark", "Lisa",
               "Andrew", "Joanne", "Gary", "Nadia", "Tariq", "Agnieszka", "Olu", "Karen", "Steve",
               "Rachel", "Lee", "Dawn", "Wayne", "Fatima", "Chris", "Helen", "Darren"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts",
        "Clarke", "Walker", "Wright", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
        "Wood", "Harris", "Martin", "Cooper", "King", "Baker", "Patel", "Khan", "Nowak", "Okafor",
        "Ali", "Kowalski", "Mills", "Page", "Cole", "Barker", "Moss", "Chapman", "Ward", "Palmer"]
STREETS = ["Church", "Mill", "Station", "High", "Victoria", "Orchard", "Chapel", "Park", "London",
           "Norwich", "School", "Bury", "Manor", "Meadow", "Oak", "Holly", "Beech", "Heath", "Spring"]
STREET_KINDS = ["Road", "Lane", "Street", "Close", "Way", "Drive", "Avenue", "Gardens"]
VILLAGE = ["Thurston", "Wickham Market", "Debenham", "Lavenham", "Long Melford", "Kesgrave",
           "Martlesham", "Bungay", "Southwold", "Bildeston", "Clare", "Ixworth", "Kedington",
           "Needham Market", "Orford", "Walsham-le-Willows", "Wrentham", "Yoxford", "Stradbroke"]
SKILLS = ["epilepsy_medication", "autism", "manual_handling", "wheelchair_restraint", "behaviour",
          "diabetes", "tracheostomy_care"]
CARE_NOTES = {
    "epilepsy_medication": "Has seizures; rescue medication (buccal midazolam) in a red bag, PA trained to give it.",
    "autism": "Autistic: needs the same seat and a calm greeting; warn of any change in advance.",
    "behaviour": "May try to undo the seatbelt when anxious; PA sits beside.",
    "diabetes": "Type 1 diabetes: glucose tablets in bag; call parent if drowsy.",
    "tracheostomy_care": "Has a tracheostomy; suction kit travels with the child.",
    "wheelchair_restraint": "Travels in own powered wheelchair; four-point restraint and lap belt.",
    "manual_handling": "Needs help with transfers; two-person lift at home.",
}
# kind, layouts, fixed cost, cost per mile, share of the fleet per 100 children
FLEET = [
    ("car", ["4+0"], 15.0, 1.80, 13.0),
    ("car", ["3+0"], 14.0, 1.70, 2.0),
    ("mpv", ["6+0"], 20.0, 2.10, 8.0),
    ("wav", ["4+1", "5+0"], 35.0, 2.60, 6.0),
    ("wav", ["3+2", "5+0"], 38.0, 2.70, 3.5),
    ("minibus", ["16+0", "14+1", "12+2"], 55.0, 3.20, 2.0),
    ("minibus", ["12+0", "10+1", "8+2"], 50.0, 3.00, 2.0),
]
OPERATORS = [
    ("OP1", "Orwell Private Hire", "Ipswich"),
    ("OP2", "Abbeygate Travel", "Bury St Edmunds"),
    ("OP3", "Waveney Accessible Transport", "Lowestoft"),
    ("OP4", "Stour Valley Cars", "Sudbury"),
    ("OP5", "Mid Suffolk Community Transport", "Stowmarket"),
]

HEADERS = {
    "officers": ["officer_id", "name", "phone", "email"],
    "schools": ["school_id", "name", "phase", "address", "postcode", "lat", "lon", "start_time", "end_time",
                "mon_start", "tue_start", "wed_start", "thu_start", "fri_start",
                "mon_end", "tue_end", "wed_end", "thu_end", "fri_end",
                "arrival_window_minutes", "pickup_window_minutes", "max_journey_minutes"],
    "children": ["child_id", "first_name", "last_name", "school_id", "address", "postcode", "lat", "lon",
                 "travel_days", "wheelchair", "needs_pa", "pa_skills", "travel_alone", "boarding_minutes",
                 "max_journey_minutes", "must_not_travel_with", "sibling_group", "care_notes", "officer_id"],
    "child_addresses": ["child_id", "weekday", "session", "address", "postcode", "lat", "lon"],
    "guardians": ["guardian_id", "first_name", "last_name", "phone", "children", "sms_consent",
                  "primary_contact", "share_contact"],
    "operators": ["operator_id", "name", "phone", "email"],
    "vehicles": ["vehicle_id", "operator_id", "registration", "kind", "layouts", "depot_address",
                 "depot_postcode", "depot_lat", "depot_lon", "fixed_cost", "cost_per_mile",
                 "available_from", "available_to", "days"],
    "drivers": ["driver_id", "operator_id", "vehicle_id", "first_name", "last_name", "phone", "dbs_expiry"],
    "assistants": ["assistant_id", "employer", "first_name", "last_name", "phone", "skills", "dbs_expiry",
                   "address", "postcode", "lat", "lon", "cost_per_run", "vehicle_id"],
}


@dataclass
class Place:
    lat: float
    lon: float
    address: str
    postcode: str
    town: str
    area: str


@dataclass
class Council:
    rng: random.Random
    rows: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in HEADERS})
    mobiles: int = 0
    landlines: int = 0

    def mobile(self) -> str:
        n = 900000 + self.mobiles % 1000
        self.mobiles += 1
        style = self.mobiles % 3
        return ["07700 {}", "+44 7700 {}", "07700{}"][style].format(n)

    def landline(self) -> str:
        n = 960000 + self.landlines % 1000
        self.landlines += 1
        return f"01632 {n}"


def _on_land(lat: float, lon: float) -> bool:
    for (a_lat, a_lon), (b_lat, b_lon) in zip(COAST, COAST[1:]):
        if a_lat <= lat <= b_lat:
            coast_lon = a_lon + (b_lon - a_lon) * (lat - a_lat) / (b_lat - a_lat)
            return lon < coast_lon - 0.01
    return False


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(x, math.radians(b[0] - a[0]))


def _postcode(rng: random.Random, town: tuple) -> str:
    name, *_, district, _area = town
    if name == "Ipswich":
        district = rng.choice(IPSWICH_DISTRICTS)
    elif name == "Lowestoft":
        district = rng.choice(LOWESTOFT_DISTRICTS)
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _nearest_town(lat: float, lon: float) -> tuple:
    return min(TOWNS, key=lambda t: _km((lat, lon), (t[1], t[2])))


def _place(rng: random.Random, town: tuple | None = None, spread_km: float = 2.5) -> Place:
    """A home: in a town (jittered around its centre) or, without one, anywhere rural on land."""
    while True:
        if town is not None:
            r = spread_km * math.sqrt(rng.random())
            angle = rng.uniform(0, 2 * math.pi)
            lat = town[1] + r * math.cos(angle) / 111.2
            lon = town[2] + r * math.sin(angle) / (111.2 * math.cos(math.radians(town[1])))
        else:
            lat, lon = rng.uniform(COUNTY[0], COUNTY[1]), rng.uniform(COUNTY[2], COUNTY[3])
        if _on_land(lat, lon) and COUNTY[0] <= lat <= COUNTY[1] and COUNTY[2] <= lon <= COUNTY[3]:
            break
    near = town or _nearest_town(lat, lon)
    locality = near[0] if town is not None else rng.choice(VILLAGE)
    street = f"{rng.randint(1, 120)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}, {locality}"
    return Place(round(lat, 5), round(lon, 5), street, _postcode(rng, near), near[0], near[5])


def _town(rng: random.Random) -> tuple:
    return rng.choices(TOWNS, weights=[t[3] for t in TOWNS])[0]


def _home(rng: random.Random) -> Place:
    return _place(rng, _town(rng)) if rng.random() < 0.65 else _place(rng, None)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _date(rng: random.Random, lo_days: int, hi_days: int) -> str:
    return (REFERENCE + dt.timedelta(days=rng.randint(lo_days, hi_days))).isoformat()


def _registration(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    return (f"{rng.choice(letters)}{rng.choice(letters)}{rng.choice(['19', '20', '21', '22', '23', '24', '69', '70', '71', '72', '73'])} "
            f"{rng.choice(letters)}{rng.choice(letters)}{rng.choice(letters)}")


def generate(out: Path, children: int = 320, seed: int = 20261124) -> dict[str, int]:
    """Write a council of about `children` children to `out`; returns the rows per file."""
    if children < 10:
        raise ValueError("a council needs at least 10 children")
    c = Council(random.Random(seed))
    _officers(c)
    schools = _schools(c, children)
    _operators(c)
    vehicles = _fleet(c, children)
    kids = _children(c, children, schools)
    _guardians(c, kids)
    _assistants(c, kids, vehicles)
    out.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(c.rows[name])
    return {name: len(rows) for name, rows in c.rows.items()}


def _officers(c: Council) -> None:
    for ref, area, name in OFFICERS:
        first = name.split()[0].lower()
        c.rows["officers"].append(
            {"officer_id": ref, "name": name, "phone": c.landline(), "email": f"{first}.{ref.lower()}@transport.suffolk.example"}
        )


def _schools(c: Council, children: int) -> list[dict]:
    rng = c.rng
    plan = list(SCHOOLS)
    extra = max(0, children // 150 - 2)
    phases = ["special", "secondary", "primary", "special", "post16", "primary", "secondary"]
    for k in range(extra):
        phase = phases[k % len(phases)]
        town = _town(rng)[0]
        start = rng.choice(["08:30", "08:40", "08:45", "08:50", "09:00", "09:15"])
        end_h, end_m = int(start[:2]) + 6, int(start[3:]) + rng.choice([0, 15, 30])
        end = f"{end_h + end_m // 60:02d}:{end_m % 60:02d}"
        kind = {"special": "Special School", "primary": "Primary School (resource base)",
                "secondary": "High School (resource base)", "post16": "Sixth Form College"}[phase]
        plan.append((phase, kind, town, start, end, {}))
    schools = []
    for i, (phase, kind, town_name, start, end, overrides) in enumerate(plan, start=1):
        town = next(t for t in TOWNS if t[0] == town_name)
        place = _place(rng, town, spread_km=2.0)
        name = f"{SCHOOL_NAMES[(i - 1) % len(SCHOOL_NAMES)]} {kind}"
        if i > len(SCHOOL_NAMES):
            name = f"{town_name} {name}"
        row = {h: "" for h in HEADERS["schools"]}
        row.update(
            school_id=f"SCH{i:02d}", name=name, phase=phase, address=place.address, postcode=place.postcode,
            lat=place.lat, lon=place.lon, start_time=start, end_time=end,
            arrival_window_minutes=rng.choice([10, 15, 15, 20]), pickup_window_minutes=rng.choice([10, 15, 15, 20]),
            **overrides,
        )
        if phase == "special" and i % 3 == 0:
            row["max_journey_minutes"] = 60
        c.rows["schools"].append(row)
        schools.append(row)
    return schools


def _operators(c: Council) -> None:
    for ref, name, _town_name in OPERATORS:
        c.rows["operators"].append(
            {"operator_id": ref, "name": name, "phone": c.landline(),
             "email": f"bookings@{name.split()[0].lower()}.example"}
        )


def _fleet(c: Council, children: int) -> list[dict]:
    rng = c.rng
    vehicles: list[dict] = []
    for kind, layouts, fixed, per_mile, per_100 in FLEET:
        for _ in range(max(1, round(per_100 * children / 100))):
            # Firms keep cars in every town they serve: depots follow where people live.
            op_ref = rng.choice(OPERATORS)[0]
            depot = _place(rng, _town(rng), spread_km=1.5)
            limited = rng.random() < 0.1
            vehicles.append({
                "vehicle_id": "", "operator_id": op_ref, "registration": _registration(rng), "kind": kind,
                "layouts": ";".join(layouts), "depot_address": depot.address, "depot_postcode": depot.postcode,
                "depot_lat": depot.lat, "depot_lon": depot.lon,
                "fixed_cost": f"{fixed * rng.uniform(0.9, 1.15):.2f}", "cost_per_mile": f"{per_mile * rng.uniform(0.92, 1.1):.2f}",
                "available_from": "07:00" if limited else "06:30", "available_to": "16:30" if limited else "18:30",
                "days": "mon;tue;wed;thu" if rng.random() < 0.05 else "mon;tue;wed;thu;fri",
            })
    for i, v in enumerate(vehicles, start=1):
        v["vehicle_id"] = f"V{i:03d}"
    c.rows["vehicles"] = vehicles
    for i, v in enumerate(vehicles, start=1):
        c.rows["drivers"].append(_driver(c, f"D{i:03d}", v["operator_id"], v["vehicle_id"]))
    for k in range(max(1, len(vehicles) // 20)):
        c.rows["drivers"].append(_driver(c, f"D{len(vehicles) + k + 1:03d}", rng.choice(OPERATORS)[0], ""))
    return vehicles


def _driver(c: Council, ref: str, operator: str, vehicle: str) -> dict:
    rng = c.rng
    return {"driver_id": ref, "operator_id": operator, "vehicle_id": vehicle, "first_name": rng.choice(ADULT_FIRST),
            "last_name": rng.choice(LAST), "phone": c.mobile(), "dbs_expiry": _date(rng, 120, 1000)}


def _choose_school(rng: random.Random, home: Place, phase: str, schools: list[dict]) -> dict | None:
    options = [s for s in schools if s["phase"] == phase and _km((home.lat, home.lon), (s["lat"], s["lon"])) <= REACH_KM[phase]]
    # Mostly the nearest; special schools draw from wider (a child goes where their needs are met).
    power = 2.0 if phase == "special" else 3.0
    if not options:
        return None
    weights = [1.0 / (_km((home.lat, home.lon), (s["lat"], s["lon"])) + 4.0) ** power for s in options]
    return rng.choices(options, weights=weights)[0]


def _children(c: Council, n: int, schools: list[dict]) -> list[dict]:
    rng = c.rng
    kids: list[dict] = []
    officer_of_area = {area: ref for ref, area, _ in OFFICERS}
    phases = list(PHASE_SHARE)
    while len(kids) < n:
        phase = rng.choices(phases, weights=[PHASE_SHARE[p] for p in phases])[0]
        home = _home(rng)
        school = _choose_school(rng, home, phase, schools)
        if school is None:
            continue  # the council would not send this child so far: draw another
        family = [_child(c, len(kids) + 1, phase, home, school, officer_of_area[home.area])]
        # About one family in twenty sends two or three children.
        if rng.random() < 0.05 and len(kids) + 2 <= n:
            group = f"FAM{len(kids) + 1:04d}"
            family[0]["sibling_group"] = group
            for k in range(rng.choice([1, 1, 2])):
                if len(kids) + len(family) >= n:
                    break
                sib_school = school if rng.random() < 0.9 else (_choose_school(rng, home, phase, schools) or school)
                sib = _child(c, len(kids) + len(family) + 1, phase, home, sib_school, officer_of_area[home.area])
                sib.update(last_name=family[0]["last_name"], sibling_group=group, travel_days=family[0]["travel_days"])
                family.append(sib)
        kids += family
    _avoid_pairs(rng, kids)
    _other_addresses(c, kids)
    c.rows["children"] = kids
    return kids


def _child(c: Council, i: int, phase: str, home: Place, school: dict, officer: str) -> dict:
    rng = c.rng
    special = phase == "special"
    wheelchair = rng.random() < (0.36 if special else 0.05)
    needs_pa = rng.random() < (0.7 if wheelchair else 0.5 if special else 0.15)
    skills: list[str] = []
    if needs_pa:
        if wheelchair:
            skills.append("wheelchair_restraint")
            if rng.random() < 0.4:
                skills.append("manual_handling")
        for skill, p in (("autism", 0.4), ("epilepsy_medication", 0.2), ("behaviour", 0.15), ("diabetes", 0.05), ("tracheostomy_care", 0.02)):
            if rng.random() < p:
                skills.append(skill)
    alone = (needs_pa and "behaviour" in skills and rng.random() < 0.5) or rng.random() < 0.015
    notes = " ".join(CARE_NOTES[s] for s in skills)
    near_school = _km((home.lat, home.lon), (school["lat"], school["lon"])) < 12.0
    days = "mon;tue;wed;thu;fri"
    if rng.random() < 0.08:
        days = ";".join(sorted(rng.sample(["mon", "tue", "wed", "thu", "fri"], rng.choice([3, 4])), key=["mon", "tue", "wed", "thu", "fri"].index))
    return {
        "child_id": f"C{i:04d}", "first_name": rng.choice(FIRST), "last_name": rng.choice(LAST),
        "school_id": school["school_id"], "address": home.address, "postcode": home.postcode,
        "lat": home.lat, "lon": home.lon, "travel_days": days, "wheelchair": _yes(wheelchair),
        "needs_pa": _yes(needs_pa), "pa_skills": ";".join(skills), "travel_alone": _yes(alone),
        "boarding_minutes": rng.choice([4, 5]) if wheelchair else rng.choice([1, 2, 2, 3]),
        # A few children have their own, shorter limit (set where the school is near enough to keep it).
        "max_journey_minutes": rng.choice([45, 60]) if near_school and rng.random() < 0.15 else "",
        "must_not_travel_with": "", "sibling_group": "", "care_notes": notes, "officer_id": officer,
    }


def _avoid_pairs(rng: random.Random, kids: list[dict]) -> None:
    by_school: dict[str, list[dict]] = {}
    for k in kids:
        if not k["sibling_group"]:
            by_school.setdefault(k["school_id"], []).append(k)
    pools = [p for _, p in sorted(by_school.items()) if len(p) >= 2]
    for _ in range(max(2, len(kids) // 40)):
        a, b = rng.sample(rng.choice(pools), 2)
        for x, y in ((a, b), (b, a)):
            refs = [r for r in x["must_not_travel_with"].split(";") if r]
            if y["child_id"] not in refs:
                x["must_not_travel_with"] = ";".join(refs + [y["child_id"]])


def _other_addresses(c: Council, kids: list[dict]) -> None:
    rng = c.rng
    for k in kids:
        if not k["sibling_group"] and rng.random() < 0.05:
            town = _nearest_town(k["lat"], k["lon"])
            other = _place(rng, town, spread_km=6.0)
            c.rows["child_addresses"].append({
                "child_id": k["child_id"], "weekday": rng.choice(["fri", "fri", "wed", "mon"]),
                "session": rng.choice(["both", "both", "PM"]), "address": other.address,
                "postcode": other.postcode, "lat": other.lat, "lon": other.lon,
            })


def _guardians(c: Council, kids: list[dict]) -> None:
    rng = c.rng
    families: dict[str, list[dict]] = {}
    for k in kids:
        families.setdefault(k["sibling_group"] or k["child_id"], []).append(k)
    n = 0
    for _, members in families.items():
        refs = ";".join(m["child_id"] for m in members)
        for carer in range(2 if rng.random() < 0.2 else 1):
            n += 1
            c.rows["guardians"].append({
                "guardian_id": f"G{n:04d}", "first_name": rng.choice(ADULT_FIRST),
                "last_name": members[0]["last_name"] if carer == 0 or rng.random() < 0.6 else rng.choice(LAST),
                "phone": c.mobile(), "children": refs, "sms_consent": _yes(rng.random() < 0.95),
                "primary_contact": _yes(carer == 0), "share_contact": _yes(rng.random() < 0.3),
            })


def _assistants(c: Council, kids: list[dict], vehicles: list[dict]) -> None:
    rng = c.rng
    needing = sum(k["needs_pa"] == "yes" for k in kids)
    count = max(3, round(needing / 2.2))
    pool_weights = {"autism": 0.6, "wheelchair_restraint": 0.5, "manual_handling": 0.45,
                    "epilepsy_medication": 0.45, "behaviour": 0.35, "diabetes": 0.2, "tracheostomy_care": 0.06}
    pinnable = [v for v in vehicles if v["kind"] in ("wav", "minibus")]
    pinned = set(rng.sample(range(count), min(len(pinnable), max(1, count // 15))))
    pins = iter(rng.sample(pinnable, len(pinned)))
    needs = [k["pa_skills"].split(";") for k in kids if k["pa_skills"]]
    for i in range(count):
        home = _place(rng, _town(rng))
        skills = [s for s in SKILLS if rng.random() < pool_weights[s]] or ["autism"]
        if needs and rng.random() < 0.7:
            # Most PAs were trained for a child they work with; a few skills stay scarce.
            skills = sorted(set(skills[:1]) | set(rng.choice(needs)), key=SKILLS.index)
        pairs = []
        for s in skills:
            lapsed = rng.random() < 0.05
            pairs.append(f"{s}:{_date(rng, -200, -10) if lapsed else _date(rng, 90, 700)}")
        c.rows["assistants"].append({
            "assistant_id": f"PA{i + 1:03d}",
            "employer": "council" if rng.random() < 0.6 else rng.choice(OPERATORS)[0],
            "first_name": rng.choice(ADULT_FIRST), "last_name": rng.choice(LAST), "phone": c.mobile(),
            "skills": ";".join(pairs),
            "dbs_expiry": _date(rng, -60, -5) if i in (4, 17) else _date(rng, 150, 1000),
            "address": home.address, "postcode": home.postcode, "lat": home.lat, "lon": home.lon,
            "cost_per_run": f"{rng.choice([20, 22, 24, 25, 26, 28, 30]):.2f}",
            "vehicle_id": next(pins)["vehicle_id"] if i in pinned else "",
        })
