"""`transport users list|add|disable|enable|reissue` as a council runs them, and what the API then
lets in: a disabled account's bearer token is refused at once, a re-issued one's old token too."""

from __future__ import annotations

import os
import subprocess
import sys

from fastapi.testclient import TestClient

from api.main import create_app
from transport.db import make_engine, session_factory
from transport.settings import Settings


def _users(database: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database, "COLUMNS": "200", "JOB_BROKER_URL": ""}
    return subprocess.run(
        [sys.executable, "-m", "transport.cli", "users", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_planner_account_listed_disabled_enabled_and_reissued(tmp_path):
    database = f"sqlite:///{tmp_path / 'council.sqlite'}"
    made = _users(database, "add", "--role", "planner", "--name", "Pat Planner")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    engine = make_engine(database)
    settings = Settings(database_url=database, sms_dispatch_in_service=False, sign_in_attempts=100)
    app = create_app(settings, session_factory(engine))

    def api(key: str) -> int:
        return client.get("/messages", headers={"Authorization": f"Bearer {key}"}).status_code

    with TestClient(app) as client:
        assert api(token) == 200
        listed = _users(database, "list")
        assert listed.returncode == 0, listed.stderr
        (row,) = [line for line in listed.stdout.splitlines() if "Pat Planner" in line]
        assert "planner" in row and "never" in row and "disabled" not in row
        user_id = row.split()[1] if row.split()[0] in "│|┃" else row.split()[0]

        assert _users(database, "disable", user_id).returncode == 0
        assert api(token) == 401  # refused at once, by every process (the accounts' count moved)
        assert "disabled" in [line for line in _users(database, "list").stdout.splitlines() if "Pat Planner" in line][0]

        assert _users(database, "enable", user_id).returncode == 0
        assert api(token) == 200

        reissued = _users(database, "reissue", user_id)
        assert reissued.returncode == 0, reissued.stderr
        new = reissued.stdout.strip().splitlines()[-1]
        assert new != token and api(token) == 401 and api(new) == 200

        missing = _users(database, "disable", "999")
        assert missing.returncode == 2 and "no account 999" in missing.stdout
    engine.dispose()
