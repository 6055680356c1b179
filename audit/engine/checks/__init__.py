"""The nine check kinds: one function each, behind a registry keyed by kind.

Every function takes the check and the agency's :class:`Context` and returns a
:class:`CheckResult` with the outcome, the measured value, the threshold, the ids of the
offending records and a one-line explanation in both languages. Every one is linear or
n·log n in the number of records: sets are filtered once, ``by`` sets are indexed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from audit.engine.checks.dated import check_cadence, check_deadline
from audit.engine.checks.matched import check_coverage, check_each
from audit.engine.checks.values import (
    check_count,
    check_document,
    check_fact,
    check_manual,
    check_ratio,
)
from audit.engine.context import Context
from audit.engine.result import CheckResult

CHECKS: dict[str, Callable[[Any, Context], CheckResult]] = {
    "fact": check_fact,
    "count": check_count,
    "ratio": check_ratio,
    "document": check_document,
    "cadence": check_cadence,
    "deadline": check_deadline,
    "coverage": check_coverage,
    "each": check_each,
    "manual": check_manual,
}

SHARE_KINDS = frozenset({"cadence", "deadline", "coverage", "each", "ratio"})


def run_check(check: Any, ctx: Context) -> CheckResult:
    """Evaluate one check."""
    return CHECKS[check.kind](check, ctx)
