"""`deplan rules`: list, show, lint and test the rule catalogue (and a local overlay)."""

from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.table import Table

from api.cli.console import err, load_rules_or_exit, out
from api.cli.exit_codes import ExitCode
from api.cli.options import RulesOption
from engine import RuleSet, base_rules_dir
from engine.facts import facts_reference
from engine.reference import rules_reference
from engine.rule_tests import uncovered_outcomes
from models.assessment import Outcome

rules_app = typer.Typer(help="The rule catalogue: list, show, lint and test.", no_args_is_help=True)
DirArgument = Annotated[
    Path | None,
    typer.Argument(help="A rules overlay directory (default: the base catalogue)."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def list_rules(rules: RulesOption = None) -> None:
    """List the rules with their severity and dates."""
    ruleset = load_rules_or_exit(rules)
    table = Table(title=f"Rules {ruleset.version}")
    for column in ("Id", "Severity", "Title", "In force", "Time-based"):
        table.add_column(column)
    for rule in ruleset.rules:
        until = f" to {rule.effective_to}" if rule.effective_to else " on"
        table.add_row(
            rule.id,
            ruleset.severities[rule.id].value,
            rule.title,
            f"{rule.effective_from}{until}",
            "yes" if rule.time_based else "",
        )
    out.print(table)


@rules_app.command("show")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="ID")], rules: RulesOption = None
) -> None:
    """Show one rule: what it requires, when it applies, and the sentence it comes from."""
    ruleset = load_rules_or_exit(rules)
    try:
        rule = ruleset.rule_public(rule_id)
    except KeyError as error:
        err.print(str(error.args[0]), markup=False)
        raise typer.Exit(ExitCode.INVALID_INPUT) from None
    outcomes = ", ".join(sorted(o.value for o in ruleset.rule(rule_id).possible_outcomes))
    out.print(f"[bold]{rule.id}[/]: {rule.title}")
    out.print(
        f"severity: {rule.severity.value} · in force from {rule.effective_from}"
        + (f" to {rule.effective_to}" if rule.effective_to else "")
        + (" · time-based" if rule.time_based else "")
    )
    out.print(rule.description, markup=False)
    out.print(f"\n[bold]Source[/] ({rule.citation.document}, {rule.citation.section}):")
    out.print(f"  “{rule.citation.quote}”", markup=False)
    dumped = {"applies_when": rule.applies_when, "requires": rule.requires}
    out.print(
        "\n" + yaml.safe_dump(dumped, sort_keys=False, default_flow_style=None).rstrip(),
        markup=False,
    )
    out.print(f"\noutcomes it can give: {outcomes}\nfile: {rule.source}", markup=False)


@rules_app.command("facts")
def list_facts() -> None:
    """Print the fact vocabulary rules may use, as Markdown (docs/facts.md is this output)."""
    typer.echo(facts_reference(), nl=False)


@rules_app.command("docs")
def docs(rules: RulesOption = None) -> None:
    """Print the catalogue as Markdown: what each rule checks, its sentence of the paper and
    what is local policy (docs/rules.md is this output for the base catalogue)."""
    typer.echo(rules_reference(load_rules_or_exit(rules)), nl=False)


@rules_app.command("lint")
def lint(directory: DirArgument = None) -> None:
    """Load and check the rules: facts, operators, dates, ids, templates, quotes."""
    ruleset = load_rules_or_exit(directory)
    out.print(
        f"[green]OK[/]: {len(ruleset.rules)} rules, version {ruleset.version}, {ruleset.content_hash}"
    )


@rules_app.command("test")
def run_tests(directory: DirArgument = None) -> None:
    """Run the rule tests (DIR/tests/*.yaml) with pytest and report outcomes no test covers."""
    from engine.rule_test_plugin import run_rule_tests  # pytest is loaded for this command only

    ruleset = load_rules_or_exit(directory)
    tests_dir = (directory or base_rules_dir()) / "tests"
    if not tests_dir.is_dir():
        err.print(f"{tests_dir}: no rule tests (not a directory)", markup=False)
        raise typer.Exit(ExitCode.TESTS_FAILED)
    pytest_code, plugin = run_rule_tests(tests_dir, ruleset, "-q", "--no-header", "-rN")
    results = list(plugin.results.values())
    gaps = uncovered_outcomes(ruleset, results)
    out.print(_coverage_table(ruleset, gaps))
    failed = sum(not result.passed for result in results)
    out.print(
        f"{len(results) - failed} passed, {failed} failed; "
        f"{sum(map(len, gaps.values()))} rule outcome(s) not covered"
        + (f"; {len(plugin.problems)} problem(s) in the test files" if plugin.problems else "")
    )
    code = _exit_code(pytest_code)
    if code is ExitCode.READY and gaps:
        code = ExitCode.TESTS_FAILED
    if code is not ExitCode.READY:
        raise typer.Exit(code)


def _coverage_table(ruleset: RuleSet, gaps: dict[str, list[Outcome]]) -> Table:
    table = Table(title="Rule outcomes covered by tests")
    table.add_column("Rule")
    for outcome in Outcome:
        table.add_column(outcome.value.replace("_", " "))
    for rule in ruleset.rules:
        cells = []
        for outcome in Outcome:
            if outcome not in rule.possible_outcomes:
                cells.append("[dim]n/a[/]")
            else:
                cells.append(
                    "[red]missing[/]" if outcome in gaps.get(rule.id, []) else "[green]✓[/]"
                )
        table.add_row(rule.id, *cells)
    return table


def _exit_code(pytest_code: int) -> ExitCode:
    """pytest's exit code as deplan's: failed tests and test files that do not load (pytest's
    collection errors) are TESTS_FAILED, as are no tests at all."""
    match pytest_code:
        case 0:
            return ExitCode.READY
        case 1 | 2 | 5:
            return ExitCode.TESTS_FAILED
        case 4:
            return ExitCode.USAGE
        case _:
            return ExitCode.INTERNAL_ERROR
