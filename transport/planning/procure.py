"""What to procure: a week's spot-hired runs said plainly, as a planner books them ("2 wheelchair
vehicles with a PA trained in wheelchair restraint, Ipswich, 08:10 to 09:00, Mon to Fri
mornings, about £180 a day"), with who rides on them and why the council's own fleet could not."""

from __future__ import annotations

from collections import defaultdict

from transport import models as m
from transport.models import WEEKDAYS
from transport.optimizer import Run
from transport.planning.plan import SessionPlan
from transport.planning.spot import SpotRate, rate_of

KIND_WORDS = {"car": "taxi", "mpv": "people carrier", "wav": "wheelchair vehicle", "minibus": "minibus"}
ROUND_MINUTES = 5
"""Hires of the same kind whose times differ by less than this from day to day are one booking."""


def details(reasons: tuple) -> list[dict]:
    """Reasons as the API and the stored plan carry them: code, text and figures."""
    return [{"code": r.code, "text": r.text, "data": r.data} for r in reasons]


def pa_needed(sp: SessionPlan, run: Run) -> list[str] | None:
    """The skills the agency PA on a hired run must hold (None: no PA on it)."""
    if run.assistant is None or sp.spot is None:
        return None
    journeys = {j.id: j for j in sp.spot.problem.journeys}
    return sorted({s for jid in run.journeys for s in journeys[jid].skills})


def spot_hire(session_plans: list[SessionPlan], children: dict[str, m.Child], rates: dict[str, SpotRate]) -> dict:
    bookings: dict[tuple, dict[str, list[Run]]] = defaultdict(lambda: defaultdict(list))
    riders: dict[str, dict] = {}
    journeys = cost = 0.0
    runs = 0
    for sp in session_plans:
        if sp.spot is None:
            continue
        label = f"{sp.weekday} {sp.session}"
        for r in sp.spot.solution.runs:
            rate = rates[rate_of(r.vehicle) or ""]
            skills = pa_needed(sp, r)
            first, last = r.stops[0].start, r.stops[-1].start
            key = (sp.session, rate.id, None if skills is None else tuple(skills), _rounded(first), _rounded(last))
            bookings[key][sp.weekday].append(r)
            runs += 1
            cost += r.cost
            journeys += len(r.journeys)
        for jid, reasons in sp.spot_reasons.items():
            child = children[jid]
            entry = riders.setdefault(
                jid,
                {
                    "child": jid,
                    "name": f"{child.first_name} {child.last_name}",
                    "school": child.school.name,
                    "sessions": [],
                    "reasons": [],
                    "details": [],
                },
            )
            entry["sessions"].append(label)
            for d in details(reasons):
                if d["text"] not in entry["reasons"]:
                    entry["reasons"].append(d["text"])
                    entry["details"].append(d)
    procure = [_booking(key, days, rates[key[1]]) for key, days in bookings.items()]
    procure.sort(key=lambda b: (b["session"], b["from"], b["area"], b["kind"]))
    return {
        "journeys": int(journeys),
        "runs": runs,
        "cost_per_week": round(cost, 2),
        "cost_per_journey": round(cost / journeys, 2) if journeys else 0.0,
        "procure": procure,
        "children": sorted(riders.values(), key=lambda c: c["child"]),
    }


def _booking(key: tuple, days: dict[str, list[Run]], rate: SpotRate) -> dict:
    session, _, skills, start, end = key
    count = max(len(runs) for runs in days.values())
    per_day = sum(r.cost for runs in days.values() for r in runs) / len(days)
    weekdays = sorted(days, key=WEEKDAYS.index)
    kind = KIND_WORDS.get(rate.kind, rate.kind) + ("s" if count > 1 else "")
    crew = ""
    if skills is not None:
        trained = " and ".join(s.replace("_", " ") for s in skills)
        crew = f" with {'a PA' if count == 1 else 'PAs'}" + (f" trained in {trained}" if trained else "")
    when = f"{_hhmm(start)} to {_hhmm(end)}"
    text = (
        f"{count} {kind}{crew}, {rate.area}, {when}, {_days(weekdays)} {'morning' if session == 'AM' else 'afternoon'}"
        f"{'s' if len(weekdays) > 1 else ''}, about £{per_day:,.0f} a day"
    )
    return {
        "text": text,
        "count": count,
        "kind": rate.kind,
        "rate": rate.id,
        "operator": rate.operator,
        "area": rate.area,
        "pa_skills": None if skills is None else list(skills),
        "session": session,
        "from": _hhmm(start),
        "to": _hhmm(end),
        "days": weekdays,
        "cost_per_day": round(per_day, 2),
    }


def _rounded(t: float) -> int:
    step = ROUND_MINUTES * 60
    return int(round(t / step) * step)


def _hhmm(t: float) -> str:
    minutes = int(round(t / 60))
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _days(weekdays: list[str]) -> str:
    names = [d.title() for d in weekdays]
    if len(weekdays) > 2 and [WEEKDAYS.index(d) for d in weekdays] == list(
        range(WEEKDAYS.index(weekdays[0]), WEEKDAYS.index(weekdays[-1]) + 1)
    ):
        return f"{names[0]} to {names[-1]}"
    return ", ".join(names)
