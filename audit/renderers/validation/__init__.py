"""Renderers of ``audit validate`` results: text, json, github, sarif, junit."""

from __future__ import annotations

from audit.formats import ValidateFormat
from audit.i18n import Lang
from audit.renderers import resolve
from audit.validation import ValidationResult

RENDERERS: dict[ValidateFormat, str] = {
    ValidateFormat.TEXT: "audit.renderers.validation.as_text:render",
    ValidateFormat.JSON: "audit.renderers.validation.as_json:render",
    ValidateFormat.GITHUB: "audit.renderers.validation.as_github:render",
    ValidateFormat.SARIF: "audit.renderers.validation.as_sarif:render",
    ValidateFormat.JUNIT: "audit.renderers.validation.as_junit:render",
}


def render(result: ValidationResult, fmt: ValidateFormat, lang: Lang) -> str:
    """``result`` in format ``fmt``."""
    text: str = resolve(RENDERERS[fmt])(result, lang)
    return text
