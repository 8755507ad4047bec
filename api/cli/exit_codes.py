"""Exit codes of the `deplan` command, so scripts can tell outcomes from errors."""

from enum import IntEnum

from models.assessment import Verdict


class ExitCode(IntEnum):
    READY = 0
    NOT_READY = 1
    INSUFFICIENT_INFORMATION = 2
    INVALID_INPUT = 3
    RULES_INVALID = 4
    USAGE = 64


FOR_VERDICT = {
    Verdict.READY: ExitCode.READY,
    Verdict.NOT_READY: ExitCode.NOT_READY,
    Verdict.INSUFFICIENT_INFORMATION: ExitCode.INSUFFICIENT_INFORMATION,
}
