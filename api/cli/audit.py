"""`deplan audit`: re-audit historic cases in bulk and write findings, a summary and a report.

The audit runner, structlog and Rich's progress bar are imported when the command runs, so
that registering it costs the other commands (`deplan check`) nothing at start-up.
"""

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.console import overlay_or_setting, report_rule_problems
from api.cli.exit_codes import ExitCode
from api.cli.options import RulesOption
from api.cli.progress import Throttle, log_lines, percent, with_progress_bar
from engine import RuleLoadError

if TYPE_CHECKING:
    from engine.audit.overrides import ChairOverrides
    from engine.audit.runner import AuditRequest, AuditResult

"""The audit started but could not complete (sysexits EX_SOFTWARE)."""


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="JSON Lines files (one case per line), .json case files, or folders of them.",
            show_default=False,
            metavar="INPUT...",
        ),
    ],
    rules: RulesOption = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")] = Path("audit-out"),
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes [default: CPU cores]."),
    ] = None,
    compare_rules: Annotated[
        Path | None,
        typer.Option(
            "--compare-rules",
            help="Overlay folder of the OLD rules: also report which verdicts and findings "
            "change between them and --rules (impact analysis before a policy change).",
        ),
    ] = None,
    rules_on: Annotated[
        dt.datetime | None,
        typer.Option(
            "--rules-on",
            formats=["%Y-%m-%d"],
            metavar="DATE",
            help="Judge every case by the rules and thresholds in force on DATE, on the facts "
            "as at its own decision date (the paper's method) [default: each case's decision "
            "date].",
            show_default=False,
        ),
    ] = None,
    chair_overrides: Annotated[
        str | None,
        typer.Option(
            "--chair-overrides",
            metavar="ORGANISATION",
            help="Count the findings conference chairs overruled in the decisions recorded "
            "for ORGANISATION's cases in the service database (DEPLAN_DATABASE_URL, or the "
            "embedded one) and show them per rule in the summary and report.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the outputs of an earlier audit in --out."),
    ] = False,
    figures: Annotated[
        bool,
        typer.Option(
            "--figures/--no-figures",
            help="Print the paper's figures (families, returns, toxic trio, nested counts).",
        ),
    ] = True,
) -> None:
    """Re-audit historic cases, each as at its own decision date.

    Writes assessments.jsonl, findings.csv, rejected.jsonl, summary.json and report.html to --out
    (with --compare-rules also changes.jsonl and compare.json).

    Exit code 0 when the audit completes, even with rejected records; 3 for unusable inputs,
    4 for rules that do not load, 64 for an --out folder that is not empty (without --force),
    70 if the audit could not complete.
    """
    from engine.audit.inputs import InputError
    from engine.audit.outputs import OutputFolderError
    from engine.audit.report_config import ReportConfigError
    from engine.audit.runner import AuditError, AuditRequest, default_workers

    request = AuditRequest(
        inputs=inputs,
        out=out,
        rules=overlay_or_setting(rules),
        compare_rules=compare_rules,
        workers=workers or default_workers(),
        rules_on=rules_on.date() if rules_on else None,
        chair_overrides=_count_overrides(chair_overrides) if chair_overrides else None,
        force=force,
    )
    try:
        run = _with_progress_bar if sys.stderr.isatty() else _with_log_lines
        result = run(request)
    except InputError as error:
        typer.echo(f"deplan audit: {error}", err=True)
        raise typer.Exit(ExitCode.INVALID_INPUT) from None
    except RuleLoadError as error:
        report_rule_problems(error)
        raise typer.Exit(ExitCode.RULES_INVALID) from None
    except ReportConfigError as error:
        typer.echo(f"deplan audit: {error}", err=True)
        raise typer.Exit(ExitCode.RULES_INVALID) from None
    except OutputFolderError as error:
        typer.echo(f"deplan audit: {error}", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    except AuditError as error:
        typer.echo(f"deplan audit: {error}", err=True)
        raise typer.Exit(ExitCode.INTERNAL_ERROR) from None
    if figures:
        from engine.audit.figures_text import figures_text

        typer.echo(figures_text(result.summary))
    typer.echo(result.line())
    engine_failures = result.summary["counts"]["rejected_by_stage"].get("assess", 0)
    if engine_failures:
        typer.echo(
            f"deplan audit: warning: the rules engine failed on {engine_failures} valid "
            "record(s) (stage 'assess' in rejected.jsonl); please report it",
            err=True,
        )
    if result.compare is not None:
        typer.echo(
            f"compared with {compare_rules}: {result.compare['cases_changed']} of "
            f"{result.compare['cases']} cases change, {result.compare['verdict_changes']} "
            "in verdict (changes.jsonl)"
        )


def _count_overrides(organisation: str) -> "ChairOverrides":
    from sqlmodel import Session

    from api.cli._database import load_settings, open_database
    from api.persistence.decisions import override_counts

    db_engine = open_database(load_settings())
    try:
        with Session(db_engine) as session:
            return override_counts(session, organisation)
    finally:
        db_engine.dispose()


def _with_progress_bar(request: "AuditRequest") -> "AuditResult":
    from engine.audit.runner import AuditProgress, run_audit

    def counts(state: AuditProgress) -> str:
        return f"{state.assessed} assessed, {state.rejected} rejected"

    return with_progress_bar(
        "auditing",
        "starting workers…",
        lambda update: run_audit(request, on_progress=update),
        counts,
    )


def _with_log_lines(request: "AuditRequest") -> "AuditResult":
    from engine.audit.runner import AuditProgress, run_audit

    log = log_lines()
    log.info("audit started", inputs=len(request.inputs), out=str(request.out))
    throttle = Throttle()

    def update(state: AuditProgress) -> None:
        if not throttle.due():
            return
        log.info(
            "audit progress",
            percent=percent(state.bytes_done, state.total_bytes),
            read=state.read,
            assessed=state.assessed,
            rejected=state.rejected,
        )

    result = run_audit(request, on_progress=update)
    log.info(
        "audit finished",
        read=result.read,
        assessed=result.assessed,
        rejected=result.rejected,
    )
    return result
