"""Validation as plain text: one ``file:line:col: $.path: message`` line per problem."""

from __future__ import annotations

from audit.diagnostics import Diagnostic
from audit.i18n import Lang
from audit.validation import ValidationResult


def summary(result: ValidationResult, lang: Lang) -> str:
    """One closing line: how many files, how many valid, errors and warnings."""
    total = len(result.files)
    bad = sum(1 for f in result.files if not f.ok)
    records = sum(f.records for f in result.files)
    if lang == "zh":
        state = "全部有效" if result.ok else f"{bad} 个无效"
        return (
            f"{'✓' if result.ok else '✗'} 共 {total} 个证据文件，{state}；"
            f"{result.errors} 个错误，{result.warnings} 个警告；{records} 条记录"
        )
    state = "all valid" if result.ok else f"{bad} invalid"
    return (
        f"{'✓' if result.ok else '✗'} {total} evidence file{'s' * (total != 1)}, {state}; "
        f"{result.errors} error{'s' * (result.errors != 1)}, "
        f"{result.warnings} warning{'s' * (result.warnings != 1)}; {records} records"
    )


def render(result: ValidationResult, lang: Lang, *, quiet: bool = False) -> str:
    """Every problem, ordered by file and position, then the summary (not when ``quiet``:
    the problems only)."""
    lines = [d.format(lang) for d in sorted(result.diagnostics, key=Diagnostic.sort_key)]
    if not quiet:
        lines.append(summary(result, lang))
    return "\n".join(lines) + "\n" if lines else ""
