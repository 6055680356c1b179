"""Languages: every user-facing string exists in Chinese and English (no heavy imports here)."""

from __future__ import annotations

import difflib
import functools
import os
import signal
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Literal

Lang = Literal["zh", "en"]


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI job's timeout, ``kill``), raised where the command is, so that it
    stops as on Ctrl-C: temporary files removed, worker processes let go, no traceback."""


# An interrupt raised and not yet told to the user: typer turns one raised while it parses
# the command line into a bare exit status 130, saying nothing (and 130 for a SIGTERM too).
_UNTOLD: list[KeyboardInterrupt] = []


_COMMAND = os.getpid()  # the command's own process; a forked worker inherits the handlers


def on_sigterm(signum: int, frame: object) -> None:
    """The console script's SIGTERM handler."""
    del signum, frame
    if os.getpid() != _COMMAND:  # a worker not yet set up: it stops, as told
        os._exit(128 + signal.SIGTERM)
    _UNTOLD[:] = [Terminated()]
    raise _UNTOLD[0]


def on_sigint(signum: int, frame: object) -> None:
    """The console script's SIGINT handler: Python's own, remembered until told. A worker
    leaves Ctrl-C to the command, which stops it (no traceback of its own)."""
    del signum, frame
    if os.getpid() != _COMMAND:
        return
    _UNTOLD[:] = [KeyboardInterrupt()]
    raise _UNTOLD[0]


def swallowed() -> KeyboardInterrupt | None:
    """An interrupt whose exception Python ignored (raised in a hook it runs after a
    fork, say, where it only prints "Exception ignored"), to raise again; None if none."""
    return _UNTOLD[0] if _UNTOLD else None


def untold() -> KeyboardInterrupt | None:
    """An interrupt that stopped the command without a word yet (and forget it)."""
    found = _UNTOLD[0] if _UNTOLD else None
    _UNTOLD.clear()
    return found


def _signalled(exc: BaseException | None) -> BaseException | None:
    """The interrupt behind ``exc``: click turns one caught at a prompt or in its own code
    into Abort, keeping it as the cause."""
    seen = exc
    while seen is not None and not isinstance(seen, KeyboardInterrupt):
        seen = seen.__cause__ or seen.__context__
    return seen or exc


def interrupted(lang: Lang, exc: BaseException | None = None) -> str:
    """What an interrupted command says (Ctrl-C, or SIGTERM), a line (it is told now)."""
    _UNTOLD.clear()
    if isinstance(_signalled(exc), Terminated):
        return "terminated\n" if lang == "en" else "已终止\n"
    return "interrupted\n" if lang == "en" else "已中断\n"


def interrupted_code(exc: BaseException) -> int:
    """The exit status of an interrupted command, as a shell reports the signal."""
    return 143 if isinstance(_signalled(exc), Terminated) else 130


def pick(lang: Lang, zh: str, en: str) -> str:
    """Choose between two literal translations."""
    return zh if lang == "zh" else en


def listed(lang: Lang, parts: Iterable[str]) -> str:
    """Clauses one after another: with a full-width semicolon in Chinese text."""
    return ("；" if lang == "zh" else "; ").join(parts)


# Name comparisons one input file may spend on "did you mean" (about a second's worth).
SUGGESTION_BUDGET = 250_000
_BUDGETS: list[int] = []  # the comparisons left in each open scope, innermost last


@contextmanager
def suggestion_budget(comparisons: int | None = None) -> Iterator[None]:
    """Within: "did you mean" stops suggesting once ``comparisons`` names were compared.

    Each unknown name is compared with every known one, so a file with thousands of unknown
    names against a checklist of thousands of items was quadratic (4,000 × 4,000: 62 s).
    Names wrong by the thousand are not typos; the first ones still get their suggestion.
    A scope is one input file, so what a file is told does not depend on the others.
    """
    _BUDGETS.append(SUGGESTION_BUDGET if comparisons is None else comparisons)
    try:
        yield
    finally:
        _BUDGETS.pop()


def _swapped(word: str, other: str) -> bool:
    """Whether ``other`` is ``word`` with two neighbouring characters exchanged."""
    if len(word) != len(other) or word == other:
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == other[differ[1]]
        and word[differ[1]] == other[differ[0]]
    )


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest known name to ``word``, if one is close enough to be a likely typo
    (none once the :func:`suggestion_budget` in force is spent)."""
    if _BUDGETS and _BUDGETS[-1] <= 0:
        return None
    options = tuple(c for c in choices if isinstance(c, str))
    if _BUDGETS:  # spent on a remembered answer too: a file is told what it would be alone
        _BUDGETS[-1] -= len(options)
    return _closest(word, options)


@functools.lru_cache(maxsize=256)
def _closest(word: str, options: tuple[str, ...]) -> str | None:
    """The answer of :func:`did_you_mean`, remembered: a tool that adds one unknown key to
    every record asks the same question thousands of times (38,750 in 1,000 files: 2.6 s)."""
    swapped = next((c for c in options if _swapped(word, c)), None)
    if swapped is not None:  # two characters typed the wrong way round: "=>" meant ">="
        return swapped
    narrow = unicodedata.normalize("NFKC", word)
    if narrow != word:  # typed with a Chinese input method in full width: "ｎａｍｅ"
        meant = _closest(narrow, options)
        if meant is not None:
            return meant
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if found:
        return found[0]
    lowered = {c.lower(): c for c in options}
    return lowered.get(word.lower())


def lang_of(args: Sequence[str]) -> Lang:
    """The ``--lang`` a command line asks for (zh when absent or not a language): read from
    the arguments themselves, where no parse can be had (a usage error, an interrupt)."""
    wanted = ""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            wanted = args[index + 1]
        elif arg.startswith("--lang="):
            wanted = arg.removeprefix("--lang=")
    return "en" if wanted.strip().lower() == "en" else "zh"


# Characters that show nothing and take no room: zero-width space, non-joiner and joiner,
# word joiner, byte-order mark, soft hyphen, Mongolian vowel separator.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_NO_INVISIBLE = str.maketrans("", "", INVISIBLE)


def char_cells(char: str) -> int:
    """Terminal cells one character takes: two for East Asian wide and full-width ones."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def cells(text: str) -> int:
    """Terminal cells ``text`` takes (``len`` counts a Chinese character as one)."""
    return sum(map(char_cells, text))


def blank(text: str) -> bool:
    """Whether ``text`` shows nothing to a reader: whitespace of any script (the ideographic
    space included) and invisible characters only."""
    return not text.translate(_NO_INVISIBLE).strip()
