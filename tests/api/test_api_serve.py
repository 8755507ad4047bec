"""As a new user would: `deplan serve` (real uvicorn), a key from the CLI, the README's curl
session; then a restart (with two workers) and the record is still there."""

import json
import re
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.serving import DEPLAN, REPO, ServeProcess

SECTION = (REPO / "README.md").read_text().split("## HTTP API", 1)[1].split("\n## ", 1)[0]
CREATE_AND_POST, READ_BACK = re.findall(r"```sh\n(.*?)```", SECTION, flags=re.DOTALL)
CASE_CONTENT = ["P-0173-1a", "domestic_abuse", "harm_history", "SW-114"]


class Server(ServeProcess):
    """The default configuration: the embedded database in `data_dir`, the base rules."""

    def __init__(self, data_dir: Path, logs: Path) -> None:
        super().__init__(data_dir, logs)
        for name in ("DEPLAN_DATABASE_URL", "DEPLAN_RULES", "DEPLAN_STORE_CASES"):
            self.env.pop(name, None)

    def shell(self, script: str, **env: str) -> str:
        script = script.replace("uv run deplan", DEPLAN).replace(
            "127.0.0.1:8000", f"127.0.0.1:{self.port}"
        )
        completed = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=REPO,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        return completed.stdout


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "data", tmp_path / "server.log")
    try:
        yield running
    finally:
        running.stop()


def test_readme_session_then_restart(server: Server, tmp_path: Path) -> None:
    server.start()
    key_file = tmp_path / "key"
    created = server.shell(f'{CREATE_AND_POST}\nprintf %s "$KEY" > {key_file}')
    status, headers, body = _http(created)
    assert status == 201
    record = json.loads(body)
    assert headers["location"] == f"/v1/assessments/{record['id']}"
    assert record["assessment"]["findings"]
    key, assessment_id = key_file.read_text(), record["id"]

    outputs = [
        server.shell(command, KEY=key, ID=assessment_id)
        for command in _commands(READ_BACK)
        if not command.startswith("ID=")
    ]
    assert json.loads(outputs[0]) == record
    history = json.loads(outputs[1])
    assert [item["id"] for item in history["items"]] == [assessment_id]
    assert json.loads(outputs[2])["as_of"] == "2024-06-01"
    status, headers, body = _http(outputs[3])
    assert status == 401
    assert headers["content-type"] == "application/problem+json"

    data_dir = tmp_path / "data"
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for made in data_dir.iterdir():  # the database, its WAL: owner-only
        assert stat.S_IMODE(made.stat().st_mode) & 0o077 == 0, made.name

    server.stop()
    server.start("--workers", "2")
    again = httpx.get(
        f"{server.url}/v1/assessments/{assessment_id}",
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    assert again.status_code == 200
    assert again.json() == record
    server.stop()

    logs = server.logs.read_text()
    requests = [json.loads(line) for line in logs.splitlines() if '"event": "request"' in line]
    assert {entry["status"] for entry in requests} >= {200, 201, 401}
    assert all(entry["client"] in (None, "case-system") for entry in requests)
    for content in CASE_CONTENT:
        assert content not in logs, content


def _commands(block: str) -> list[str]:
    joined = block.replace("\\\n", " ")
    return [line.split("   #")[0].strip() for line in joined.splitlines() if line.strip()]


def _http(output: str) -> tuple[int, dict[str, str], str]:
    head, _, body = output.replace("\r\n", "\n").partition("\n\n")
    status_line, *header_lines = head.splitlines()
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def test_accepted_connections_have_nagle_off_and_a_taken_port_is_a_clear_error() -> None:
    import socket

    import typer

    from api.cli.serve import listening_socket

    listener = listening_socket("127.0.0.1", 0)
    try:
        listener.listen()
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            client.close()
        with pytest.raises(typer.BadParameter, match=f"cannot listen on 127.0.0.1:{port}"):
            listening_socket("127.0.0.1", port)
    finally:
        listener.close()
