"""`deplan audit`: re-audit historic cases in bulk and write findings, a summary and a report."""

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import structlog
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from engine.audit.inputs import InputError
from engine.audit.runner import (
    AuditError,
    AuditProgress,
    AuditRequest,
    AuditResult,
    default_workers,
    run_audit,
)

EXIT_INPUT = 2
EXIT_RULES = 3
EXIT_FAILED = 1
_LOG_EVERY_SECONDS = 5.0


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="JSON Lines files (one case per line), .json case files, or folders of them.",
            show_default=False,
        ),
    ],
    rules: Annotated[
        Path | None,
        typer.Option("--rules", help="Overlay folder of local rules (default: DEPLAN_RULES)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")] = Path("audit-out"),
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes (default: CPU cores).")
    ] = 0,
    compare_rules: Annotated[
        Path | None,
        typer.Option(
            "--compare-rules",
            help="Overlay folder of the OLD rules: also report which verdicts and findings "
            "change between them and --rules (impact analysis before a policy change).",
        ),
    ] = None,
) -> None:
    """Re-audit historic cases, each as at its own decision date.

    Writes assessments.jsonl, findings.csv, rejected.jsonl, summary.json and report.html
    (and changes.jsonl, compare.json with --compare-rules) to --out. Exit code 0 when the
    audit completes, even with rejected records; 2 for unusable inputs, 3 for rules that do
    not load, 1 if the audit could not complete.
    """
    from engine import RuleLoadError

    request = AuditRequest(
        inputs=inputs,
        out=out,
        rules=rules,
        compare_rules=compare_rules,
        workers=workers or default_workers(),
    )
    try:
        run = _with_progress_bar if sys.stderr.isatty() else _with_log_lines
        result = run(request)
    except InputError as error:
        typer.echo(f"deplan audit: {error}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    except RuleLoadError as error:
        typer.echo(f"deplan audit: the rules did not load: {error}", err=True)
        raise typer.Exit(EXIT_RULES) from None
    except AuditError as error:
        typer.echo(f"deplan audit: {error}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    typer.echo(result.line())
    if result.compare is not None:
        typer.echo(
            f"compared with {compare_rules}: {result.compare['cases_changed']} of "
            f"{result.compare['cases']} cases change, {result.compare['verdict_changes']} "
            "in verdict (changes.jsonl)"
        )


def _with_progress_bar(request: AuditRequest) -> AuditResult:
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]auditing"),
        BarColumn(),
        TaskProgressColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("audit", total=None, counts="starting workers…")

        def update(state: AuditProgress) -> None:
            progress.update(
                task,
                completed=state.bytes_done,
                total=state.total_bytes,
                counts=f"{state.assessed} assessed, {state.rejected} rejected",
            )

        result = run_audit(request, on_progress=update)
        progress.update(task, completed=progress.tasks[0].total or 0)
        return result


def _with_log_lines(request: AuditRequest) -> AuditResult:
    log: Any = structlog.wrap_logger(
        structlog.PrintLogger(sys.stderr),
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.KeyValueRenderer(
                key_order=["timestamp", "level", "event"], sort_keys=False
            ),
        ],
    )
    log.info("audit started", inputs=len(request.inputs), out=str(request.out))
    last = [time.monotonic()]

    def update(state: AuditProgress) -> None:
        now = time.monotonic()
        if now - last[0] < _LOG_EVERY_SECONDS:
            return
        last[0] = now
        percent = 100 * state.bytes_done / state.total_bytes if state.total_bytes else 100.0
        log.info(
            "audit progress",
            percent=round(percent, 1),
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
