"""Writing validated rows to the database, matched by the council's IDs.

A record is only touched when something in it differs, so a second import of the same files
reports every row unchanged and writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from transport import models as m
from transport.settings import Settings


class Writer:
    def __init__(self, db: Session, settings: Settings, coordinates: dict, counts: dict) -> None:
        self.db = db
        self.settings = settings
        self.coordinates = coordinates
        self.counts = counts
        self.status: dict[tuple[str, str | tuple[str, str, str]], str] = {}
        """(file kind, ID) -> created, updated, unchanged (or removed); a child address's ID is (child, weekday, session)."""

    def write(self, parsed: dict) -> None:
        for kind in (
            "officers",
            "schools",
            "operators",
            "vehicles",
            "drivers",
            "assistants",
            "children",
            "guardians",
            "spot_hire",
        ):
            if kind in parsed:
                getattr(self, f"_{kind}")(parsed[kind])
                self.db.flush()
        if "children" in parsed:
            self._avoid(parsed["children"])
        if "child_addresses" in parsed:
            self._child_addresses(parsed["child_addresses"], parsed.get("children", []))
        for (kind, _), status in self.status.items():
            setattr(self.counts[kind], status, getattr(self.counts[kind], status) + 1)

    # Helpers ---------------------------------------------------------------------------------

    def _existing(self, model: type[Any], *load) -> dict[str, Any]:
        query = select(model).options(*(selectinload(rel) for rel in load))
        return {r.ref: r for r in self.db.scalars(query)}

    def _by_ref(self, model: type[Any]) -> dict[str, Any]:
        return {r.ref: r for r in self.db.scalars(select(model))}

    def _put(self, kind: str, existing: dict, model: type, ref: str, values: dict, collections: dict | None = None):
        """Create or update one record; `collections` maps a relationship to (current key, new items, key)."""
        record = existing.get(ref)
        if record is None:
            record = model(ref=ref, **values)
            for name, (_, items, _) in (collections or {}).items():
                setattr(record, name, items())
            self.db.add(record)
            existing[ref] = record
            self.status[(kind, ref)] = "created"
            return record
        changed = False
        for name, value in values.items():
            if getattr(record, name) != value:
                setattr(record, name, value)
                changed = True
        for name, (current, items, key) in (collections or {}).items():
            if current(record) != key:
                # Old items go first: the new ones may share their unique keys (a school's weekday bell).
                setattr(record, name, [])
                self.db.flush()
                setattr(record, name, items())
                changed = True
        self.status[(kind, ref)] = "updated" if changed else "unchanged"
        return record

    # Files -------------------------------------------------------------------------------------

    def _officers(self, rows) -> None:
        existing = self._existing(m.Officer)
        for _, r in rows:
            self._put("officers", existing, m.Officer, r.officer_id, dict(name=r.name, phone=r.phone, email=r.email))

    def _schools(self, rows) -> None:
        existing = self._existing(m.School, m.School.bells)
        for number, r in rows:
            lat, lon = self.coordinates[("schools", number)]
            bells = r.bells()
            self._put(
                "schools",
                existing,
                m.School,
                r.school_id,
                dict(
                    name=r.name,
                    phase=r.phase,
                    address=r.address,
                    postcode=r.postcode,
                    phone=r.phone,
                    email=r.email,
                    lat=lat,
                    lon=lon,
                    arrival_window_minutes=r.arrival_window_minutes,
                    pickup_window_minutes=r.pickup_window_minutes,
                    max_journey_minutes=r.max_journey_minutes,
                ),
                {
                    "bells": (
                        lambda s: sorted((b.weekday, b.start, b.end) for b in s.bells),
                        lambda bells=bells: [m.SchoolBell(weekday=d, start=a, end=b) for d, a, b in bells],
                        sorted(bells),
                    )
                },
            )

    def _operators(self, rows) -> None:
        existing = self._existing(m.Operator)
        for _, r in rows:
            self._put("operators", existing, m.Operator, r.operator_id, dict(name=r.name, phone=r.phone, email=r.email))

    def _vehicles(self, rows) -> None:
        existing = self._existing(m.FleetVehicle, m.FleetVehicle.layouts)
        operators = self._by_ref(m.Operator)
        for number, r in rows:
            lat, lon = self.coordinates[("vehicles", number)]
            self._put(
                "vehicles",
                existing,
                m.FleetVehicle,
                r.vehicle_id,
                dict(
                    operator_id=operators[r.operator_id].id,
                    registration=r.registration,
                    kind=r.kind,
                    depot_address=r.depot_address,
                    depot_postcode=r.depot_postcode,
                    depot_lat=lat,
                    depot_lon=lon,
                    fixed_cost=r.fixed_cost,
                    cost_per_mile=r.cost_per_mile,
                    available_from=r.available_from,
                    available_to=r.available_to,
                    days=r.days,
                ),
                {
                    "layouts": (
                        lambda v: [(x.seats, x.wheelchairs) for x in v.layouts],
                        lambda layouts=r.layouts: [m.VehicleLayout(seats=s, wheelchairs=w) for s, w in layouts],
                        list(r.layouts),
                    )
                },
            )

    def _drivers(self, rows) -> None:
        existing = self._existing(m.Driver)
        operators, vehicles = self._by_ref(m.Operator), self._by_ref(m.FleetVehicle)
        for _, r in rows:
            self._put(
                "drivers",
                existing,
                m.Driver,
                r.driver_id,
                dict(
                    operator_id=operators[r.operator_id].id,
                    vehicle_id=vehicles[r.vehicle_id].id if r.vehicle_id else None,
                    first_name=r.first_name,
                    last_name=r.last_name,
                    phone=r.phone,
                    dbs_expiry=r.dbs_expiry,
                ),
            )

    def _assistants(self, rows) -> None:
        existing = self._existing(m.PassengerAssistant, m.PassengerAssistant.skills)
        vehicles = self._by_ref(m.FleetVehicle)
        for number, r in rows:
            lat, lon = self.coordinates[("assistants", number)]
            self._put(
                "assistants",
                existing,
                m.PassengerAssistant,
                r.assistant_id,
                dict(
                    employer=r.employer,
                    first_name=r.first_name,
                    last_name=r.last_name,
                    phone=r.phone,
                    dbs_expiry=r.dbs_expiry,
                    address=r.address,
                    postcode=r.postcode,
                    lat=lat,
                    lon=lon,
                    cost_per_run=r.cost_per_run,
                    vehicle_id=vehicles[r.vehicle_id].id if r.vehicle_id else None,
                ),
                {
                    "skills": (
                        lambda a: sorted((s.skill, s.expires) for s in a.skills),
                        lambda skills=r.skills: [m.AssistantSkill(skill=s, expires=e) for s, e in sorted(skills)],
                        sorted(r.skills),
                    )
                },
            )

    def _children(self, rows) -> None:
        existing = self._existing(m.Child)
        schools, officers = self._by_ref(m.School), self._by_ref(m.Officer)
        for number, r in rows:
            lat, lon = self.coordinates[("children", number)]
            boarding = self.settings.default_boarding_minutes if r.boarding_minutes is None else r.boarding_minutes
            self._put(
                "children",
                existing,
                m.Child,
                r.child_id,
                dict(
                    first_name=r.first_name,
                    last_name=r.last_name,
                    school_id=schools[r.school_id].id,
                    address=r.address,
                    postcode=r.postcode,
                    lat=lat,
                    lon=lon,
                    travel_days=r.travel_days,
                    wheelchair=r.wheelchair,
                    needs_pa=r.needs_pa or bool(r.pa_skills),
                    pa_skills=r.pa_skills,
                    travel_alone=r.travel_alone,
                    boarding_minutes=boarding,
                    max_journey_minutes=r.max_journey_minutes,
                    sibling_group=r.sibling_group,
                    care_notes=r.care_notes,
                    officer_id=officers[r.officer_id].id if r.officer_id else None,
                ),
            )

    def _avoid(self, rows) -> None:
        """Must-not-travel-with goes both ways, whichever row says it.

        A child's row in the file is the whole truth about them: pairs it no longer names are dropped
        from both children, and pairs it names are added to both.
        """
        children = {c.ref: c for c in self.db.scalars(select(m.Child).options(selectinload(m.Child.avoid)))}
        wanted: dict[str, set[str]] = defaultdict(set)
        for _, r in rows:
            for other in r.must_not_travel_with:
                wanted[r.child_id].add(other)
                wanted[other].add(r.child_id)
        in_file = {r.child_id for _, r in rows}
        touched = in_file | set(wanted) | {c.ref for c in children.values() if any(o.ref in in_file for o in c.avoid)}
        for ref in sorted(touched):
            child = children[ref]
            current = {o.ref for o in child.avoid}
            target = wanted[ref] if ref in in_file else {o for o in current if o not in in_file} | wanted[ref]
            if current != target:
                child.avoid = [children[o] for o in sorted(target)]
                if self.status.get(("children", ref), "unchanged") == "unchanged":
                    self.status[("children", ref)] = "updated"

    def _child_addresses(self, rows, child_rows) -> None:
        """When child_addresses is given, the other addresses of each child in it or in children
        are exactly its rows there; each row is matched on (child, weekday, session)."""
        children = {c.ref: c for c in self.db.scalars(select(m.Child).options(selectinload(m.Child.addresses)))}
        wanted: dict[str, dict[tuple[str, str], tuple]] = defaultdict(dict)
        for number, r in rows:
            lat, lon = self.coordinates[("child_addresses", number)]
            wanted[r.child_id][(r.weekday, r.session)] = (r.address, r.postcode, lat, lon)
        for ref in sorted(set(wanted) | {r.child_id for _, r in child_rows}):
            child = children[ref]
            current = {(a.weekday, a.session): a for a in child.addresses}
            for key, (address, postcode, lat, lon) in wanted[ref].items():
                values = dict(address=address, postcode=postcode, lat=lat, lon=lon)
                record = current.get(key)
                status = ("child_addresses", (ref, *key))
                if record is None:
                    child.addresses.append(m.ChildAddress(weekday=key[0], session=key[1], **values))
                    self.status[status] = "created"
                elif any(getattr(record, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(record, k, v)
                    self.status[status] = "updated"
                else:
                    self.status[status] = "unchanged"
            for key, record in current.items():
                if key not in wanted[ref]:
                    child.addresses.remove(record)
                    self.status[("child_addresses", (ref, *key))] = "removed"

    def _guardians(self, rows) -> None:
        existing = self._existing(m.Guardian, m.Guardian.children)
        children = self._by_ref(m.Child)
        for _, r in rows:
            self._put(
                "guardians",
                existing,
                m.Guardian,
                r.guardian_id,
                dict(
                    first_name=r.first_name,
                    last_name=r.last_name,
                    phone=r.phone,
                    sms_consent=r.sms_consent,
                    primary_contact=r.primary_contact,
                    share_contact=r.share_contact,
                ),
                {
                    "children": (
                        lambda g: sorted(c.ref for c in g.children),
                        lambda refs=r.children: [children[c] for c in sorted(set(refs))],
                        sorted(set(r.children)),
                    )
                },
            )

    def _spot_hire(self, rows) -> None:
        existing = self._existing(m.SpotHireRate)
        operators = self._by_ref(m.Operator)
        for number, r in rows:
            lat, lon = self.coordinates[("spot_hire", number)]
            self._put(
                "spot_hire",
                existing,
                m.SpotHireRate,
                r.rate_id,
                dict(
                    operator_id=operators[r.operator_id].id if r.operator_id else None,
                    area=r.area,
                    kind=r.kind,
                    seats=r.seats,
                    wheelchairs=r.wheelchair_spaces,
                    base_address=r.base_address,
                    base_postcode=r.base_postcode,
                    base_lat=lat,
                    base_lon=lon,
                    fixed_cost=r.fixed_cost,
                    cost_per_mile=r.cost_per_mile,
                    pa_cost_per_run=r.pa_cost_per_run,
                    pa_skills=r.pa_skills,
                    available_from=r.available_from,
                    available_to=r.available_to,
                ),
            )
