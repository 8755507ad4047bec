"""Exit codes of the `deplan` command, so scripts can tell outcomes from errors.

| Code | Meaning |
| --- | --- |
| 0 | ready |
| 1 | not ready |
| 2 | insufficient information |
| 3 | the input (a case, a cohort, a rule test file) does not validate |
| 4 | the rules do not load |
| 5 | outside the scope of the rules (a Risk Outside the Home case) |
| 6 | rule tests failed, or outcomes are left uncovered |
| 7 | the database or key store could not be used |
| 78 | a `DEPLAN_*` setting holds a value deplan cannot use |
| 64 | usage error (an unknown option, a missing argument) |
| 70 | internal error: a bug in deplan, never a verdict |
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
    SETTINGS_INVALID = 78
    USAGE = 64
    INTERNAL_ERROR = 70


FOR_VERDICT = {
    Verdict.READY: ExitCode.READY,
    Verdict.NOT_READY: ExitCode.NOT_READY,
    Verdict.INSUFFICIENT_INFORMATION: ExitCode.INSUFFICIENT_INFORMATION,
    Verdict.OUT_OF_SCOPE: ExitCode.OUT_OF_SCOPE,
}
