"""Batch re-audit of historic cases: `deplan audit` and `POST /v1/audits`.

`inputs` streams records from JSON Lines files and folders; `runner` evaluates them in
worker processes (each case as at its own decision date) and writes the per-case outputs;
`summary` aggregates counters (never per-case state); `report` renders the HTML report;
`compare` is the impact analysis between two rule sets.
"""
