"""Batch re-audit of historic cases: `deplan audit` and `POST /v1/audits`.

`inputs` streams records from JSON Lines files and folders; `runner` hands them to worker
processes, where `evaluator` assesses each on its facts as at its own decision date (by the
rules then, or those in force on one `rules_on` day); `outputs` keeps the output folder safe
to re-run and never half-written; `summary` and `figures` aggregate counters (never
per-case state), with the nested counts of `report_config` (`report.yaml` beside the
catalogue); `report` shapes the summary for the `web` package's templates; `compare` is the
impact analysis between two rule sets.
"""
