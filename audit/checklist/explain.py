"""``audit explain ITEM``: what an item requires, why (the law), how it is checked, an example."""

from __future__ import annotations

import json
from typing import Any

from audit.checklist import model as m
from audit.checklist.describe import describe_scoring, explain_check
from audit.checklist.example import example_period, item_example
from audit.checklist.show import severity_name
from audit.i18n import Lang, pick
from audit.laws import Registry


def evidence_fragment(item: m.Item, checklist: m.Checklist, lang: Lang = "zh") -> dict[str, Any]:
    """The smallest evidence that satisfies ``item``: its period, data and claim."""
    start, end = example_period([item])
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        **item_example(checklist, [item], period=(start, end), lang=lang),
        "items": {item.id: {"claim": "met"}},
    }


def explanation(
    item: m.Item, checklist: m.Checklist, registry: Registry, lang: Lang = "zh"
) -> dict[str, Any]:
    """Everything about an item, both languages, as data (``--format json``); the example's
    own texts in ``lang``."""
    example = evidence_fragment(item, checklist, lang)
    return {
        "id": item.id,
        "checklist": {"id": checklist.id, "version": checklist.version},
        "section": item.section,
        "title": item.title.model_dump(),
        "requirement": item.requirement.model_dump(),
        "roles": item.roles,
        "points": item.points,
        "severity": item.severity,
        "exemptable": item.exemptable,
        "effective_from": item.effective_from.isoformat() if item.effective_from else None,
        "refs": [_cited(c, registry) for c in item.refs],
        "liability": None if item.liability is None else _cited(item.liability, registry),
        "checks": [
            {
                "id": c.id,
                "kind": c.kind,
                "weight": c.weight,
                "zh": explain_check(c, checklist, "zh"),
                "en": explain_check(c, checklist, "en"),
            }
            for c in item.checks
        ],
        "scoring": None if item.scoring is None else item.scoring.model_dump(exclude_none=True),
        "remedy": item.remedy.model_dump(),
        "example": example,
    }


def _cited(cite: m.Citation, registry: Registry) -> dict[str, Any]:
    """A citation as data: what it cites, its text in both languages (a replaced law
    says so), and the days its law is in force ([first, first of its replacement])."""
    since, until = registry.in_force_between(cite.law)
    return {
        "cite": cite.model_dump(exclude_none=True),
        "zh": _cited_text(cite, registry, "zh"),
        "en": _cited_text(cite, registry, "en"),
        "in_force": [None if d is None else d.isoformat() for d in (since, until)],
    }


def _cited_text(cite: m.Citation, registry: Registry, lang: Lang) -> str:
    return registry.explain(cite, lang) + registry.standing(cite, lang)


def explain_text(item: m.Item, checklist: m.Checklist, registry: Registry, lang: Lang) -> str:
    """The explanation as text for the terminal."""
    section = checklist.sections_by_id.get(item.section)
    roles = ", ".join(
        "*"
        if r == "*"
        else f"{r}（{checklist.roles[r].zh}）"
        if lang == "zh"
        else f"{r} ({checklist.roles[r].en})"
        for r in item.roles
    )
    if "*" in item.roles:
        roles = pick(lang, "所有单位（*）", "every agency (*)")
    head = [
        f"{item.id}  {item.title.get(lang)}",
        pick(lang, "检查清单：", "Checklist: ")
        + f"{checklist.id} {checklist.version} · "
        + pick(lang, "章节", "section")
        + f" {item.section} "
        + (pick(lang, section.zh, section.en) if section else ""),
        pick(lang, "适用角色：", "Roles: ") + roles,
        pick(lang, "严重程度：", "Severity: ")
        + f"{severity_name(item.severity, lang)} · "
        + pick(lang, "分值", "points")
        + f" {item.points:g} · "
        + (
            pick(lang, "可适用容错免责", "fault-tolerance exemption possible")
            if item.exemptable
            else pick(lang, "不适用容错免责", "no fault-tolerance exemption")
        ),
    ]
    if item.effective_from is not None:
        head.append(
            pick(
                lang,
                f"适用于 {item.effective_from} 以后结束的检查期间",
                f"applies to periods ending on or after {item.effective_from}",
            )
        )
    out = [
        *head,
        "",
        pick(lang, "要求", "Requirement"),
        "  " + item.requirement.get(lang),
        "",
        pick(lang, "法律依据", "Legal basis"),
    ]
    out += ["  - " + _cited_text(c, registry, lang) for c in item.refs]
    if item.liability is not None:
        out += [
            "",
            pick(
                lang,
                "追责条款（向有权机关提出的建议）",
                "Liability clause (a recommendation to the competent authority)",
            ),
            "  - " + _cited_text(item.liability, registry, lang),
        ]
    out += ["", pick(lang, "检查", "Checks")]
    for n, check in enumerate(item.checks, start=1):
        weight = (
            ""
            if check.weight == 1
            else pick(lang, f"，权重 {check.weight:g}", f", weight {check.weight:g}")
        )
        out.append(
            f"  {n}. {check.id}（{check.kind}{weight}）："
            if lang == "zh"
            else f"  {n}. {check.id} ({check.kind}{weight}): "
        )
        out[-1] += explain_check(check, checklist, lang)
    if item.scoring is not None:
        out += ["", pick(lang, "计分", "Scoring"), "  " + describe_scoring(item.scoring, lang)]
    out += [
        "",
        pick(lang, "整改措施", "Remedy"),
        "  " + item.remedy.get(lang),
        "",
        pick(
            lang,
            "证据示例（满足本项的最小证据片段）",
            "Evidence example (a minimal fragment that satisfies this item)",
        ),
    ]
    example = evidence_fragment(item, checklist, lang)
    snippet = json.dumps(example, ensure_ascii=False, indent=2)
    out += ["  " + line for line in snippet.splitlines()]
    if any(c.kind == "manual" for c in item.checks):
        out.append(
            pick(
                lang,
                "  （人工核实项需由审计人员出具核实意见）",
                "  (manual checks need an auditor's attestation)",
            )
        )
    return "\n".join(out) + "\n"
