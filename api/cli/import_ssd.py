"""`deplan import`: bring a case system's extract in as cases for the re-audit.

`deplan import ssd DIR --out cases.jsonl --key-file KEY` reads a Standard Safeguarding
Dataset extract; `deplan import new-key KEY` makes the key that pseudonymises it. The engine
is imported only when a command runs, so `deplan --help` stays quick.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from api.cli.console import load_settings
from api.cli.exit_codes import ExitCode
from api.cli.progress import Throttle, log_lines, percent, with_progress_bar
from engine.ssd.tables import columns_help

if TYPE_CHECKING:
    from engine.ssd.importer import ImportProgress, ImportRequest
    from engine.ssd.report import ImportReport


import_app = typer.Typer(
    help="Import a case system's extract as deplan cases (JSON Lines) for `deplan audit`.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")


@import_app.command(
    "ssd",
    epilog="Tables and columns read; all other columns, such as names, "
    "dates of birth, UPNs and NHS numbers, are never read:\n\n" + columns_help(),
)
def import_ssd(
    source: Annotated[
        Path,
        typer.Argument(
            help="Folder of the extract's CSV files (ssd_person.csv, ...).", show_default=False
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="The cases, one per line.")] = Path(
        "cases.jsonl"
    ),
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            help="The authority's secret key for pseudonymous refs (`deplan import new-key`; "
            "else DEPLAN_SSD_KEY_FILE); the same key gives a family the same ref in every import.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="The import report (default: OUT.import-report.json)."),
    ] = None,
) -> None:
    """Import a Standard Safeguarding Dataset extract: one case per family per de-planning
    decision (the review conference that ended a child's CP plan).

    What the extract does not hold (adults, interventions, safety statements, ...) stays
    not recorded, so the rules that need it give insufficient information. Rows that cannot
    be used are listed in the report and OUT.problems.csv by file, line, column and reason.

    Exit code 0 when the import completes, even with unusable rows; 3 for an extract that
    cannot be imported (a missing file, a wrong header, an ambiguous date column).
    """
    from engine.ssd.importer import ImportRequest
    from engine.ssd.problems import ImportInputError
    from engine.ssd.pseudonym import load_key

    key_file = key_file or load_settings().ssd_key_file
    if key_file is None:
        _fail("give --key-file (or DEPLAN_SSD_KEY_FILE); make a key with `deplan import new-key`")
    report_path = report or out.with_name(out.stem + ".import-report.json")
    try:
        request = ImportRequest(
            source=source,
            out=out,
            key=load_key(key_file),
            problems_out=out.with_name(out.stem + ".problems.csv"),
        )
        run = _with_progress_bar if sys.stderr.isatty() else _with_log_lines
        result = run(request)
    except ImportInputError as error:
        _fail(str(error))
    report_path.write_text(json.dumps(result.to_json(), indent=2) + "\n", encoding="utf-8")
    typer.echo(f"{result.line()}; {result.problems.total} row problem(s). Report: {report_path}")


@import_app.command("new-key")
def new_key(
    path: Annotated[
        Path, typer.Argument(help="File to create (never overwritten).", show_default=False)
    ],
) -> None:
    """Create a random key for `deplan import ssd --key-file`, readable by its owner only.
    Keep it safe and keep it: with another key, every ref changes."""
    from engine.ssd.pseudonym import write_new_key

    try:
        write_new_key(path)
    except FileExistsError:
        _fail(f"{path} exists; a key is never overwritten")
    except OSError as error:
        _fail(f"{path}: cannot be written ({error.strerror})")
    typer.echo(f"key written to {path}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"deplan import: {message}", err=True)
    raise typer.Exit(ExitCode.INVALID_INPUT)


def _with_progress_bar(request: ImportRequest) -> ImportReport:
    from engine.ssd.importer import run_import

    def counts(state: ImportProgress) -> str:
        return f"{state.stage}; {state.cases_written} cases"

    return with_progress_bar(
        "importing", "starting", lambda update: run_import(request, on_progress=update), counts
    )


def _with_log_lines(request: ImportRequest) -> ImportReport:
    from engine.ssd.importer import run_import

    log = log_lines()
    log.info("import started", out=str(request.out))
    throttle = Throttle()

    def update(state: ImportProgress) -> None:
        if throttle.due():
            log.info(
                "import progress",
                percent=percent(state.bytes_done, state.total_bytes),
                stage=state.stage,
                cases=state.cases_written,
            )

    result = run_import(request, on_progress=update)
    log.info(
        "import finished",
        families=result.families,
        cases=result.cases_written,
        not_valid=result.cases_not_valid,
        row_problems=result.problems.total,
    )
    return result
