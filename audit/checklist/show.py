"""A checklist as people read it (``audit checklists show``): text tables or JSON."""

from __future__ import annotations

import json

from tabulate import tabulate

from audit.checklist.model import Checklist
from audit.i18n import Lang, pick

SEVERITY_NAMES = {
    "critical": ("关键", "critical"),
    "major": ("重要", "major"),
    "minor": ("一般", "minor"),
}


def severity_name(severity: str, lang: Lang) -> str:
    """A severity in ``lang``."""
    zh, en = SEVERITY_NAMES.get(severity, (severity, severity))
    return pick(lang, zh, en)


def show_json(checklist: Checklist) -> str:
    """The checklist as JSON (same content as the TOML)."""
    data = checklist.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def show_text(checklist: Checklist, lang: Lang) -> str:
    """Header, roles, and the items of every section as tables."""
    head = checklist.checklist
    lines = [
        f"{head.title.get(lang)}",
        f"id: {head.id}   {pick(lang, '版本', 'version')}: {head.version}   "
        f"{pick(lang, '依据', 'source')}: {head.source}",
        pick(lang, "等级：", "Grades: ")
        + ", ".join(f"{g.name(lang)} ≥ {g.min:g}" for g in head.grades)
        + (
            pick(
                lang,
                f"；存在关键项未通过时最高为 {head.critical_cap}",
                f"; capped at {head.critical_cap} while a critical item is not passed",
            )
            if head.critical_cap
            else ""
        ),
        "",
        pick(lang, "角色", "Roles") + ":",
        tabulate(
            [[rid, pick(lang, r.zh, r.en)] for rid, r in checklist.roles.items()], tablefmt="plain"
        ),
    ]
    for section in checklist.sections:
        items = [i for i in checklist.items if i.section == section.id]
        lines += ["", f"[{section.id}] {pick(lang, section.zh, section.en)}"]
        rows = [
            [
                item.id,
                item.title.get(lang),
                ", ".join(item.roles),
                severity_name(item.severity, lang),
                f"{item.points:g}",
                ", ".join(c.kind for c in item.checks),
            ]
            for item in items
        ]
        headers = pick(
            lang, "检查项|名称|角色|等级|分值|检查", "item|title|roles|severity|points|checks"
        )
        lines.append(tabulate(rows, headers=headers.split("|"), tablefmt="simple"))
    total = sum(i.points for i in checklist.items)
    lines += [
        "",
        pick(
            lang,
            f"共 {len(checklist.items)} 项，满分 {total:g} 分",
            f"{len(checklist.items)} items, {total:g} points in all",
        ),
    ]
    return "\n".join(lines) + "\n"
