"""Siblings in the ruin-and-recreate search, measured (docs/benchmarks.md#siblings-in-the-search).

    python scripts/siblings_bench.py split SRC DST      a council whose sibling groups span two schools
    python scripts/siblings_bench.py dump OUT SECONDS   every first-pass part a plan would solve, pickled
    python scripts/siblings_bench.py compare SECONDS DIR...

`split`: a copy of the council's files with the second child of each sibling group at the nearest
other school of the same phase (the generator gives siblings two schools rarely). `dump`: with
DATABASE_URL set and the council imported, the parts `transport plan --seconds SECONDS` would
solve in its first pass (the second needs the first's answers), none solved. `compare`: each
part at full seconds whose sibling groups stay apart after combining (siblings.combine), solved
by guided local search (the fallback before) and by the search, side by side, with the search
compiled beforehand as `make demo` does.
"""

from __future__ import annotations

import csv
import importlib
import logging
import math
import pickle
import shutil
import sys
from concurrent.futures import Future
from pathlib import Path

from transport.optimizer import Reason, Solution, Unplaced, lns, solve, validate
from transport.optimizer.siblings import combine, untangle

engine = importlib.import_module("transport.optimizer.solve")


def split(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)
    schools = list(csv.DictReader(open(src / "schools.csv")))
    rows = list(csv.DictReader(open(src / "children.csv")))
    by_id = {s["school_id"]: s for s in schools}

    def km(a: dict, b: dict) -> float:
        return 111 * math.dist((float(a["lat"]), 0.61 * float(a["lon"])), (float(b["lat"]), 0.61 * float(b["lon"])))

    seen: dict[str, int] = {}
    for r in rows:
        if r["sibling_group"]:
            seen[r["sibling_group"]] = seen.get(r["sibling_group"], 0) + 1
            if seen[r["sibling_group"]] == 2:
                here = by_id[r["school_id"]]
                others = sorted((s for s in schools if s is not here), key=lambda s: (s["phase"] != here["phase"], km(s, here)))
                r["school_id"] = others[0]["school_id"]
    with open(dst / "children.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"{dst}: {sum(n >= 2 for n in seen.values())} sibling groups now span two schools")


def dump(out: Path, seconds: str) -> None:
    import transport.planning.parts as parts
    from transport.cli import app

    out.mkdir(parents=True, exist_ok=True)
    count = [0]

    def submit(self, problem, local, share=1.0, start=()):  # type: ignore[no-untyped-def]
        count[0] += 1
        stay = self.search.stay_cost if start else 0.0
        (out / f"part-{count[0]:03d}.pkl").write_bytes(pickle.dumps((problem, self.search.seconds * share, list(start), stay)))
        answer: Future[Solution] = Future()
        answer.set_result(Solution([], [Unplaced(j.id, (Reason("left_out", "not solved"),)) for j in problem.journeys]))
        return answer

    def stop(*args, **kwargs):  # type: ignore[no-untyped-def]
        print(f"dumped {count[0]} parts to {out}")
        raise SystemExit(0)

    parts._Solving.submit = submit  # type: ignore[method-assign]
    parts._leftover = stop
    app(["plan", "--starts-on", "2026-09-07", "--seconds", seconds, "--out", str(out / "out")], standalone_mode=False)


def _ride_minutes(s: Solution) -> float:
    total, on = 0.0, {}
    for r in s.runs:
        for st in r.stops:
            if st.kind == "pickup":
                on[st.journey] = st.start
            else:
                total += st.start - on[st.journey]
    return total / 60


def compare(seconds: float, dirs: list[str]) -> None:
    searched = lns.supports
    kept: list[bool] = []

    class Kept(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "ruin-and-recreate" in record.getMessage():
                kept.append("not kept" not in record.getMessage())

    log = logging.getLogger("transport.optimizer.solve")
    log.setLevel(logging.INFO)
    log.addHandler(Kept())
    lns.warm_up()
    total = {"gls": [0.0] * 4, "search": [0.0] * 4}
    for d in dirs:
        full = fell_back = 0
        for f in sorted(Path(d).glob("*.pkl")):
            problem, part_seconds, start, _ = pickle.loads(f.read_bytes())
            if part_seconds < engine.LNS_LEAST + 0.5 or start:
                continue  # a later day's quarter of the time: guided local search before and after
            full += 1
            if not any(j.group for j in combine(untangle(problem.journeys))[0]):
                continue
            fell_back += 1
            row = []
            for name in ("gls", "search"):
                lns.supports = searched if name == "search" else (lambda *a: False)  # type: ignore[assignment]
                s = solve(problem, seconds=seconds)
                lns.supports = searched
                assert validate(problem, s) == []
                got = [s.cost, len(problem.journeys) - len(s.unplaced), len(s.apart), _ride_minutes(s)]
                total[name] = [a + b for a, b in zip(total[name], got)]
                row.append(f"{name} £{got[0]:8.2f} placed {got[1]:3d} apart {got[2]:2d} ride {got[3]:5.0f} min")
            print(
                f"{Path(d).name} {f.name} n={len(problem.journeys)}: " + " | ".join(row),
                "kept" if kept[-1:] == [True] else "not kept",
            )
        print(f"{d}: {fell_back} of {full} parts at full time have siblings apart after combining (fell back before)")
    for name, (cost, placed, apart, ride) in total.items():
        print(f"all {name}: £{cost:.2f}, {placed:.0f} placed, {apart:.0f} apart, ride {ride / 60:.0f} h")
    print(f"the search's answer kept on {sum(kept)} of {len(kept)} parts")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "split":
        split(Path(args[0]), Path(args[1]))
    elif command == "dump":
        dump(Path(args[0]), args[1])
    else:
        compare(float(args[0]), args[1:])
