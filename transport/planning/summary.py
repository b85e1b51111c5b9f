"""The figures a planner reads: who is placed, what it costs, how long children ride, and the saving."""

from __future__ import annotations

from statistics import mean

from transport import models as m
from transport.optimizer.continuity import continuity
from transport.planning.baseline import solo_trip
from transport.planning.plan import SessionPlan
from transport.planning.procure import details, spot_hire
from transport.planning.rides import Ride, distribution, rides_in
from transport.planning.spot import SpotRate

MILE_M = 1609.344


def _minutes(seconds: float) -> float:
    return round(seconds / 60.0, 1)


def summarise(
    session_plans: list[SessionPlan],
    children: dict[str, m.Child],
    previous: int | None = None,
    rates: dict[str, SpotRate] | None = None,
    ride_from: str = "departure",
) -> dict:
    """`ride_from`: the instant a ride is counted from (the RIDE_FROM setting)."""
    rides: list[Ride] = []
    spot_rides: list[Ride] = []
    solo_rides: list[float] = []
    cost = miles = solo_cost = solo_miles = 0.0
    runs = 0
    vehicles: set[str] = set()
    peak = 0
    solo_peak = 0
    unplaced: dict[str, dict] = {}
    sessions = []
    for sp in session_plans:
        label = f"{sp.weekday} {sp.session}"
        s_runs = [r for part in sp.parts for r in part.solution.runs]
        s_cost = sum(r.cost for r in s_runs)
        s_miles = sum(r.distance for r in s_runs) / MILE_M
        s_rides = []
        s_journeys = 0
        for part in sp.parts:
            here = rides_in(part, label, ride_from)
            rides += here
            s_rides += [r.ride for r in here]
            s_journeys += len(here)
            direct = {r.journey: r.direct for r in here}
            for j in part.problem.journeys:
                if j.id in direct:
                    trip = solo_trip(part.problem, j)
                    if trip:
                        solo_cost += trip.cost
                        solo_miles += trip.distance / MILE_M
                        solo_rides.append(direct[j.id])
        if sp.spot is not None:
            spot_rides += rides_in(sp.spot, label, ride_from)
        for u in sp.unplaced:
            child = children[u.journey]
            entry = unplaced.setdefault(
                u.journey,
                {
                    "child": u.journey,
                    "name": f"{child.first_name} {child.last_name}",
                    "school": child.school.name,
                    "sessions": [],
                    "reasons": [],
                    "details": [],
                },
            )
            entry["sessions"].append(label)
            for d in details(u.reasons):
                if d["text"] not in entry["reasons"]:
                    entry["reasons"].append(d["text"])
                    entry["details"].append(d)
        cost += s_cost
        miles += s_miles
        runs += len(s_runs)
        vehicles.update(r.vehicle for r in s_runs)
        peak = max(peak, len({r.vehicle for r in s_runs}))
        solo_peak = max(solo_peak, s_journeys)
        sessions.append(
            {
                "session": label,
                "children": s_journeys,
                "runs": len(s_runs),
                "cost": round(s_cost, 2),
                "miles": round(s_miles, 1),
                "longest_ride_minutes": _minutes(max(s_rides)) if s_rides else 0.0,
            }
        )
    demanded = {j.id for sp in session_plans for part in sp.solved for j in part.problem.journeys}
    worst = max(rides, key=lambda r: r.ride / r.limit) if rides else None
    longest = max(rides, key=lambda r: (r.ride, r.limit)) if rides else None
    spot = spot_hire(session_plans, children, rates or {})
    not_covered = sum(len(u["sessions"]) for u in unplaced.values())
    return {
        "children": len(demanded),
        "children_placed_every_session": len(demanded) - len(unplaced),
        "journeys_per_week": len(rides) + spot["journeys"] + not_covered,
        "journeys_placed": len(rides),
        "journeys_spot_hired": spot["journeys"],
        "journeys_not_covered": not_covered,
        "cost_per_journey": round(cost / len(rides), 2) if rides else 0.0,
        "spot_hire": spot,
        "unplaced": sorted(unplaced.values(), key=lambda u: u["child"]),
        "siblings_apart": _apart(session_plans),
        "vehicles_used": len(vehicles),
        "vehicles_peak_session": peak,
        "runs_per_week": runs,
        "cost_per_week": round(cost, 2),
        "miles_per_week": round(miles, 1),
        "journey_times": {
            "longest_minutes": _minutes(longest.ride) if longest else 0.0,
            "longest_limit_minutes": _minutes(longest.limit) if longest else 0.0,
            "longest_child": longest.journey if longest else None,
            "mean_minutes": _minutes(mean(r.ride for r in rides)) if rides else 0.0,
            "within_limit": sum(r.ride <= r.limit + 1e-6 for r in rides),
            "closest_to_limit_percent": round(100 * worst.ride / worst.limit, 1) if worst else 0.0,
        },
        "ride_distribution": distribution(rides + spot_rides, ride_from, len(spot_rides)),
        "one_vehicle_per_child": {
            "cost_per_week": round(solo_cost, 2),
            "miles_per_week": round(solo_miles, 1),
            "vehicles_peak_session": solo_peak,
            "mean_minutes": _minutes(mean(solo_rides)) if solo_rides else 0.0,
            "longest_minutes": _minutes(max(solo_rides)) if solo_rides else 0.0,
        },
        "saving_per_week": round(solo_cost - cost, 2),
        "saving_percent": round(100 * (solo_cost - cost) / solo_cost, 1) if solo_cost else 0.0,
        "sessions": sessions,
        "same_every_day": _steadiness(session_plans),
        "continuity": _continuity(session_plans, children, previous),
    }


def _apart(session_plans: list[SessionPlan]) -> list[dict]:
    """Children placed, but not on their siblings' run, with why (no run could take them all)."""
    out: dict[str, dict] = {}
    for sp in session_plans:
        for part in sp.parts:
            for a in part.solution.apart:
                entry = out.setdefault(a.journey, {"child": a.journey, "sessions": [], "reasons": []})
                entry["sessions"].append(f"{sp.weekday} {sp.session}")
                entry["reasons"] += [r.text for r in a.reasons if r.text not in entry["reasons"]]
    return sorted(out.values(), key=lambda e: e["child"])


STEADY_MINUTES = 5
"""A child's time at home counts as the same each day when it varies by no more than this."""


def _steadiness(session_plans: list[SessionPlan]) -> dict:
    """Of the children placed on two days or more in a session, how many have the same vehicle
    and PA every day, and the same time at home (pickup in the morning, set-down in the
    afternoon) within a few minutes: families and crews plan around both."""
    seen: dict[tuple[str, str], list[tuple[str, str | None, float]]] = {}
    for sp in session_plans:
        home = "pickup" if sp.session == "AM" else "dropoff"
        for part in sp.parts:
            for r in part.solution.runs:
                for stop in r.stops:
                    if stop.kind == home:
                        seen.setdefault((stop.journey, sp.session), []).append((r.vehicle, r.assistant, stop.start))
    several = [days for days in seen.values() if len(days) > 1]
    same_crew = sum(len({(v, a) for v, a, _ in days}) == 1 for days in several)
    same_time = sum(max(t for *_, t in days) - min(t for *_, t in days) <= STEADY_MINUTES * 60 for days in several)
    return {
        "children_sessions": len(several),
        "same_crew": same_crew,
        "same_time": same_time,
        "within_minutes": STEADY_MINUTES,
    }


def _continuity(session_plans: list[SessionPlan], children: dict[str, m.Child], previous: int | None) -> dict | None:
    """Against the previous plan: how many children kept their vehicle and PA, and who did not."""
    if previous is None:
        return None
    kept = 0
    changed: list[dict] = []
    for sp in session_plans:
        runs = [r for part in sp.parts for r in part.solution.runs]
        journeys = {j.id: j for part in sp.parts for j in part.problem.journeys}
        now = {s.journey: (r.vehicle, r.assistant) for r in runs for s in r.stops}
        outcome = continuity(journeys.values(), runs)
        kept += len(outcome.kept)
        for jid in outcome.changed:
            j, child = journeys[jid], children[jid]
            vehicle, assistant = now.get(jid, (None, None))
            changed.append(
                {
                    "child": jid,
                    "name": f"{child.first_name} {child.last_name}",
                    "session": f"{sp.weekday} {sp.session}",
                    "vehicle_before": j.previous_vehicle,
                    "pa_before": j.previous_assistant,
                    "vehicle_now": vehicle,
                    "pa_now": assistant,
                }
            )
    return {
        "previous_plan": previous,
        "journeys_compared": kept + len(changed),
        "journeys_kept": kept,
        "journeys_changed": len(changed),
        "children_changed": len({c["child"] for c in changed}),
        "changes": changed,
    }
