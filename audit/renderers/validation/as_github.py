"""Validation as GitHub Actions workflow commands (annotations on the pull request)."""

from __future__ import annotations

import re

from audit.diagnostics import Diagnostic, Severity
from audit.i18n import Lang
from audit.messages import visible
from audit.renderers.validation.as_text import summary
from audit.validation import ValidationResult


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(_shown(text)).replace(":", "%3A").replace(",", "%2C")


def _shown(text: str) -> str:
    """A file name with its control and bidi characters escaped (:func:`visible`), as every
    other output shows it: written raw, an ESC coloured the CI log and U+202E reversed it.
    Line breaks are left to the workflow command's own escapes."""
    return _LINES.sub(lambda line: visible(line.group()), text)


_LINES = re.compile(r"[^\r\n]+")


def annotation(d: Diagnostic, lang: Lang) -> str:
    """One ``::error file=…,line=…::message`` command."""
    level = "error" if d.severity is Severity.ERROR else "warning"
    props = [f"file={_prop(d.file)}"] if d.file else []
    if d.line is not None:
        props.append(f"line={d.line}")
        props.append(f"col={d.col or 1}")
    props.append(f"title={_prop(d.code)}")
    where = f"{d.path_text}: " if d.path_text else ""
    return f"::{level} {','.join(props)}::{_data(where + d.message(lang))}"


def render(result: ValidationResult, lang: Lang) -> str:
    """One annotation per problem, then the summary as a notice."""
    lines = [annotation(d, lang) for d in sorted(result.diagnostics, key=Diagnostic.sort_key)]
    lines.append(f"::notice title=tj-audit::{_data(summary(result, lang))}")
    return "\n".join(lines) + "\n"
