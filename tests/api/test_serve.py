"""`transport users add` and `transport serve`, as a council would run them."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from transport.travel.local_valhalla import free_port


def test_serve_answers_with_the_token_users_add_printed(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'council.sqlite'}", "JOB_BROKER_URL": ""}
    made = subprocess.run(
        [sys.executable, "-m", "transport.cli", "users", "add", "--role", "planner", "--name", "Pat Planner"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    refused = subprocess.run(
        [sys.executable, "-m", "transport.cli", "users", "add", "--role", "parent", "--link", "G404", "--name", "Nobody"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "G404" in refused.stdout
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "transport.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        me = httpx.get(f"{url}/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json()["role"] == "planner"
        assert httpx.get(f"{url}/children").status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)
