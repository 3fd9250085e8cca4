"""One root error class, handled once at the entry point with fixed exit codes.

Exit codes (every command): 0 ok, 1 findings or a refused action, 2 usage error,
3 internal error.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class RegraadError(Exception):
    """An expected failure with a message meant for the user."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(RegraadError):
    """Bad option, unknown revision, no data root: the call itself is wrong."""

    exit_code = EXIT_USAGE


class RefusedError(RegraadError):
    """An action regraad will not take; nothing was changed."""

    exit_code = EXIT_FINDINGS


class InternalError(RegraadError):
    """A bug in regraad; reported with a short bug-report hint."""

    exit_code = EXIT_INTERNAL
