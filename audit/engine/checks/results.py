"""How checks build their results: outcomes, thresholds, texts in both languages."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from audit.checklist import model as m
from audit.checklist.describe import literal
from audit.engine.checks.exact import compared, exact
from audit.engine.result import CheckResult

# The negation of each comparison, so that failing records are picked in one step (exact:
# JSON has no NaN, and values of one field share a type).
FAILS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.ne,
    "!=": operator.eq,
    ">=": operator.lt,
    ">": operator.le,
    "<=": operator.gt,
    "<": operator.ge,
}
SHOWN = 10  # offending ids named in one-line explanations; JSON carries all of them


def num(value: float, beside: float | None = None, side: int = 0) -> str:
    """A number as explanations show it, every digit an auditor can check: a whole number
    in full (12345, never 1.234e+04), others with two decimals (four significant digits
    below 1). ``beside``: the limit it was judged against, and ``side`` how it compared
    (-1 below, 0 equal, 1 above): more digits are shown until the text compares so too
    (0.149991 against 0.15 was "0.15", beside a failed ">= 0.15")."""
    text = _num(value)
    if beside is None:
        return text
    return _told_apart(text, exact(value), exact(beside), side)


def _num(value: float) -> str:
    if isinstance(value, float):
        if abs(value) >= 1e15:  # 1e308 in full is 309 digits that push the verdict off a line
            return f"{value:.6g}"
        if value.is_integer():
            return str(int(value))
        if abs(value) < 1:
            return f"{value:.4g}"
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def pct(share: float, beside: float | None = None, side: int = 0) -> str:
    """A share as a percentage (four significant digits; ``beside`` and ``side`` as for
    :func:`num`: 99,999 of 100,000 is "99.999%" beside a failed ">= 100%", not "100%")."""
    text = f"{share * 100:.4g}"
    if beside is not None:
        text = _told_apart(text, exact(share) * 100, exact(beside) * 100, side)
    return text + "%"


def _told_apart(text: str, value: Decimal, limit: Decimal, side: int) -> str:
    """``text`` (``value`` shown), or ``value`` with as many more significant digits as
    it takes for the text to compare with ``limit`` the way the value did (``side``)."""
    # from the digits shown already: four significant digits of 12345.67 read "12346"
    digits = max(4, sum(c.isdigit() for c in text.split("e", maxsplit=1)[0].lstrip("-0.")))
    while compared(Decimal(text), limit) != side and digits < 17:
        digits += 1
        text = f"{value:.{digits}g}"
        if "." in text and "e" not in text.lower():  # 0.1500000010 is 0.150000001
            text = text.rstrip("0").rstrip(".")
    return text


@functools.lru_cache(maxsize=64)
def share_threshold(min_share: float) -> str:
    """The threshold of a share check, as the checklist wrote it (0.99995 is ">= 99.995%",
    not ">= 100%"; cached: a checklist has few distinct shares)."""
    percent = (exact(min_share) * 100).normalize()
    return f">= {percent:f}%"


def shown_ids(ids: list[str]) -> str:
    """The first ids, and how many more, for a one-line explanation."""
    shown = ", ".join(ids[:SHOWN])
    return shown + (f" …(+{len(ids) - SHOWN})" if len(ids) > SHOWN else "")


def threshold_of(check: Any) -> str | None:
    """What a check requires, as results show it: also when nothing could be measured."""
    if check.kind in ("fact", "count", "ratio"):
        return f"{check.op} {literal(check.value)}"
    if check.kind == "document":
        return f">= {check.min}"
    if check.kind == "manual":
        return None
    return share_threshold(check.min_share)


def build(
    check: Any, outcome: str, zh: str, en: str, *, refs: list[str] | None = None, **fields: Any
) -> CheckResult:
    """A check's result; without a ``threshold`` the check's own requirement is shown."""
    if "threshold" not in fields:  # missing or unusable evidence: the requirement stands
        fields["threshold"] = threshold_of(check)
    # model_validate on a plain dict: the nested text is built in pydantic-core, not in Python
    return CheckResult.model_validate(
        {
            "id": check.id,
            "kind": check.kind,
            "outcome": outcome,
            "weight": check.weight,
            "explanation": {"zh": zh, "en": en},
            "refs": refs_of(check) if refs is None else refs,
            **fields,
        }
    )


def missing(check: Any, what: str) -> CheckResult:
    """Something the check needs was not submitted at all."""
    return build(check, "missing", f"未提交 {what}", f"{what} was not submitted")


def empty(check: Any, zh: str, en: str, **fields: Any) -> CheckResult:
    """An empty population: not applicable, unless the check says otherwise (and then the
    reason says that the checklist decided it, not the records)."""
    outcome = check.when_empty or "not_applicable"
    if check.when_empty is not None:
        zh += f"；清单规定无记录时判为{'通过' if outcome == 'pass' else '不符合'}"
        en += f"; the checklist rules it a {outcome} when there is none (when_empty)"
    return build(check, outcome, zh, en, **fields)


def share_result(
    check: Any, share: float, zh: str, en: str, *, threshold: str, offending: list[str]
) -> CheckResult:
    """A result measured as a share: it passes at ``min_share`` or above."""
    outcome = "pass" if share >= check.min_share else "fail"
    return build(check, outcome, zh, en, measured=share, threshold=threshold, offending=offending)


def unusable(check: Any, ids: list[str], fields: Iterable[str], **extra: Any) -> CheckResult:
    """Records lacking a field the check needs: an ``error``, naming them."""
    names = ", ".join(sorted(set(fields)))
    return build(
        check,
        "error",
        f"{len(ids)} 条记录缺少判定所需的 {names}：{shown_ids(ids)}",
        f"{len(ids)} record(s) lack {names}, needed to judge them: {shown_ids(ids)}",
        offending=ids,
        **extra,
    )


def judge_share(
    check: Any,
    *,
    total: int,
    late: list[str],
    pending: int,
    noun_zh: str,
    noun_en: str,
    not_zh: str = "不符合",
) -> CheckResult:
    """The share outcome of deadline, coverage and each checks: of ``total`` records, the
    ``late`` ones fail, ``pending`` ones are not counted, and the rest pass."""
    judged = total - pending
    good = judged - len(late)
    threshold = share_threshold(check.min_share)
    pending_zh = f"；{pending} 条未到期" if pending else ""
    pending_en = f"; {pending} pending" if pending else ""
    if judged == 0:
        return empty(
            check,
            f"没有可判定的记录（共 {total} 条{pending_zh}）",
            f"no record to judge ({total} in all{pending_en})",
            threshold=threshold,
        )
    share = good / judged
    shown = pct(share, check.min_share, compared(share, check.min_share))
    zh = f"{good} / {judged} 条{noun_zh}（{shown}）{pending_zh}"
    en = f"{good} / {judged} {noun_en} ({shown}){pending_en}"
    if late:
        zh += f"；{not_zh}：{shown_ids(late)}"
        en += f"; not: {shown_ids(late)}"
    return share_result(check, share, zh, en, threshold=threshold, offending=late)


def refs_of(check: Any) -> list[str]:
    """What a check looked at: facts and record sets (a document check names its documents)."""
    if check.kind == "fact":
        return [f"facts.{check.fact}"]
    if check.kind == "ratio":
        refs = []
        for term in (check.numerator, check.denominator):
            if isinstance(term, m.FactTerm):
                refs.append(f"facts.{term.fact}")
            elif isinstance(term, m.CountTerm):
                refs.append(f"records.{term.count}")
            else:
                refs.append(f"records.{term.records}")
        return list(dict.fromkeys(refs))
    if check.kind == "coverage":
        return [f"records.{check.records}", f"records.{check.by}"]
    if check.kind in ("manual", "document"):
        return []
    return [f"records.{check.records}"]
