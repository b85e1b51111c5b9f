"""A synthetic council on Suffolk's real towns and countryside, written as the council's files.

Deterministic: the same seed and size give byte-identical files (one `random.Random(seed)`, lists
in fixed order, dates counted from `REFERENCE`, never from today). Phone numbers come from Ofcom's
drama ranges (07700 900xxx mobiles, 01632 960xxx landlines), so nobody real is ever texted; there
are only 1,000 drama mobiles, so a council of more than about 600 children reuses them.

The fleet, the drivers and the PAs are sized from the children's needs: enough to carry everyone,
with some scarcity (wheelchair spaces a little above the wheelchair users, a few PAs for the rare
skills) so that the optimiser has to share.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

REFERENCE = dt.date(2026, 9, 1)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
ALL_DAYS = ";".join(WEEKDAYS)

# name, lat, lon, weight (roughly population), postcode district, officer area
TOWNS = [
    ("Ipswich", 52.0567, 1.1482, 30, "IP{}", "East"),
    ("Lowestoft", 52.4811, 1.7500, 14, "NR{}", "North"),
    ("Bury St Edmunds", 52.2463, 0.7111, 10, "IP{}", "West"),
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
TOWN = {t[0]: t for t in TOWNS}
DISTRICTS = {"Ipswich": ["IP1", "IP2", "IP3", "IP4", "IP5"], "Lowestoft": ["NR32", "NR33"], "Bury St Edmunds": ["IP32", "IP33"]}
# Villages (approximate real positions) name the rural homes after the nearest one.
VILLAGES = [
    ("Thurston", 52.253, 0.808),
    ("Wickham Market", 52.151, 1.362),
    ("Debenham", 52.224, 1.181),
    ("Lavenham", 52.108, 0.797),
    ("Long Melford", 52.079, 0.719),
    ("Kesgrave", 52.062, 1.236),
    ("Bungay", 52.456, 1.437),
    ("Southwold", 52.327, 1.680),
    ("Bildeston", 52.106, 0.909),
    ("Clare", 52.078, 0.582),
    ("Ixworth", 52.299, 0.835),
    ("Kedington", 52.093, 0.488),
    ("Needham Market", 52.153, 1.050),
    ("Orford", 52.095, 1.535),
    ("Walsham-le-Willows", 52.300, 0.934),
    ("Wrentham", 52.389, 1.665),
    ("Yoxford", 52.267, 1.508),
    ("Stradbroke", 52.318, 1.273),
    ("Lakenheath", 52.416, 0.520),
    ("Brandon", 52.447, 0.624),
    ("Elmswell", 52.237, 0.913),
    ("Botesdale", 52.342, 1.003),
    ("Mendlesham", 52.253, 1.080),
    ("Capel St Mary", 52.002, 1.045),
    ("Holbrook", 51.983, 1.157),
    ("Nayland", 51.975, 0.875),
    ("Glemsford", 52.100, 0.668),
    ("Cavendish", 52.088, 0.633),
    ("Barrow", 52.243, 0.598),
    ("Kentford", 52.268, 0.508),
    ("Wickhambrook", 52.180, 0.560),
    ("Fressingfield", 52.350, 1.318),
    ("Wenhaston", 52.322, 1.560),
    ("Westleton", 52.270, 1.577),
    ("Aldeburgh", 52.152, 1.601),
    ("Kessingland", 52.419, 1.711),
    ("Shotley", 51.973, 1.250),
    ("Claydon", 52.106, 1.113),
    ("Grundisburgh", 52.111, 1.244),
    ("Otley", 52.148, 1.221),
    ("Woolpit", 52.224, 0.889),
    ("Rattlesden", 52.197, 0.911),
    ("Hoxne", 52.349, 1.198),
    ("Peasenhall", 52.268, 1.405),
    ("Boxford", 52.030, 0.859),
]
COUNTY = (51.95, 52.55, 0.40, 1.75)  # lat min, lat max, lon min, lon max
# The coast as (lat, lon), south to north: a home must lie west of it.
COAST = [(51.93, 1.33), (51.95, 1.35), (52.10, 1.60), (52.25, 1.63), (52.35, 1.68), (52.48, 1.76), (52.56, 1.73)]
# The Little Ouse and Waveney (the Norfolk border) as (lon, lat), west to east: a rural home lies south of it.
NORTH_BORDER = [
    (0.40, 52.42),
    (0.55, 52.45),
    (0.68, 52.45),
    (0.75, 52.41),
    (0.95, 52.39),
    (1.10, 52.375),
    (1.30, 52.40),
    (1.44, 52.455),
    (1.56, 52.46),
    (1.65, 52.50),
    (1.76, 52.55),
]
OFFICERS = [
    ("OF1", "North", "Priya Raman", "Lowestoft, Beccles, Halesworth and Eye"),
    ("OF2", "East", "Tom Whitlock", "Ipswich, Felixstowe, Woodbridge and the coast"),
    ("OF3", "West", "Joanne Keeble", "Bury St Edmunds, Newmarket, Haverhill and Mildenhall"),
    ("OF4", "South", "Marcus Bright", "Stowmarket, Sudbury and Hadleigh"),
]
PHASE_KIND = {
    "special": "Special School",
    "primary": "Primary School",
    "secondary": "High School",
    "post16": "Sixth Form College",
}
# The default council's schools: (name, phase, town, bell start, bell end, weekday overrides)
SCHOOLS = [
    ("Orwell Vale Special School", "special", "Ipswich", "09:00", "15:00", {"fri_end": "13:30"}),
    ("Abbeygate Special School", "special", "Bury St Edmunds", "09:15", "15:15", {}),
    ("Waveney Special School", "special", "Lowestoft", "09:00", "15:00", {}),
    ("Gipping Valley Academy (special)", "special", "Stowmarket", "08:50", "14:50", {"wed_end": "13:50"}),
    ("Stour Valley Special School", "special", "Sudbury", "09:15", "15:00", {}),
    ("Maple Green Primary School (resource base)", "primary", "Ipswich", "08:45", "15:15", {}),
    ("Kirkley Fields Primary School (resource base)", "primary", "Lowestoft", "08:50", "15:20", {}),
    ("Meadowlands Primary School (resource base)", "primary", "Haverhill", "08:40", "15:10", {"fri_end": "14:30"}),
    ("Ipswich Heath High School (resource base)", "secondary", "Ipswich", "08:30", "15:00", {}),
    ("Lark Valley Academy (resource base)", "secondary", "Bury St Edmunds", "08:40", "15:10", {"wed_end": "14:30"}),
    ("Waveney Vale High School (resource base)", "secondary", "Beccles", "08:35", "15:05", {}),
    ("Orwell Sixth Form College (post-16 SEND)", "post16", "Ipswich", "09:30", "15:30", {}),
]
# More schools for a bigger council, named after Suffolk's rivers and landscape (all fictional).
EXTRA_NAMES = [
    "Deben Valley",
    "Alde Meadows",
    "Blyth Vale",
    "Lark Rise",
    "Brett Vale",
    "Linnet Fields",
    "Kennett Green",
    "Fynn Valley",
    "Heathland",
    "Priory Fields",
    "Willow Brook",
    "Oakfield",
    "Beacon Hill",
    "Breckland Edge",
    "Orchard Way",
    "Riverside",
    "Hillside",
    "Sandling Heath",
    "Marsh Lane",
    "Windmill Hill",
    "Church Meadow",
    "Greenacres",
    "Barley Fields",
    "Hazelwood",
    "Swan Meadow",
    "Poppy Fields",
    "Saxon Way",
    "Chestnut Grove",
    "Kingfisher",
    "Heron Brook",
]
EXTRA_PHASES = ["special", "secondary", "primary", "special", "post16", "primary", "secondary"]
BELLS = [
    ("08:30", "15:30"),
    ("08:40", "15:10"),
    ("08:45", "15:15"),
    ("08:50", "15:20"),
    ("09:00", "15:00"),
    ("09:15", "15:15"),
    ("08:35", "15:05"),
]
# How far a child of each phase may live from their school (straight line): within the DfE's
# 45 minutes (primary) or 75 minutes (others) by road, with room for other pickups.
REACH_KM = {"special": 38.0, "primary": 18.0, "secondary": 30.0, "post16": 38.0}
PHASE_SHARE = {"special": 0.55, "primary": 0.16, "secondary": 0.19, "post16": 0.10}
FIRST = [
    "Sam",
    "Alfie",
    "Amelia",
    "Oliver",
    "Isla",
    "Noah",
    "Ava",
    "Leo",
    "Mia",
    "Harry",
    "Ivy",
    "Jack",
    "Freya",
    "George",
    "Lily",
    "Arthur",
    "Grace",
    "Oscar",
    "Ella",
    "Theo",
    "Sophie",
    "Mohammed",
    "Aisha",
    "Jayden",
    "Zara",
    "Kacper",
    "Maja",
    "Ruby",
    "Finley",
    "Poppy",
    "Reuben",
    "Evie",
    "Tomasz",
    "Amara",
    "Kai",
    "Rosie",
    "Elijah",
    "Hana",
    "Logan",
    "Imogen",
    "Dylan",
    "Niamh",
    "Riley",
    "Esme",
    "Charlie",
    "Willow",
    "Archie",
    "Daisy",
    "Ibrahim",
    "Chloe",
    "Kieran",
    "Layla",
    "Ethan",
    "Nell",
    "Frankie",
    "Alex",
    "Bethany",
    "Callum",
    "Darcey",
    "Emre",
    "Florence",
    "Harvey",
    "Jessica",
    "Lewis",
    "Milo",
]
ADULT_FIRST = [
    "Sarah",
    "James",
    "Emma",
    "David",
    "Claire",
    "Paul",
    "Michelle",
    "Mark",
    "Lisa",
    "Andrew",
    "Joanne",
    "Gary",
    "Nadia",
    "Tariq",
    "Agnieszka",
    "Olu",
    "Karen",
    "Steve",
    "Rachel",
    "Lee",
    "Dawn",
    "Wayne",
    "Fatima",
    "Chris",
    "Helen",
    "Darren",
    "Kelly",
    "Simon",
    "Louise",
    "Nicola",
    "Ian",
    "Zoe",
    "Samira",
    "Piotr",
    "Gemma",
    "Craig",
    "Tracey",
    "Martin",
    "Yvonne",
    "Adebayo",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "Thomas",
    "Roberts",
    "Clarke",
    "Walker",
    "Wright",
    "Thompson",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Martin",
    "Cooper",
    "King",
    "Baker",
    "Patel",
    "Khan",
    "Nowak",
    "Okafor",
    "Ali",
    "Kowalski",
    "Mills",
    "Page",
    "Cole",
    "Barker",
    "Moss",
    "Chapman",
    "Ward",
    "Palmer",
    "Gooderham",
    "Catchpole",
    "Howlett",
    "Mayhew",
    "Button",
    "Rumsby",
    "Sharman",
    "Last",
    "Kemp",
    "Osei",
    "Begum",
    "Murphy",
    "Kelly",
    "Davies",
]
STREETS = [
    "Church",
    "Mill",
    "Station",
    "High",
    "Victoria",
    "Orchard",
    "Chapel",
    "Park",
    "London",
    "Norwich",
    "School",
    "Bury",
    "Manor",
    "Meadow",
    "Oak",
    "Holly",
    "Beech",
    "Heath",
    "Spring",
    "Maltings",
    "Quay",
    "Abbey",
    "Westgate",
    "Tower",
    "Cedar",
    "Hawthorn",
    "Elm",
    "Riverside",
    "Kings",
    "Queens",
]
STREET_KINDS = ["Road", "Lane", "Street", "Close", "Way", "Drive", "Avenue", "Gardens", "Crescent", "Court"]
SKILLS = [
    "epilepsy_medication",
    "autism",
    "manual_handling",
    "wheelchair_restraint",
    "behaviour",
    "diabetes",
    "tracheostomy_care",
]
# What a child who needs a PA needs the PA to be trained in: (skills, weight), for walking
# children and for wheelchair users. Empty: a PA for general supervision.
PROFILES_WALKING = [
    ((), 14),
    (("autism",), 30),
    (("autism", "behaviour"), 12),
    (("behaviour",), 8),
    (("epilepsy_medication",), 12),
    (("autism", "epilepsy_medication"), 8),
    (("diabetes",), 5),
    (("autism", "diabetes"), 2),
    (("epilepsy_medication", "tracheostomy_care"), 2),
]
PROFILES_WHEELCHAIR = [
    (("wheelchair_restraint",), 30),
    (("manual_handling", "wheelchair_restraint"), 25),
    (("epilepsy_medication", "wheelchair_restraint"), 18),
    (("epilepsy_medication", "manual_handling", "wheelchair_restraint"), 10),
    (("autism", "wheelchair_restraint"), 8),
    (("manual_handling",), 4),
    (("tracheostomy_care", "wheelchair_restraint"), 4),
    (("diabetes", "wheelchair_restraint"), 3),
]
CARE_NOTES = {
    "epilepsy_medication": [
        "Carries rescue medication (buccal midazolam) in a red bag; PA trained to administer.",
        "Epilepsy: seizure plan in the bag; if a seizure lasts over 5 minutes give buccal midazolam and call 999.",
    ],
    "autism": [
        "Autistic: same seat each day and a calm greeting; tell the family the day before of any change of crew.",
        "Autistic and non-verbal; uses a picture card to say 'stop'. Ear defenders in bag.",
    ],
    "behaviour": [
        "May try to undo the seatbelt when anxious; PA sits beside and uses the agreed calming words.",
        "Can lash out when overwhelmed; keep a seat's gap from other children.",
    ],
    "diabetes": ["Type 1 diabetes: glucose tablets in the front pocket; call parent if drowsy or confused."],
    "tracheostomy_care": [
        "Has a tracheostomy; suction kit and spare tube travel with the child. PA must be trained in trachy care."
    ],
    "wheelchair_restraint": [
        "Travels in own powered wheelchair (heavy); four-point restraint and lap belt.",
        "Travels in a manual wheelchair with headrest; four-point restraint and lap belt.",
    ],
    "manual_handling": ["Needs help with transfers; use the hoist sling kept in the wheelchair bag."],
}
NOTES_WHEELCHAIR = "Travels in own wheelchair; restraint as per the vehicle's fittings."
NOTES_ALONE = "Must travel alone (agreed at annual review)."
# The fleet: kind, layouts, fixed cost (£ a run), cost per mile (£)
CAR4 = ("car", "4+0", 15.0, 1.80)
CAR3 = ("car", "3+0", 14.0, 1.70)
MPV = ("mpv", "6+0", 20.0, 2.10)
WAV41 = ("wav", "4+1;5+0", 35.0, 2.60)
WAV32 = ("wav", "3+2;5+0", 38.0, 2.70)
BUS16 = ("minibus", "16+0;14+1;12+2", 55.0, 3.20)
BUS12 = ("minibus", "12+0;10+1;8+2", 50.0, 3.00)
OPERATORS = [
    ("OP1", "Orwell Private Hire", "Ipswich"),
    ("OP2", "Abbeygate Travel", "Bury St Edmunds"),
    ("OP3", "Waveney Accessible Transport", "Lowestoft"),
    ("OP4", "Stour Valley Cars", "Sudbury"),
    ("OP5", "Mid Suffolk Community Transport", "Stowmarket"),
]
LIMITED_HOURS = [("07:00", "16:30"), ("07:30", "17:00"), ("06:30", "16:00")]

HEADERS = {
    "officers": ["officer_id", "name", "phone", "email"],
    "schools": [
        "school_id",
        "name",
        "phase",
        "address",
        "postcode",
        "phone",
        "email",
        "lat",
        "lon",
        "start_time",
        "end_time",
        "mon_start",
        "tue_start",
        "wed_start",
        "thu_start",
        "fri_start",
        "mon_end",
        "tue_end",
        "wed_end",
        "thu_end",
        "fri_end",
        "arrival_window_minutes",
        "pickup_window_minutes",
        "max_journey_minutes",
    ],
    "children": [
        "child_id",
        "first_name",
        "last_name",
        "school_id",
        "address",
        "postcode",
        "lat",
        "lon",
        "travel_days",
        "wheelchair",
        "needs_pa",
        "pa_skills",
        "travel_alone",
        "boarding_minutes",
        "max_journey_minutes",
        "must_not_travel_with",
        "sibling_group",
        "care_notes",
        "officer_id",
    ],
    "child_addresses": ["child_id", "weekday", "session", "address", "postcode", "lat", "lon"],
    "guardians": [
        "guardian_id",
        "first_name",
        "last_name",
        "phone",
        "children",
        "sms_consent",
        "primary_contact",
        "share_contact",
    ],
    "operators": ["operator_id", "name", "phone", "email"],
    "vehicles": [
        "vehicle_id",
        "operator_id",
        "registration",
        "kind",
        "layouts",
        "depot_address",
        "depot_postcode",
        "depot_lat",
        "depot_lon",
        "fixed_cost",
        "cost_per_mile",
        "available_from",
        "available_to",
        "days",
    ],
    "drivers": ["driver_id", "operator_id", "vehicle_id", "first_name", "last_name", "phone", "dbs_expiry"],
    "assistants": [
        "assistant_id",
        "employer",
        "first_name",
        "last_name",
        "phone",
        "skills",
        "dbs_expiry",
        "address",
        "postcode",
        "lat",
        "lon",
        "cost_per_run",
        "vehicle_id",
    ],
    "spot_hire": [
        "rate_id",
        "operator_id",
        "area",
        "kind",
        "seats",
        "wheelchair_spaces",
        "base_address",
        "base_postcode",
        "base_lat",
        "base_lon",
        "fixed_cost",
        "cost_per_mile",
        "pa_cost_per_run",
        "pa_skills",
        "available_from",
        "available_to",
    ],
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
        """The next number of Ofcom's drama mobile range, written in one of the usual ways."""
        n = 900000 + self.mobiles % 1000
        self.mobiles += 1
        return ["07700 {}", "+44 7700 {}", "07700{}", "07700 {}"][self.mobiles % 4].format(n)

    def landline(self) -> str:
        n = 960000 + self.landlines % 1000
        self.landlines += 1
        return f"01632 {n}"


def generate(out: Path, children: int = 320, seed: int = 20261124) -> dict[str, int]:
    """Write a council of `children` children to `out`; returns the rows written per file."""
    if children < 10:
        raise ValueError("a council needs at least 10 children")
    c = Council(random.Random(seed))
    _officers(c)
    schools = _schools(c, children)
    kids = _children(c, children, schools)
    _guardians(c, kids)
    _operators(c)
    vehicles = _fleet(c, kids)
    _assistants(c, kids, vehicles)
    _spot_hire(c)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(c.rows[name])
    return {name: len(rows) for name, rows in c.rows.items()}


# Geography ---------------------------------------------------------------------------------------


def _interpolate(points: list[tuple[float, float]], x: float) -> float | None:
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        if ax <= x <= bx:
            return ay + (by - ay) * (x - ax) / (bx - ax)
    return None


def _on_land(lat: float, lon: float) -> bool:
    """West of the coast (a simple polyline)."""
    coast_lon = _interpolate(COAST, lat)
    return coast_lon is not None and lon < coast_lon - 0.01


def _in_county(lat: float, lon: float, rural: bool) -> bool:
    if not (COUNTY[0] <= lat <= COUNTY[1] and COUNTY[2] <= lon <= COUNTY[3]) or not _on_land(lat, lon):
        return False
    if rural:  # south of the Norfolk border (a town's edge may touch it, as Beccles's does)
        border = _interpolate(NORTH_BORDER, lon)
        return border is not None and lat < border
    return True


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(x, math.radians(b[0] - a[0]))


def _nearest_town(lat: float, lon: float) -> tuple:
    return min(TOWNS, key=lambda t: _km((lat, lon), (t[1], t[2])))


def _postcode(rng: random.Random, town: tuple) -> str:
    district = rng.choice(DISTRICTS[town[0]]) if town[0] in DISTRICTS else town[4]
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _street(rng: random.Random, locality: str) -> str:
    return f"{rng.randint(1, 140)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}, {locality}"


def _place(rng: random.Random, town: tuple | None = None, spread_km: float = 2.5) -> Place:
    """An address in a town (jittered around its centre) or, without a town, anywhere rural on land."""
    while True:
        if town is not None:
            r = spread_km * math.sqrt(rng.random())
            angle = rng.uniform(0, 2 * math.pi)
            lat = town[1] + r * math.cos(angle) / 111.2
            lon = town[2] + r * math.sin(angle) / (111.2 * math.cos(math.radians(town[1])))
        else:
            lat, lon = rng.uniform(COUNTY[0], COUNTY[1]), rng.uniform(COUNTY[2], COUNTY[3])
        if _in_county(lat, lon, rural=town is None):
            break
    near = town or _nearest_town(lat, lon)
    if town is not None:
        locality = town[0]
    else:
        village = min(VILLAGES, key=lambda v: _km((lat, lon), (v[1], v[2])))
        locality = village[0] if _km((lat, lon), (village[1], village[2])) < 4.0 else f"near {village[0]}"
    return Place(round(lat, 5), round(lon, 5), _street(rng, locality), _postcode(rng, near), near[0], near[5])


def _town(rng: random.Random) -> tuple:
    return rng.choices(TOWNS, weights=[t[3] for t in TOWNS])[0]


def _home(rng: random.Random) -> Place:
    """About 65% of families live in the towns, 35% in the countryside."""
    return _place(rng, _town(rng)) if rng.random() < 0.65 else _place(rng, None)


# Small formats -----------------------------------------------------------------------------------


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _date(rng: random.Random, lo_days: int, hi_days: int) -> str:
    """A date between lo_days and hi_days after the reference date (2026-09-01)."""
    return (REFERENCE + dt.timedelta(days=rng.randint(lo_days, hi_days))).isoformat()


def _registration(rng: random.Random) -> str:
    """A current-format UK registration; most are East Anglian (memory tag A)."""
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    area = (
        rng.choice(["AV", "AW", "AX", "AY", "AO", "AP", "AR", "AU"])
        if rng.random() < 0.7
        else rng.choice(letters) + rng.choice(letters)
    )
    age = rng.choice(["18", "19", "20", "21", "22", "23", "24", "25", "68", "69", "70", "71", "72", "73", "74"])
    return f"{area}{age} {rng.choice(letters)}{rng.choice(letters)}{rng.choice(letters)}"


# Officers and schools ----------------------------------------------------------------------------


def _officers(c: Council) -> None:
    for ref, _area, name, _patch in OFFICERS:
        first, last = name.lower().split()
        c.rows["officers"].append(
            {"officer_id": ref, "name": name, "phone": c.landline(), "email": f"{first}.{last}@transport.suffolk.example"}
        )


def _schools(c: Council, children: int) -> list[dict]:
    rng = c.rng
    plan = list(SCHOOLS)
    used = {name for name, *_ in plan}
    for k in range(max(0, children // 150 - 2)):
        phase = EXTRA_PHASES[k % len(EXTRA_PHASES)]
        town = _town(rng)[0]
        start, end = rng.choice(BELLS)
        overrides = {}
        if rng.random() < 0.2:
            day = rng.choice(["wed", "fri"])
            overrides[f"{day}_end"] = f"{int(end[:2]) - 1:02d}:{end[3:]}"
        name = f"{EXTRA_NAMES[k % len(EXTRA_NAMES)]} {PHASE_KIND[phase]}"
        if name in used:
            name = f"{town} {name}"
        if name in used:
            name = f"{name} ({k + 1})"
        used.add(name)
        if phase in ("primary", "secondary"):
            name += " (resource base)"
        plan.append((name, phase, town, start, end, overrides))
    schools = []
    for i, (name, phase, town_name, start, end, overrides) in enumerate(plan, start=1):
        place = _place(rng, TOWN[town_name], spread_km=2.0)
        row: dict[str, object] = {h: "" for h in HEADERS["schools"]}
        row.update(
            school_id=f"SCH{i:02d}",
            name=name,
            phase=phase,
            address=place.address,
            postcode=place.postcode,
            phone=f"0113 496 0{i:03d}",
            # Most offices sign in by a code to their email; every fourth has none, and its phone is used.
            email=f"transport.sch{i:02d}@schools.suffolk.example" if i % 4 else "",
            lat=place.lat,
            lon=place.lon,
            start_time=start,
            end_time=end,
            arrival_window_minutes=rng.choice([10, 15, 15, 20]),
            pickup_window_minutes=rng.choice([10, 15, 15, 20]),
            **overrides,
        )
        c.rows["schools"].append(row)
        schools.append(row)
    return schools


# Children ----------------------------------------------------------------------------------------


def _choose_school(rng: random.Random, home: Place, phase: str, schools: list[dict]) -> dict | None:
    """Mostly the nearest school of the phase; special schools draw from further (a child goes where
    their needs are met). None when no school of the phase is within reach."""
    here = (home.lat, home.lon)
    options = [(s, _km(here, (s["lat"], s["lon"]))) for s in schools if s["phase"] == phase]
    options = [(s, d) for s, d in options if d <= REACH_KM[phase]]
    if not options:
        return None
    power = 1.5 if phase == "special" else 3.0
    return rng.choices([s for s, _ in options], weights=[1.0 / (d + 4.0) ** power for _, d in options])[0]


def _children(c: Council, n: int, schools: list[dict]) -> list[dict]:
    rng = c.rng
    kids: list[dict] = []
    officer_of_area = {area: ref for ref, area, _, _ in OFFICERS}
    phases = list(PHASE_SHARE)
    sibling_groups = max(2, round(n / 32))
    groups = 0
    while len(kids) < n:
        phase = rng.choices(phases, weights=[PHASE_SHARE[p] for p in phases])[0]
        home = _home(rng)
        school = _choose_school(rng, home, phase, schools)
        if school is None:
            continue  # the council would not send a child that far for this phase: draw another family
        officer = officer_of_area[home.area]
        family = [_child(c, len(kids) + 1, school, home, officer)]
        if groups < sibling_groups and len(kids) + 2 <= n and rng.random() < 0.06:
            groups += 1
            group = f"FAM{groups:03d}"
            family[0]["sibling_group"] = group
            for _ in range(rng.choice([1, 1, 1, 2])):
                if len(kids) + len(family) >= n:
                    break
                # Usually the same school; otherwise another of the phase near it.
                sib_school = school
                if rng.random() < 0.2:
                    near = [
                        s
                        for s in schools
                        if s["phase"] == phase
                        and s is not school
                        and _km((s["lat"], s["lon"]), (school["lat"], school["lon"])) < 12.0
                    ]
                    sib_school = rng.choice(near) if near else school
                sib = _child(c, len(kids) + len(family) + 1, sib_school, home, officer)
                sib.update(last_name=family[0]["last_name"], sibling_group=group, travel_days=family[0]["travel_days"])
                family.append(sib)
        kids += family
    phase_of = {s["school_id"]: s["phase"] for s in schools}
    _travel_alone(rng, kids)
    _avoid_pairs(rng, kids, phase_of)
    _own_limits(rng, kids, {s["school_id"]: s for s in schools})
    _other_addresses(c, kids)
    for k in kids:
        k["care_notes"] = _notes(rng, k)
    c.rows["children"] = kids
    return kids


def _child(c: Council, i: int, school: dict, home: Place, officer: str) -> dict:
    rng = c.rng
    special = school["phase"] == "special"
    wheelchair = rng.random() < (0.28 if special else 0.03)
    needs_pa = rng.random() < (0.72 if wheelchair else 0.48 if special else 0.17)
    skills: tuple[str, ...] = ()
    if needs_pa:
        profiles = PROFILES_WHEELCHAIR if wheelchair else PROFILES_WALKING
        skills = rng.choices([p for p, _ in profiles], weights=[w for _, w in profiles])[0]
    days = ALL_DAYS
    if rng.random() < 0.07:  # part-time timetable or a day at another provision
        days = ";".join(d for d in WEEKDAYS if d not in rng.sample(WEEKDAYS, rng.choice([1, 1, 2])))
    return {
        "child_id": f"C{i:04d}",
        "first_name": rng.choice(FIRST),
        "last_name": rng.choice(LAST),
        "school_id": school["school_id"],
        "address": home.address,
        "postcode": home.postcode,
        "lat": home.lat,
        "lon": home.lon,
        "travel_days": days,
        "wheelchair": _yes(wheelchair),
        "needs_pa": _yes(needs_pa),
        "pa_skills": ";".join(sorted(skills, key=SKILLS.index)),
        "travel_alone": "no",
        "boarding_minutes": rng.choice([3, 4, 5, 5]) if wheelchair else rng.choice([1, 2, 2, 2, 3]),
        "max_journey_minutes": "",
        "must_not_travel_with": "",
        "sibling_group": "",
        "care_notes": "",
        "officer_id": officer,
    }


def _travel_alone(rng: random.Random, kids: list[dict]) -> None:
    """About 3% must travel alone, mostly children whose behaviour needs a PA's full attention."""
    candidates = [k for k in kids if not k["sibling_group"]]
    target = max(2, round(len(kids) * 0.03))
    behaviour = [k for k in candidates if "behaviour" in k["pa_skills"]]
    others = [k for k in candidates if "behaviour" not in k["pa_skills"]]
    chosen = rng.sample(behaviour, min(len(behaviour), (target * 2) // 3))
    chosen += rng.sample(others, target - len(chosen))
    for k in chosen:
        k["travel_alone"] = "yes"


def _avoid_pairs(rng: random.Random, kids: list[dict], phase_of: dict[str, str]) -> None:
    """About one pair per 40 children who must not travel together, at the same school (so the rule bites)."""
    by_school: dict[str, list[dict]] = {}
    for k in kids:
        if not k["sibling_group"] and k["travel_alone"] == "no":
            by_school.setdefault(k["school_id"], []).append(k)
    pools = [p for _, p in sorted(by_school.items()) if len(p) >= 4]
    made: set[tuple[str, str]] = set()
    for _ in range(50 * len(kids)):
        if not pools or len(made) >= max(2, len(kids) // 40):
            break
        a, b = rng.sample(rng.choices(pools, weights=[len(p) for p in pools])[0], 2)
        pair = tuple(sorted((a["child_id"], b["child_id"])))
        if pair in made:
            continue
        made.add(pair)
        for x, y in ((a, b), (b, a)):
            refs = [r for r in x["must_not_travel_with"].split(";") if r]
            x["must_not_travel_with"] = ";".join(refs + [y["child_id"]])


def _own_limits(rng: random.Random, kids: list[dict], schools: dict[str, dict]) -> None:
    """Some children have their own, shorter limit (set by the council where the school is near enough to keep it)."""
    for k in kids:
        school = schools[k["school_id"]]
        km = _km((k["lat"], k["lon"]), (school["lat"], school["lon"]))
        if km < 10.0 and rng.random() < 0.12:
            k["max_journey_minutes"] = rng.choice([40, 45, 50, 60])


def _other_addresses(c: Council, kids: list[dict]) -> None:
    """About 5% spend a weekday at another parent's or a grandparent's, nearby."""
    rng = c.rng
    for k in kids:
        if not k["sibling_group"] and rng.random() < 0.05:
            other = _place(rng, _nearest_town(k["lat"], k["lon"]), spread_km=5.0)
            days = [d for d in WEEKDAYS if d in k["travel_days"].split(";")]
            day = "fri" if "fri" in days and rng.random() < 0.6 else rng.choice(days)
            c.rows["child_addresses"].append(
                {
                    "child_id": k["child_id"],
                    "weekday": day,
                    "session": rng.choice(["both", "both", "PM"]),
                    "address": other.address,
                    "postcode": other.postcode,
                    "lat": other.lat,
                    "lon": other.lon,
                }
            )


def _notes(rng: random.Random, k: dict) -> str:
    notes = [rng.choice(CARE_NOTES[s]) for s in k["pa_skills"].split(";") if s]
    if k["wheelchair"] == "yes" and "wheelchair_restraint" not in k["pa_skills"]:
        notes.append(NOTES_WHEELCHAIR)
    if k["travel_alone"] == "yes":
        notes.append(NOTES_ALONE)
    return " ".join(notes)


def _guardians(c: Council, kids: list[dict]) -> None:
    """One or two carers per family; siblings share them."""
    rng = c.rng
    families: dict[str, list[dict]] = {}
    for k in kids:
        families.setdefault(k["sibling_group"] or k["child_id"], []).append(k)
    n = 0
    for members in families.values():
        refs = ";".join(m["child_id"] for m in members)
        for carer in range(2 if rng.random() < 0.12 else 1):
            n += 1
            c.rows["guardians"].append(
                {
                    "guardian_id": f"G{n:04d}",
                    "first_name": rng.choice(ADULT_FIRST),
                    "last_name": members[0]["last_name"] if carer == 0 or rng.random() < 0.5 else rng.choice(LAST),
                    "phone": c.mobile(),
                    "children": refs,
                    "sms_consent": _yes(rng.random() < 0.93),
                    "primary_contact": _yes(carer == 0),
                    "share_contact": _yes(rng.random() < 0.35),
                }
            )


# Fleet and crews ---------------------------------------------------------------------------------


def _operators(c: Council) -> None:
    for ref, name, _town_name in OPERATORS:
        c.rows["operators"].append(
            {"operator_id": ref, "name": name, "phone": c.landline(), "email": f"bookings@{name.split()[0].lower()}.example"}
        )


def _fleet_plan(kids: list[dict]) -> list[tuple]:
    """Vehicle types sized from the children: wheelchair spaces about 15% above the wheelchair users,
    about one vehicle for every three children in all."""
    n = len(kids)
    wheelchairs = sum(k["wheelchair"] == "yes" for k in kids)
    buses = max(2, round(n / 55))
    spaces = max(2, math.ceil(wheelchairs * 1.15)) - 2 * buses
    wav32 = max(0, round(spaces * 0.3 / 2))
    wav41 = max(1, spaces - 2 * wav32)
    others = max(4, round(n * 0.34) - buses - wav32 - wav41)
    mpvs = round(others * 0.32)
    car3 = round(others * 0.08)
    car4 = others - mpvs - car3
    return (
        [CAR4] * car4
        + [CAR3] * car3
        + [MPV] * mpvs
        + [WAV41] * wav41
        + [WAV32] * wav32
        + [BUS16] * (buses - buses // 2)
        + [BUS12] * (buses // 2)
    )


def _fleet(c: Council, kids: list[dict]) -> list[dict]:
    rng = c.rng
    vehicles: list[dict] = []
    bases = [(ref, TOWN[town]) for ref, _, town in OPERATORS]
    for i, (kind, layouts, fixed, per_mile) in enumerate(_fleet_plan(kids), start=1):
        # Depots follow where people live; the nearest firm usually runs them.
        depot_town = _town(rng)
        if rng.random() < 0.75:
            operator = min(bases, key=lambda b: _km((b[1][1], b[1][2]), (depot_town[1], depot_town[2])))[0]
        else:
            operator = rng.choice(bases)[0]
        depot = _place(rng, depot_town, spread_km=1.5)
        hours = rng.choice(LIMITED_HOURS) if rng.random() < 0.1 else ("06:30", "18:30")
        vehicles.append(
            {
                "vehicle_id": f"V{i:03d}",
                "operator_id": operator,
                "registration": _registration(rng),
                "kind": kind,
                "layouts": layouts,
                "depot_address": depot.address,
                "depot_postcode": depot.postcode,
                "depot_lat": depot.lat,
                "depot_lon": depot.lon,
                "fixed_cost": f"{fixed * rng.uniform(0.9, 1.15):.2f}",
                "cost_per_mile": f"{per_mile * rng.uniform(0.92, 1.1):.2f}",
                "available_from": hours[0],
                "available_to": hours[1],
                "days": "mon;tue;wed;thu" if rng.random() < 0.05 else ALL_DAYS,
            }
        )
    c.rows["vehicles"] = vehicles
    for i, v in enumerate(vehicles, start=1):
        c.rows["drivers"].append(_driver(c, f"D{i:03d}", v["operator_id"], v["vehicle_id"]))
    for k in range(max(1, len(vehicles) // 20)):  # spare drivers, for holidays and sickness
        c.rows["drivers"].append(_driver(c, f"D{len(vehicles) + k + 1:03d}", rng.choice(OPERATORS)[0], ""))
    return vehicles


# Spot hire, dearer than the contracted fleet: (kind, seats, wheelchair spaces, £ per run, £ per mile).
SPOT_KINDS = [("car", 4, 0, 45.0, 2.20), ("wav", 3, 1, 75.0, 2.80), ("minibus", 8, 2, 110.0, 3.40)]


def _spot_hire(c: Council) -> None:
    """Each operator's rates for a taxi, a wheelchair vehicle and a minibus with two wheelchair spaces
    (siblings in wheelchairs travel together) hired for a run, most with an agency PA; agencies
    rarely have tracheostomy care, and one operator brings no PA at all."""
    rng = c.rng
    for k, (ref, _name, town_name) in enumerate(OPERATORS):
        base = _place(rng, TOWN[town_name], spread_km=1.0)
        skills = [s for s in SKILLS if s != "tracheostomy_care" or k == 0]
        for kind, seats, spaces, fixed, per_mile in SPOT_KINDS:
            with_pa = k != 3
            c.rows["spot_hire"].append(
                {
                    "rate_id": f"{ref}-{kind.upper()}",
                    "operator_id": ref,
                    "area": town_name,
                    "kind": kind,
                    "seats": seats,
                    "wheelchair_spaces": spaces,
                    "base_address": base.address,
                    "base_postcode": base.postcode,
                    "base_lat": base.lat,
                    "base_lon": base.lon,
                    "fixed_cost": f"{fixed * rng.uniform(0.9, 1.15):.2f}",
                    "cost_per_mile": f"{per_mile * rng.uniform(0.92, 1.1):.2f}",
                    "pa_cost_per_run": f"{rng.uniform(40, 55):.2f}" if with_pa else "",
                    "pa_skills": ";".join(skills) if with_pa else "",
                    "available_from": "06:30",
                    "available_to": "18:30",
                }
            )


def _driver(c: Council, ref: str, operator: str, vehicle: str) -> dict:
    rng = c.rng
    return {
        "driver_id": ref,
        "operator_id": operator,
        "vehicle_id": vehicle,
        "first_name": rng.choice(ADULT_FIRST),
        "last_name": rng.choice(LAST),
        "phone": c.mobile(),
        "dbs_expiry": _date(rng, 120, 1000),
    }


def _assistants(c: Council, kids: list[dict], vehicles: list[dict]) -> None:
    """About one PA per 2.3 children who need one. Most PAs were trained for a child they work with;
    every child's set of skills is then held in date by at least three PAs (two for tracheostomy
    care: it stays scarce). A few skills have lapsed and two DBS checks have expired."""
    rng = c.rng
    needs = [tuple(k["pa_skills"].split(";")) if k["pa_skills"] else () for k in kids if k["needs_pa"] == "yes"]
    count = max(4, round(len(needs) / 2.3) + 2)
    expired_dbs = {3, 17} if count > 17 else {3}
    pinnable = [v for v in vehicles if v["kind"] in ("wav", "minibus")]
    pinned = set(rng.sample(range(count), min(len(pinnable), max(1, count // 15))))
    pins = iter(rng.sample(pinnable, len(pinned)))
    base_weights = {
        "autism": 0.45,
        "wheelchair_restraint": 0.35,
        "manual_handling": 0.35,
        "epilepsy_medication": 0.3,
        "behaviour": 0.25,
        "diabetes": 0.1,
        "tracheostomy_care": 0.0,
    }
    pas: list[dict] = []
    for i in range(count):
        home = _place(rng, _town(rng))
        skills = [s for s in SKILLS if rng.random() < base_weights[s]]
        if needs and rng.random() < 0.8:
            skills += [s for s in rng.choice(needs) if s != "tracheostomy_care" or rng.random() < 0.5]
        # In SKILLS order, never a set's: the same seed must draw the same dates in every process.
        expiry = {s: _date(rng, -150, -5) if rng.random() < 0.04 else _date(rng, 120, 760) for s in SKILLS if s in skills}
        pa = {
            "assistant_id": f"PA{i + 1:03d}",
            "employer": "council" if rng.random() < 0.6 else rng.choice(OPERATORS)[0],
            "first_name": rng.choice(ADULT_FIRST),
            "last_name": rng.choice(LAST),
            "phone": c.mobile(),
            "skills": expiry,
            "dbs_expiry": _date(rng, -60, -5) if i in expired_dbs else _date(rng, 150, 1000),
            "address": home.address,
            "postcode": home.postcode,
            "lat": home.lat,
            "lon": home.lon,
            "cost_per_run": f"{rng.choice([20, 22, 23, 24, 25, 26, 28, 30]):.2f}",
            "vehicle_id": next(pins)["vehicle_id"] if i in pinned else "",
        }
        pas.append(pa)
    _cover(rng, pas, needs)
    for pa in pas:
        pa["skills"] = ";".join(f"{s}:{pa['skills'][s]}" for s in SKILLS if s in pa["skills"])
    c.rows["assistants"] = pas


def _cover(rng: random.Random, pas: list[dict], needs: list[tuple[str, ...]]) -> None:
    """Train PAs until every child's set of skills is held in date by enough PAs with a valid DBS."""
    today = REFERENCE.isoformat()

    def holds(pa: dict, need: tuple[str, ...]) -> bool:
        return pa["dbs_expiry"] >= today and all(pa["skills"].get(s, "") >= today for s in need)

    for need in sorted(set(needs)):
        wanted = 2 if "tracheostomy_care" in need else 3
        usable = [pa for pa in pas if pa["dbs_expiry"] >= today]
        while sum(holds(pa, need) for pa in usable) < wanted:
            pa = rng.choice([p for p in usable if not holds(p, need)])
            for s in need:
                if pa["skills"].get(s, "") < today:
                    pa["skills"][s] = _date(rng, 120, 760)
