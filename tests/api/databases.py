"""Test databases: PostgreSQL when DEPLAN_TEST_DATABASE_URL is set, in throwaway schemas."""

import os
import uuid

from sqlalchemy import Engine, create_engine, make_url, text

from api.settings import normalise_database_url

PG_ENV = "DEPLAN_TEST_DATABASE_URL"


def postgresql_base_url() -> str | None:
    raw = os.environ.get(PG_ENV)
    return normalise_database_url(raw) if raw else None


class pg_schema:  # noqa: N801 - used as a context manager
    """A throwaway schema; the URL makes it the connection's search_path."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.name = f"deplan_test_{uuid.uuid4().hex[:12]}"
        self.admin: Engine | None = None

    def __enter__(self) -> str:
        self.admin = create_engine(self.base)
        with self.admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.name}"'))
        url = make_url(self.base).update_query_dict({"options": f"-csearch_path={self.name}"})
        return url.render_as_string(hide_password=False)

    def __exit__(self, *_exc: object) -> None:
        assert self.admin is not None
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.name}" CASCADE'))
        self.admin.dispose()
