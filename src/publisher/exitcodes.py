"""The exit codes every command uses, in one place so ``--help``, README and code agree.

Cron mails when a command prints something; scripts branch on the code. Each code means one
thing a person does next: nothing (0), look at the named notes or services (1), fix the
command line or the configuration (2), fix what ``publisher doctor`` named (3).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    NEEDS_A_LOOK = 1
    USAGE = 2
    DOCTOR = 3
    INTERRUPTED = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C


EXIT_CODE_TABLE: tuple[tuple[ExitCode, str], ...] = (
    (ExitCode.OK, "all fine: every note published, unchanged or planned"),
    (
        ExitCode.NEEDS_A_LOOK,
        "a note failed or is pending: a service (LLM, Strapi) was unreachable, refused or kept "
        "failing, or a note has been pending longer than pending_alert_hours",
    ),
    (
        ExitCode.USAGE,
        "usage or configuration error: bad option, unknown note id, unknown or invalid setting, "
        "missing or refused credentials",
    ),
    (ExitCode.DOCTOR, "publisher doctor found a problem"),
    (
        ExitCode.INTERRUPTED,
        "interrupted (Ctrl-C, SIGTERM): LLM results already paid for are saved for the next run",
    ),
)


def exit_code_help() -> str:
    """The table as ``--help`` shows it (one code per paragraph: click rewraps text)."""
    return "\n\n".join(f"{int(code)}: {meaning}" for code, meaning in EXIT_CODE_TABLE)
