"""Alembic migrations for the service's tables (script location `api:migrations`)."""
