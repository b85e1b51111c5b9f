"""The optimiser on its own: a JSON problem in, a checked JSON solution out, bad input refused."""

from __future__ import annotations

import json
import random
import subprocess
import sys

from tests.optimizer.builders import random_problem
from transport.optimizer import validate
from transport.optimizer.jsonio import PROBLEM, SOLUTION, read_problem, write_problem


def transport(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "transport.cli", *args], capture_output=True, text=True, timeout=120)


def test_problem_round_trips_through_json(tmp_path):
    p = random_problem(random.Random(5))
    write_problem(p, tmp_path / "p.json")
    assert read_problem(tmp_path / "p.json") == p


def test_optimise_command_writes_a_valid_solution(tmp_path):
    p = random_problem(random.Random(8))
    write_problem(p, tmp_path / "p.json")
    result = transport("optimise", str(tmp_path / "p.json"), "--seconds", "0.5", "--out", str(tmp_path / "s.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((tmp_path / "s.json").read_text())
    solution = SOLUTION.validate_python({k: data[k] for k in ("runs", "unplaced", "status", "seconds")})
    assert validate(p, solution) == []
    assert set(data["ride_times"]) == {j for r in solution.runs for j in r.journeys}


def test_a_bad_problem_is_refused_with_its_reasons(tmp_path):
    data = PROBLEM.dump_python(random_problem(random.Random(5)), mode="json")
    data["journeys"][0]["pickup"] = 999
    data["journeys"][0]["avoid"] = ["nobody"]
    data["durations"] = data["durations"][:-1]
    (tmp_path / "bad.json").write_text(json.dumps(data))
    result = transport("optimise", str(tmp_path / "bad.json"), "--out", str(tmp_path / "s.json"))
    assert result.returncode == 2
    assert "durations: must be a square matrix" in result.stdout
    assert "place 999 is not in the matrix" in result.stdout
    assert "avoids unknown journey 'nobody'" in result.stdout
    assert not (tmp_path / "s.json").exists()
