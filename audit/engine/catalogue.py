"""The texts a result carries about its checklist (so reports need nothing else)."""

from __future__ import annotations

from audit.checklist import model as m
from audit.checklist.describe import describe_check, describe_scoring
from audit.engine.result import Bilingual, Catalogue, ItemText
from audit.laws import Registry


def cite(c: m.Citation, registry: Registry) -> Bilingual:
    """A citation in both languages, with the registry's paraphrase."""
    return Bilingual(zh=registry.explain(c, "zh"), en=registry.explain(c, "en"))


def short_cite(c: m.Citation, registry: Registry) -> Bilingual:
    """A citation in both languages without the paraphrase, but with the checklist's note
    on it: "as a practice reference, in force from 2025" is part of what is cited."""
    zh, en = registry.describe(c, "zh"), registry.describe(c, "en")
    if c.note is not None:
        zh, en = f"{zh}（{c.note.zh}）", f"{en} ({c.note.en})"
    return Bilingual(zh=zh, en=en)


def build_catalogue(checklist: m.Checklist, registry: Registry) -> Catalogue:
    """Section names, item texts, grades and role names, in both languages."""
    return Catalogue(
        title=Bilingual(zh=checklist.checklist.title.zh, en=checklist.checklist.title.en),
        sections={s.id: Bilingual(zh=s.zh, en=s.en) for s in checklist.sections},
        items={
            item.id: ItemText(
                title=Bilingual(zh=item.title.zh, en=item.title.en),
                requirement=Bilingual(zh=item.requirement.zh, en=item.requirement.en),
                remedy=Bilingual(zh=item.remedy.zh, en=item.remedy.en),
                refs=[short_cite(c, registry) for c in item.refs],
                refs_in_force=[registry.in_force_between(c.law) for c in item.refs],
                liability=None if item.liability is None else short_cite(item.liability, registry),
                liability_in_force=None
                if item.liability is None
                else registry.in_force_between(item.liability.law),
                points=item.points,
                severity=item.severity,
                section=item.section,
                roles=item.roles,
                checks={
                    c.id: Bilingual(
                        zh=describe_check(c, checklist, "zh"), en=describe_check(c, checklist, "en")
                    )
                    for c in item.checks
                },
                scoring=None
                if item.scoring is None
                else Bilingual(
                    zh=describe_scoring(item.scoring, "zh"), en=describe_scoring(item.scoring, "en")
                ),
            )
            for item in checklist.items
        },
        grades=[g.model_dump() for g in checklist.checklist.grades],
        critical_cap=checklist.checklist.critical_cap,
        roles={k: Bilingual(zh=r.zh, en=r.en) for k, r in checklist.roles.items()},
        rectification_days=checklist.checklist.rectification_days.model_dump(),
    )
