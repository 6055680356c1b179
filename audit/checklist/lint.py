"""Cross-reference rules of a checklist: everything a schema alone cannot see.

Every name an item uses (roles, sections, facts, record sets, fields, document kinds) must be
declared, with a type that fits its use; every citation must be verifiable in the law
registry. Problems come back as diagnostics with the TOML key path of the offending value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any

from audit.checklist import model as m
from audit.checklist.base import ID_PATTERN
from audit.diagnostics import Diagnostic, JsonPath, Severity
from audit.i18n import did_you_mean
from audit.laws import Law, Registry

NUMERIC = ("integer", "number")
WHAT_ZH = {
    "section": "章节",
    "item": "检查项",
    "check": "检查",
    "role": "角色",
    "fact": "事实",
    "record set": "记录集",
    "document kind": "文书类型",
}
DATES = ("date", "datetime")


_LISTED = 6  # an unknown id with no near name lists the declared ones when there are this few


def unknown_ref(
    what: str, value: str, known: Iterable[str], path: JsonPath, *, file: str | None = None
) -> Diagnostic:
    """An id that names nothing the checklist declares (``what``: a key of WHAT_ZH), with the
    closest declared one as a suggestion; for checklists and the auditor files that cite them."""
    known = list(known)
    args: dict[str, Any] = {"what": what, "what_zh": WHAT_ZH[what], "value": value}
    suggestion = did_you_mean(value, known)
    if suggestion is None and 0 < len(known) <= _LISTED:  # no near name: the few there are
        args["declared"] = ", ".join(known)
    return Diagnostic(
        "checklist.unknown-ref",
        {**args, "suggestion": suggestion},
        file=file,
        path=path,
        style="toml",
    )


def field_type(record_set: m.RecordSet, name: str) -> tuple[str, bool] | None:
    """(base type, optional) of a record field; ``id`` is an implicit required string."""
    if name == "id":
        return ("string", False)
    declared = record_set.fields.get(name)
    if declared is None:
        return None
    return declared.rstrip("?"), declared.endswith("?")


def value_fits(value: Any, base: str) -> bool:
    """Whether a literal from the checklist can be compared with a value of type ``base``.

    Evidence date-times always carry an offset, so only a TOML offset date-time compares
    with them; a date compares with dates only.
    """
    if base in NUMERIC:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if base == "boolean":
        return isinstance(value, bool)
    if base == "string":
        return isinstance(value, str)
    if base == "datetime":
        return isinstance(value, dt.datetime) and value.utcoffset() is not None
    if base == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return False


def comparable_types(one: str, other: str) -> bool:
    """Whether values of two field types can be compared with each other."""
    return one == other or (one in NUMERIC and other in NUMERIC)


def toml_value(value: Any) -> str:
    """A checklist literal as TOML writes it (messages quote the file, not Python)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class Linter:
    """Collects the cross-reference problems of one checklist."""

    def __init__(self, checklist: m.Checklist, registry: Registry | None) -> None:
        self.c = checklist
        self.registry = registry
        self.problems: list[Diagnostic] = []

    # -- reporting --------------------------------------------------------------------------

    def error(self, code: str, path: JsonPath, **args: Any) -> None:
        self.problems.append(Diagnostic(code, args, path=path, style="toml"))

    def wrong_type(
        self, path: JsonPath, set_name: str, field: str, declared: str, use: tuple[str, str]
    ) -> None:
        """A field whose declared type does not fit the use (zh, en) a check makes of it."""
        self.error(
            "checklist.field-type",
            path,
            set=set_name,
            field=field,
            type=declared,
            use_zh=use[0],
            use=use[1],
        )

    def ordered(self, base: str, op: str, set_name: str, field: str, path: JsonPath) -> None:
        """Report ``op`` unless it suits a field of type ``base`` (booleans and texts only
        compare equal or not)."""
        if base in ("boolean", "string") and op not in ("==", "!="):
            self.wrong_type((*path, "op"), set_name, field, base, (f"“{op}”", f"'{op}'"))

    def replaced_texts(self, item: m.Item, path: JsonPath) -> None:
        """Warn of a text the registry says was replaced, cited without its replacement:
        findings after the replacement would rest on the old text alone."""
        if self.registry is None:
            return
        cited = {c.law for c in item.refs}
        for index, cite in enumerate(item.refs):
            law = self.registry.get(cite.law)
            if law is None or not law.replaced_by or law.replaced_by in cited:
                continue
            self.warn("checklist.ref-replaced", (*path, "refs", index), **self.replaced(law))

    def replaced(self, law: Law) -> dict[str, str]:
        """The arguments of a warning about a replaced text: which, by what, since when."""
        assert self.registry is not None and law.replaced_by is not None
        newer = self.registry.get(law.replaced_by)
        since = str(newer.in_force) if newer is not None and newer.in_force else "?"
        return {"law": law.id, "newer": law.replaced_by, "since": since}

    def warn(self, code: str, path: JsonPath, **args: Any) -> None:
        self.problems.append(
            Diagnostic(code, args, path=path, severity=Severity.WARNING, style="toml")
        )

    def unknown(self, what: str, value: str, known: Iterable[str], path: JsonPath) -> None:
        self.problems.append(unknown_ref(what, value, known, path))

    # -- whole checklist --------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        self.header()
        self.duplicates("section", [s.id for s in self.c.sections], ("sections",))
        self.duplicates("item", [i.id for i in self.c.items], ("items",))
        # a record set's workbook sheet: named by its first 31 characters, whatever the case,
        # beside the template's own sheets (the characters a sheet name cannot hold, the
        # model's NAME_PATTERN already refuses in any name)
        from audit.evidence.workbook import layout

        template = [layout.README_SHEET, layout.AGENCY_SHEET, layout.FACTS_SHEET]
        template += [layout.DOCUMENTS_SHEET, layout.ITEMS_SHEET]
        sheets = {s: f"({s})" for s in template}
        for name in self.c.records:
            other = sheets.setdefault(name[:31].casefold(), name)
            if other != name:
                self.error("checklist.sheet-name-clash", ("records", name), name=name, other=other)
        used_sections = {item.section for item in self.c.items}
        for index, section in enumerate(self.c.sections):
            if section.id not in used_sections:
                self.warn("checklist.empty-section", ("sections", index), id=section.id)
        if (
            any(item.exemptable for item in self.c.items)
            and "fault_tolerance_decision" not in self.c.documents
        ):
            self.error("checklist.no-fault-tolerance-kind", ("documents",))
        for index, item in enumerate(self.c.items):
            self.item(item, ("items", index))
        return self.problems

    def header(self) -> None:
        head = self.c.checklist
        mins = [g.min for g in head.grades]
        if mins != sorted(mins, reverse=True) or mins[-1] != 0 or len(set(mins)) != len(mins):
            self.error("checklist.grades", ("checklist", "grades"))
        for lang in ("zh", "en"):
            names = [getattr(g, lang) for g in head.grades]
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:  # critical_cap and reports name grades: each name must mean one
                self.error("checklist.grade-twice", ("checklist", "grades"), name=twice[0])
        names = [name for g in head.grades for name in (g.zh, g.en)]
        if head.critical_cap not in names:
            self.error(
                "checklist.critical-cap",
                ("checklist", "critical_cap"),
                value=head.critical_cap,
                known=", ".join(f"{g.zh}/{g.en}" for g in head.grades),  # either name serves
                suggestion=did_you_mean(head.critical_cap.replace(" ", ""), names),
            )
        if self.registry is not None and head.source not in self.registry:
            self.error(
                "cite.unknown-law",
                ("checklist", "source"),
                law=head.source,
                suggestion=did_you_mean(head.source, self.registry.laws),
            )

    def duplicates(self, what: str, ids: list[str], path: JsonPath) -> None:
        self.problems += duplicate_ids(what, ids, path)

    # -- items ------------------------------------------------------------------------------

    def item(self, item: m.Item, path: JsonPath) -> None:
        from audit.checklist.lint_kinds import CHECKERS  # which imports this module

        if item.section not in self.c.sections_by_id:
            self.unknown("section", item.section, self.c.sections_by_id, (*path, "section"))
        if "*" in item.roles and len(item.roles) > 1:
            self.error("checklist.role-star", (*path, "roles"))
        for index, role in enumerate(item.roles):
            if role != "*" and role not in self.c.roles:
                self.unknown("role", role, self.c.roles, (*path, "roles", index))
        seen: dict[tuple[Any, ...], int] = {}
        for index, cite in enumerate(item.refs):
            self.citation(cite, (*path, "refs", index))
            key = (cite.law, cite.chapter, cite.article, cite.paragraph, cite.item)
            if key in seen:  # said twice in every report
                self.warn("checklist.ref-twice", (*path, "refs", index), first=seen[key])
            seen.setdefault(key, index)
        self.replaced_texts(item, path)
        if item.liability is not None:
            self.citation(item.liability, (*path, "liability"))
            law = self.registry.get(item.liability.law) if self.registry is not None else None
            if law is not None and law.kind == "practice":  # a case study imposes no liability
                self.error("checklist.liability-practice", (*path, "liability"), law=law.id)
            elif law is not None and law.replaced_by:  # findings after it rest on the old text
                self.warn(
                    "checklist.liability-replaced", (*path, "liability"), **self.replaced(law)
                )
        self.duplicates("check", [c.id for c in item.checks], (*path, "checks"))
        for index, check in enumerate(item.checks):
            CHECKERS[check.kind](self, check, (*path, "checks", index))
        if item.scoring is not None and all(c.kind in ("document", "manual") for c in item.checks):
            self.error("checklist.scoring-without-measure", (*path, "scoring"))
        if item.scoring is not None and item.scoring.tiers:
            self.tiers(item.scoring.tiers, (*path, "scoring", "tiers"))

    def tiers(self, tiers: list[tuple[float, float]], path: JsonPath) -> None:
        """Tiers (highest value first) whose credit falls as the value rises, or two for one
        value: a better result earns less, or the credit depends on the order written."""
        for (higher, more), (lower, less) in pairwise(tiers):
            if higher == lower:
                self.warn("checklist.tier-twice", path, value=toml_value(higher))
            elif more < less:
                self.warn(
                    "checklist.tiers-falling",
                    path,
                    higher=toml_value(higher),
                    more=toml_value(more),
                    lower=toml_value(lower),
                    less=toml_value(less),
                )

    def citation(self, cite: m.Citation, path: JsonPath) -> None:
        if self.registry is not None:
            self.problems += citation_problems(self.registry, cite, path)

    # -- names used by checks ---------------------------------------------------------------

    def record_set(self, name: str, path: JsonPath) -> m.RecordSet | None:
        found = self.c.records.get(name)
        if found is None:
            self.unknown("record set", name, self.c.records, path)
        return found

    def field(
        self,
        set_name: str,
        rs: m.RecordSet,
        name: str,
        path: JsonPath,
        *,
        want: tuple[str, ...] | None = None,
        use: tuple[str, str] = ("", ""),
    ) -> str | None:
        found = field_type(rs, name)
        if found is None:
            self.error(
                "checklist.unknown-field",
                path,
                set=set_name,
                value=name,
                suggestion=did_you_mean(name, [*rs.fields, "id"]),
            )
            return None
        base = found[0]
        if want is not None and base not in want:
            self.wrong_type(path, set_name, name, base, use)
        return base

    def where(
        self, set_name: str, rs: m.RecordSet, where: Mapping[str, Any], path: JsonPath
    ) -> None:
        for key, value in where.items():
            base = self.field(set_name, rs, key, (*path, key))
            values = value if isinstance(value, list) else [value]
            if not values:  # no record can match: the check would judge nothing, always
                self.error("checklist.where-empty", (*path, key), key=key)
            if base is not None:
                for v in values:
                    # a whole-number field never equals 2.5 (2.0 is matched by 2)
                    fraction = base == "integer" and isinstance(v, float) and not v.is_integer()
                    if fraction or not value_fits(v, base):
                        self.misfit(v, base, f"{set_name}.{key}", (*path, key))

    def misfit(self, value: Any, base: str, subject: str, path: JsonPath) -> None:
        """A value of the wrong type for ``subject``; a date written in quotes is told how
        TOML writes dates."""
        quoted_date = base in ("date", "datetime") and isinstance(value, str) and _is_date(value)
        self.error(
            "checklist.value-type",
            path,
            value=toml_value(value),
            subject=subject,
            type=base,
            **({"hint": "unquoted-date"} if quoted_date else {}),
        )

    def records_where(self, check: m.RecordCheck, path: JsonPath) -> m.RecordSet | None:
        rs = self.record_set(check.records, (*path, "records"))
        if rs is not None:
            self.where(check.records, rs, check.where, (*path, "where"))
        return rs

    def comparable(self, base: str, op: str, value: Any, subject: str, path: JsonPath) -> None:
        if not value_fits(value, base):
            self.misfit(value, base, subject, (*path, "value"))
        else:
            set_name, field = subject.split(".", maxsplit=1)[0], subject.rsplit(".", maxsplit=1)[-1]
            self.ordered(base, op, set_name, field, path)


def _is_date(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def duplicate_ids(what: str, ids: list[Any], path: JsonPath) -> list[Diagnostic]:
    """An error at every id of ``ids`` (under ``path``) that an earlier one already has."""
    found, seen = [], set()
    for index, value in enumerate(ids):
        if not isinstance(value, str):  # a table or array where an id goes: its own error
            continue
        if value in seen:
            args = {"what": what, "what_zh": WHAT_ZH[what], "id": value}
            at = (*path, index, "id")
            found.append(Diagnostic("checklist.duplicate-id", args, path=at, style="toml"))
        seen.add(value)
    return found


def citation_problems(registry: Registry, cite: m.Citation, path: JsonPath) -> list[Diagnostic]:
    """What makes ``cite`` (at ``path``) unverifiable against the registry."""
    return [
        Diagnostic(
            p.code, p.args, path=path if p.field == "law" else (*path, p.field), style="toml"
        )
        for p in registry.check(cite)
    ]


# What lint finds without a valid checklist model, so that a file with a structural mistake
# still has its citations and ids checked in the same run.
UNMODELLED = frozenset({"checklist.duplicate-id"})


def lint_unmodelled(data: Mapping[str, Any], registry: Registry | None) -> list[Diagnostic]:
    """Citation, duplicate-id, section and role errors read from the raw TOML tables of a
    checklist that did not validate: every citation that is well formed by itself is
    checked against the registry, and ids and names are compared wherever they are
    strings."""
    from pydantic import ValidationError

    found: list[Diagnostic] = []
    items = data.get("items")
    items = [i if isinstance(i, Mapping) else {} for i in items] if isinstance(items, list) else []
    sections = data.get("sections")
    if isinstance(sections, list):
        ids = [s.get("id") if isinstance(s, Mapping) else None for s in sections]
        found += duplicate_ids("section", ids, ("sections",))
    found += duplicate_ids("item", [i.get("id") for i in items], ("items",))
    listed = sections if isinstance(sections, list) else []
    given = [s.get("id") if isinstance(s, Mapping) else None for s in listed]
    # a section whose own id is broken ("-LEAD") is reported as such; the items naming
    # the id it was meant to have ("LEAD") are not reported again, nor pointed at it
    named = [i for i in given if isinstance(i, str) and re.match(ID_PATTERN, i)]
    # (dicts, not sets: the names are listed in the order the file declares them, the same
    # on every run, where a set's order changed with each process's string hashing)
    section_ids = (
        dict.fromkeys(named) if isinstance(sections, list) and len(named) == len(given) else None
    )
    roles = data.get("roles")
    role_ids = {**dict.fromkeys(roles), "*": None} if isinstance(roles, Mapping) else None
    for index, item in enumerate(items):
        section = item.get("section")
        if section_ids is not None and isinstance(section, str) and section not in section_ids:
            found.append(unknown_ref("section", section, section_ids, ("items", index, "section")))
        named = item.get("roles")
        for n, role in enumerate(named if isinstance(named, list) and role_ids else []):
            if isinstance(role, str) and role not in (role_ids or ()):
                found.append(
                    unknown_ref("role", role, role_ids or (), ("items", index, "roles", n))
                )
        checks = item.get("checks")
        if isinstance(checks, list):
            ids = [c.get("id") if isinstance(c, Mapping) else None for c in checks]
            found += duplicate_ids("check", ids, ("items", index, "checks"))
        if registry is None:
            continue
        refs = item.get("refs")
        cited = list(enumerate(refs)) if isinstance(refs, list) else []
        places: list[tuple[Any, JsonPath]] = [
            (cite, ("items", index, "refs", n)) for n, cite in cited
        ]
        places.append((item.get("liability"), ("items", index, "liability")))
        for cite, path in places:
            try:
                citation = m.Citation.model_validate(cite)
            except ValidationError:  # its own error is reported already (or it is absent)
                continue
            found += citation_problems(registry, citation, path)
    return found


def lint(checklist: m.Checklist, registry: Registry | None) -> list[Diagnostic]:
    """All cross-reference problems (errors and warnings) of ``checklist``."""
    return Linter(checklist, registry).run()


def lint_check(checklist: m.Checklist, check: Any, path: JsonPath) -> list[Diagnostic]:
    """The errors of one check judged against ``checklist``'s declarations, placed at
    ``path`` (a check changed by tailoring, which must still fit the facts and fields)."""
    from audit.checklist.lint_kinds import CHECKERS

    linter = Linter(checklist, None)
    CHECKERS[check.kind](linter, check, path)
    return [d for d in linter.problems if d.severity is Severity.ERROR]
