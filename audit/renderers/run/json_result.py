"""The result as JSON (``tj-audit/result@1``): the machine form and the input of ``report``."""

from __future__ import annotations

from typing import Any

from audit.engine.result import RunResult
from audit.i18n import Lang


def render(result: RunResult, lang: Lang, **_: Any) -> str:
    """The whole result; both languages are in it, so ``lang`` changes nothing."""
    del lang
    return result.model_dump_json(indent=2) + "\n"
