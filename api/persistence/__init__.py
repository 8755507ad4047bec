"""Persistence: the database engine and sessions, migrations, API keys, stored assessments,
audit jobs, idempotency records and retention."""
