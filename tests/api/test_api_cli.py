"""`deplan db`, `deplan keys` and `deplan serve`'s start-up checks, against real databases."""

import json
import re
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli import app
from api.cli.exit_codes import ExitCode
from api.persistence import migrate
from api.persistence.db import make_engine
from api.persistence.keys import authenticate
from api.settings import Settings
from tests.api.databases import PG_ENV, pg_schema, postgresql_base_url

runner = CliRunner()


def _env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"DEPLAN_DATABASE_URL": database_url, "DEPLAN_DATA_DIR": str(tmp_path / "data")}


def test_db_current_and_upgrade(database_url: str, tmp_path: Path) -> None:
    env = _env(database_url, tmp_path)
    before = runner.invoke(app, ["db", "current"], env=env)
    assert before.exit_code == ExitCode.STORE_ERROR
    assert "current:  empty" in before.stdout
    assert "deplan db upgrade" in before.stderr

    upgraded = runner.invoke(app, ["db", "upgrade"], env=env)
    assert upgraded.exit_code == 0, upgraded.output
    assert f"empty -> {', '.join(migrate.head_revisions())}" in upgraded.stdout

    after = runner.invoke(app, ["db", "current"], env=env)
    assert after.exit_code == 0


def test_keys_create_list_revoke(database_url: str, tmp_path: Path, settings: Settings) -> None:
    env = _env(database_url, tmp_path)
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0

    created = runner.invoke(
        app, ["keys", "create", "--name", "case-system", "--scope", "assess,read"], env=env
    )
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    assert re.fullmatch(r"deplan_[0-9a-f]{16}_[A-Za-z0-9_-]{43}", key)
    assert "shown once" in created.stderr
    assert key not in created.stderr

    listed = runner.invoke(app, ["keys", "list", "--json"], env=env)
    assert listed.exit_code == 0
    [entry] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert entry["name"] == "case-system"
    assert entry["scopes"] == ["assess", "read"]
    assert entry["revoked_at"] is None
    assert key not in listed.stdout
    assert runner.invoke(app, ["keys", "list"], env=env).exit_code == 0

    db_engine = make_engine(settings)
    try:
        with Session(db_engine) as session:
            client = authenticate(session, key)
            assert client is not None
            assert client.name == "case-system"
        revoked = runner.invoke(app, ["keys", "revoke", "case-system"], env=env)
        assert revoked.exit_code == 0
        with Session(db_engine) as session:
            assert authenticate(session, key) is None
    finally:
        db_engine.dispose()


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["--name", "dup", "--scope", "read"], ExitCode.INVALID_INPUT, "already exists"),
        (["--name", "x", "--scope", "superuser"], ExitCode.USAGE, "unknown scope"),
        (["--name", "Jane Smith", "--scope", "read"], ExitCode.INVALID_INPUT, "name the system"),
    ],
)
def test_keys_create_refuses(
    database_url: str, tmp_path: Path, args: list[str], exit_code: int, message: str
) -> None:
    env = _env(database_url, tmp_path)
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    runner.invoke(app, ["keys", "create", "--name", "dup", "--scope", "read"], env=env)
    result = runner.invoke(app, ["keys", "create", *args], env=env)
    assert result.exit_code == exit_code
    assert message in result.stderr


def test_revoking_an_unknown_key(database_url: str, tmp_path: Path) -> None:
    env = _env(database_url, tmp_path)
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    result = runner.invoke(app, ["keys", "revoke", "nobody"], env=env)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "no key" in result.stderr


def test_embedded_database_is_created_on_first_use(tmp_path: Path) -> None:
    env = {"DEPLAN_DATA_DIR": str(tmp_path / "data")}
    result = runner.invoke(app, ["keys", "create", "--name", "first", "--scope", "read"], env=env)
    assert result.exit_code == 0, result.output
    assert "Embedded database ready" in result.stderr
    assert (tmp_path / "data" / "deplan.sqlite3").is_file()


@pytest.mark.skipif(postgresql_base_url() is None, reason=f"needs PostgreSQL ({PG_ENV})")
def test_a_server_database_is_never_migrated_implicitly(tmp_path: Path) -> None:
    base = postgresql_base_url()
    assert base is not None
    with pg_schema(base) as database_url:
        _refuses_until_upgraded(database_url, tmp_path)


def _refuses_until_upgraded(database_url: str, tmp_path: Path) -> None:
    env = _env(database_url, tmp_path)
    settings = Settings.from_env(env)
    for command in (
        ["keys", "create", "--name", "x", "--scope", "read"],
        ["keys", "list"],
        ["serve", "--port", "1"],
    ):
        result = runner.invoke(app, command, env=env)
        assert result.exit_code == ExitCode.STORE_ERROR, command
        assert "run `deplan db upgrade` first" in result.stderr
    db_engine = make_engine(settings)
    try:
        assert migrate.schema_state(db_engine).empty
    finally:
        db_engine.dispose()


def test_bad_settings_are_reported(tmp_path: Path) -> None:
    env = {"DEPLAN_DATA_DIR": str(tmp_path), "DEPLAN_STORE_CASES": "perhaps"}
    result = runner.invoke(app, ["keys", "list"], env=env)
    assert result.exit_code == ExitCode.SETTINGS_INVALID
    assert "DEPLAN_STORE_CASES must be true or false" in result.stderr
    env = {"DEPLAN_DATABASE_URL": "mysql://db/x"}
    result = runner.invoke(app, ["db", "current"], env=env)
    assert result.exit_code == ExitCode.SETTINGS_INVALID
    assert "sqlite:// or postgresql://" in result.stderr
