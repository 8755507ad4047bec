"""Exit codes of the `deplan` command, so scripts can tell outcomes from errors: the one table
of them (README.md and the commands' help point here). Each code has one meaning; 0 is also
"done" for the commands that give no verdict.

| Code | Name | Meaning |
| --- | --- | --- |
| 0 | READY | ready (`check`); done (every other command) |
| 1 | NOT_READY | not ready (`check`) |
| 2 | INSUFFICIENT_INFORMATION | insufficient information (`check`) |
| 3 | INVALID_INPUT | the input (a case, a cohort, an SSD extract, a key) cannot be used |
| 4 | RULES_INVALID | the rules do not load |
| 5 | OUT_OF_SCOPE | outside the scope of the rules (a Risk Outside the Home case) |
| 6 | TESTS_FAILED | rule tests failed, do not load, or leave rule outcomes uncovered |
| 7 | STORE_ERROR | the database or key store could not be used |
| 64 | USAGE | usage error (an unknown option or scope, a missing argument, a non-empty --out) |
| 70 | INTERNAL_ERROR | a bug in deplan, or an audit that could not complete; never a verdict |
| 78 | SETTINGS_INVALID | a `DEPLAN_*` setting holds a value deplan cannot use |
| 130 | INTERRUPTED | stopped by Ctrl-C |
"""

from enum import IntEnum

from models.assessment import Verdict


class ExitCode(IntEnum):
    READY = 0
    NOT_READY = 1
    INSUFFICIENT_INFORMATION = 2
    INVALID_INPUT = 3
    RULES_INVALID = 4
    OUT_OF_SCOPE = 5
    TESTS_FAILED = 6
    STORE_ERROR = 7
    USAGE = 64
    INTERNAL_ERROR = 70
    SETTINGS_INVALID = 78
    INTERRUPTED = 130


FOR_VERDICT = {
    Verdict.READY: ExitCode.READY,
    Verdict.NOT_READY: ExitCode.NOT_READY,
    Verdict.INSUFFICIENT_INFORMATION: ExitCode.INSUFFICIENT_INFORMATION,
    Verdict.OUT_OF_SCOPE: ExitCode.OUT_OF_SCOPE,
}
