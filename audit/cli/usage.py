"""Usage errors in the user's language.

click (vendored by typer) words its usage errors in English only and has no translation
hook, so ``main`` lets them propagate and this module words them again: ``--lang`` is read
from the command line itself (the parse just failed), Chinese by default. Exceptions are
recognised by class name, which works for typer's own copy of click and for click itself.
Anything not recognised keeps click's wording: a message is never lost.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from audit.i18n import Lang


def is_usage_error(exc: BaseException) -> bool:
    """Whether ``exc`` is click's UsageError (or one of its kinds)."""
    return "UsageError" in _kinds(exc)


def is_click_error(exc: BaseException) -> bool:
    """Whether ``exc`` is any error click shows itself (a usage error or another kind)."""
    return "ClickException" in _kinds(exc)


def show(exc: Any, lang: Lang, file: Any = None) -> None:
    """Print a usage error as click would, worded in ``lang`` (in click's words should an
    unforeseen click version not fit)."""
    out = file or sys.stderr
    try:
        text = _worded(exc, lang)
    except Exception:  # never lose the message over its wording
        exc.show(out)
        return
    out.write(text)


def _worded(exc: Any, lang: Lang) -> str:
    if "NoArgsIsHelpError" in _kinds(exc):  # the help text itself, nothing to word
        return str(exc.format_message()).rstrip("\n") + "\n"
    head = ""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage()
        help_option = ctx.help_option_names[0] if ctx.help_option_names else "--help"
        if lang == "zh":
            usage = re.sub(r"\AUsage:\s*", "用法：", usage)
            head = f"{usage}\n运行 '{ctx.command_path} {help_option}' 查看帮助。\n\n"
        else:
            head = f"{usage}\nTry '{ctx.command_path} {help_option}' for help.\n\n"
    return head + ("错误：" if lang == "zh" else "Error: ") + message(exc, lang) + "\n"


def message(exc: Any, lang: Lang) -> str:
    """The one-line message of a usage error in ``lang``."""
    kinds = _kinds(exc)
    if "MissingParameter" in kinds:
        return _missing(exc, lang)
    if "NoSuchOption" in kinds:
        return _no_such_option(exc, lang)
    if "BadParameter" in kinds:
        return _bad_value(exc, lang)
    return _detail(str(getattr(exc, "message", exc)), lang)


def _kinds(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def _hint(exc: Any) -> str:
    """How click names the parameter: ``'--lang'``, ``'--format' / '-f'``, ``'paths'``."""
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        try:
            hint = param.get_error_hint(exc.ctx)  # click
        except TypeError:
            hint = param.get_error_hint()  # typer's own copy of click
    if hint is None:
        return ""
    if not isinstance(hint, str):
        return " / ".join(repr(h) for h in hint)
    return hint


def _missing(exc: Any, lang: Lang) -> str:
    param = getattr(exc, "param", None)
    kind = getattr(exc, "param_type", None) or getattr(param, "param_type_name", "parameter")
    hint = _hint(exc)
    if lang == "en":
        return str(exc.format_message())
    noun = {"argument": "参数", "option": "选项"}.get(str(kind), "参数")
    return f"缺少{noun} {hint}" if hint else f"缺少{noun}"


def _no_such_option(exc: Any, lang: Lang) -> str:
    if lang == "en":
        return str(exc.format_message())
    text = f"没有选项 {exc.option_name}"
    if exc.possibilities:
        text += f"（是否想用：{'、'.join(sorted(exc.possibilities))}）"
    return text


def _bad_value(exc: Any, lang: Lang) -> str:
    diagnostic = getattr(exc, "diagnostic", None)
    detail = (
        diagnostic.message(lang)
        if diagnostic is not None
        else _detail(str(getattr(exc, "message", "")), lang, _given(exc))
    )
    hint = _hint(exc)
    if lang == "en":
        return f"Invalid value for {hint}: {detail}" if hint else f"Invalid value: {detail}"
    return f"{hint} 的值无效：{detail}" if hint else f"值无效：{detail}"


# click names what a path should be before it: "File 'x' is a directory."
_PATH = r"(?:[Ff]ile |[Dd]irectory |[Dd]ir |[Pp]ath )?(?P<path>.+)"

# pydantic's English wordings, as typer passes them on (programmers' words, without the
# value given): worded again in both languages, with the value.
_VALUE_WORDINGS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), zh, en)
    for pattern, zh, en in (
        (r"Input should be a valid integer.*\Z", "应为整数", "must be a whole number"),
        (r"Input should be a valid number.*\Z", "应为数字", "must be a number"),
        (
            r"Input should be greater than or equal to (?P<n>\S+)\Z",
            "应不小于 {n}",
            "must be at least {n}",
        ),
        (
            r"Input should be less than or equal to (?P<n>\S+)\Z",
            "应不大于 {n}",
            "must be at most {n}",
        ),
        (r"Input should be greater than (?P<n>\S+)\Z", "应大于 {n}", "must be more than {n}"),
        (r"Input should be less than (?P<n>\S+)\Z", "应小于 {n}", "must be less than {n}"),
    )
)

_CHOICE = re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.+?)\.?\Z")

# click's English wordings, and their Chinese.
_WORDINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (
            r"'(?P<value>.*)' is not one of (?P<choices>.+?)\.?\Z",
            "{value!r} 不是可选值 {choices} 之一",
        ),
        (r"Option '(?P<option>.+)' requires an argument\.?\Z", "选项 '{option}' 需要一个值"),
        (r"Option '(?P<option>.+)' does not take a value\.?\Z", "选项 '{option}' 不接受值"),
        (r"Missing command\.?\Z", "缺少命令"),
        (
            r"Option '(?P<option>.+)' requires (?P<n>\d+) arguments\.?\Z",
            "选项 '{option}' 需要 {n} 个值",
        ),
        (r"Got unexpected extra argument(?:s|\(s\))? \((?P<extra>.*)\)\Z", "多余的参数：{extra}"),
        (
            r"No such command '(?P<name>.*)'\. Did you mean (?P<matches>.+)\?\Z",
            "没有命令 '{name}'（是否想用：{matches}）",
        ),
        (r"No such command '(?P<name>.*)'\.?\Z", "没有命令 '{name}'"),
        (_PATH + r" does not exist\.?\Z", "{path} 不存在"),
        (_PATH + r" is a directory\.?\Z", "{path} 是目录，不是文件"),
        (_PATH + r" is a file\.?\Z", "{path} 是文件，不是目录"),
        (_PATH + r" is not readable\.?\Z", "{path} 不可读"),
        (_PATH + r" is not writable\.?\Z", "{path} 不可写"),
    )
)


def _given(exc: Any) -> str | None:
    """The value typer's validation refused, as typed (pydantic keeps it; click does not)."""
    errors = getattr(exc.__cause__, "errors", None)
    try:
        value = errors()[0]["input"] if callable(errors) else None
    except (LookupError, TypeError):
        return None
    return None if value is None else str(value)


def _detail(text: str, lang: Lang, given: str | None = None) -> str:
    """click's or pydantic's wording of a problem, without pydantic's "Value error, " head,
    in Chinese where the wording is known, and the value given where it is known."""
    text = text.removeprefix("Value error, ").strip()
    worded = _in_lang(text, lang, given)
    choice = _CHOICE.match(text)
    if choice is None:
        return worded
    from audit.i18n import did_you_mean  # a typo of a choice: the near one, as for commands

    near = did_you_mean(choice["value"], re.findall(r"'([^']*)'", choice["choices"]))
    if near is None:
        return worded
    if lang == "zh":
        return f"{worded}；是否应为 '{near}'？"
    return f"{worded.rstrip('.')}; did you mean '{near}'?"


def _in_lang(text: str, lang: Lang, given: str | None) -> str:
    """``text`` (click's or pydantic's words) in ``lang``, with the value given."""
    for pattern, zh, en in _VALUE_WORDINGS:
        found = pattern.match(text)
        if found is not None:
            worded = (zh if lang == "zh" else en).format(**found.groupdict())
            if given is None:
                return worded
            return f"{worded}，实际为 '{given}'" if lang == "zh" else f"{worded}, got '{given}'"
    if lang == "en":
        return text
    for pattern, zh in _WORDINGS:
        found = pattern.match(text)
        if found is not None:
            return zh.format(**found.groupdict())
    return text
