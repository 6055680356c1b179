"""Languages: every user-facing string exists in Chinese and English (no heavy imports here)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Literal

Lang = Literal["zh", "en"]


def pick(lang: Lang, zh: str, en: str) -> str:
    """Choose between two literal translations."""
    return zh if lang == "zh" else en


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest known name to ``word``, if one is close enough to be a likely typo."""
    options = [c for c in choices if isinstance(c, str)]
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if found:
        return found[0]
    lowered = {c.lower(): c for c in options}
    return lowered.get(word.lower())
