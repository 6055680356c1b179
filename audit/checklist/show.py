"""A checklist as people read it (``audit checklists show``): text tables or JSON."""

from __future__ import annotations

import json

from tabulate import tabulate

from audit.checklist.describe import exact
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
    """Header, vocabulary (roles, facts, record sets, document kinds) and items by section."""
    lines = [*_header(checklist, lang), *_vocabulary(checklist, lang)]
    for section in checklist.sections:
        items = [i for i in checklist.items if i.section == section.id]
        lines += ["", f"[{section.id}] {pick(lang, section.zh, section.en)}"]
        rows = [
            [
                item.id,
                item.title.get(lang),
                ", ".join(item.roles),
                severity_name(item.severity, lang),
                exact(item.points),
                ", ".join(c.kind for c in item.checks),
            ]
            for item in items
        ]
        headers = pick(
            lang, "检查项|名称|角色|严重程度|分值|检查", "item|title|roles|severity|points|checks"
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


def _header(checklist: Checklist, lang: Lang) -> list[str]:
    head = checklist.checklist
    cap = head.critical_cap
    if cap is not None:
        # the checklist may name the capping grade in either language
        grade = next((g for g in head.grades if cap in (g.zh, g.en)), None)
        cap = grade.name(lang) if grade is not None else cap
    return [
        f"{head.title.get(lang)}",
        f"id: {head.id}   {pick(lang, '版本', 'version')}: {head.version}   "
        f"{pick(lang, '依据', 'source')}: {head.source}",
        pick(lang, "等级：", "Grades: ")
        + ", ".join(f"{g.name(lang)} ≥ {g.min:g}" for g in head.grades)
        + (
            pick(
                lang,
                f"；存在关键项未通过时最高为 {cap}",
                f"; capped at {cap} while a critical item is not passed",
            )
            if cap
            else ""
        ),
    ]


def _vocabulary(checklist: Checklist, lang: Lang) -> list[str]:
    """The names items use: roles, facts, record sets with their fields, document kinds."""
    lines = [
        "",
        pick(lang, "角色", "Roles") + ":",
        tabulate(
            [[rid, pick(lang, r.zh, r.en)] for rid, r in checklist.roles.items()], tablefmt="plain"
        ),
    ]
    if checklist.facts:
        rows = [
            [fid, pick(lang, f.zh, f.en), f.type, f.unit or ""]
            for fid, f in checklist.facts.items()
        ]
        headers = pick(lang, "事实|名称|类型|单位", "fact|name|type|unit").split("|")
        lines += ["", pick(lang, "事实", "Facts") + ":", tabulate(rows, headers, "simple")]
    if checklist.records:
        lines += [
            "",
            pick(
                lang,
                "记录集（每条记录另有 id；类型后的 ? 表示可选）:",
                "Record sets (every record also has an id; ? marks an optional field):",
            ),
        ]
        for sid, rs in checklist.records.items():
            date = (
                pick(lang, f"；主日期 {rs.date}", f"; primary date: {rs.date}")
                if rs.date
                else pick(lang, "；无主日期", "; no primary date")
            )
            lines.append(f"  {sid}  {pick(lang, rs.zh, rs.en)}{date}")
            fields = tabulate([[name, kind] for name, kind in rs.fields.items()], tablefmt="plain")
            lines += ["      " + line for line in fields.splitlines()]
    if checklist.documents:
        rows = [[did, pick(lang, d.zh, d.en)] for did, d in checklist.documents.items()]
        lines += [
            "",
            pick(lang, "文书类型", "Document kinds") + ":",
            tabulate(rows, tablefmt="plain"),
        ]
    return lines
