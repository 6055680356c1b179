"""Rules that need the whole document: ids, references, the period, attachments.

They run on the cleaned tree, which the fast path (msgspec) and the slow path (the
structural walker) both produce, so each rule exists once. The tree may lack parts that
were structurally invalid; every rule skips what is not there.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Mapping, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

from audit.diagnostics import Diagnostic, JsonPath, error, warning
from audit.evidence.attachments import attachment_problem
from audit.evidence.shape import Shape
from audit.i18n import INVISIBLE, blank, did_you_mean

MAX_PERIOD_DAYS = 366
_ID = operator.itemgetter("id")


# Header texts a template leaves for the agency to fill in, and what a template writes there.
_NAMED_BY_HAND = (
    ("agency", "name"),
    ("agency", "district"),
    ("submitted_by", "name"),
    ("responsible", "unit"),
    ("responsible", "person"),
    ("responsible", "leader"),
)
_PLACEHOLDER = re.compile(r"（[^（）]+）\Z|\([^()]+\)\Z")  # as the template writes them
# The template's example values, as `audit init` writes them (audit.checklist.example):
# a text field's "示例" / "example", a document titled "…（示例）" / "… (example)".
_EXAMPLE_TEXTS = frozenset({"示例", "example"})
_EXAMPLE_TITLE = re.compile(r"（示例）\Z| \(example\)\Z")


# What hides in an id that looks right: whitespace at either end (a full-width space among
# it), and anywhere the zero-width characters no editor shows.
_SPACES = " \t\n\r\u00a0\u3000"
_UNTIDY = re.compile(f"^\\s|\\s$|[{INVISIBLE}]")
_SEPARATOR = "\x1f"  # a control character: never inside valid evidence text


def _any_untidy(values: list[Any]) -> bool:
    """Whether a value of ``values`` is untidy (``_UNTIDY``): looked for in one joined
    text, a substring search per character (an ASCII text needs four), so that clean
    columns cost microseconds."""
    texts = [v for v in values if isinstance(v, str)] if None in values else values
    try:
        joined = _SEPARATOR.join(texts)
    except TypeError:  # numbers matched: nothing to trim
        return False
    if joined.isascii():
        spaces = _SPACES[:4]
    else:
        spaces = _SPACES
        if any(char in joined for char in INVISIBLE):
            return True
    for char in spaces:
        if char in joined and (
            joined.startswith(char)
            or joined.endswith(char)
            or _SEPARATOR + char in joined
            or char + _SEPARATOR in joined
        ):
            return True
    return False


def _blank(value: Any) -> bool:
    """Blank to a reader: only whitespace (a full-width space too) or zero-width characters."""
    return isinstance(value, str) and blank(value)


def period_problem(start: dt.date, end: dt.date) -> Diagnostic | None:
    """What is wrong with a period: a start after its end, or more than 366 days."""
    if start > end:
        return error(
            "evidence.period-order",
            ("period", "start"),
            start=start.isoformat(),
            end=end.isoformat(),
        )
    days = (end - start).days
    if days > MAX_PERIOD_DAYS:
        return error("evidence.period-length", ("period", "end"), days=days)
    return None


Columns = dict[tuple[str, str], list[Any]]
"""Columns validation gathers, by (record set, field): the ids of every set whose ids are
unique, and the primary dates of every set that lies wholly inside the period."""


class Semantics:
    """Collects the document-level problems of one cleaned evidence tree."""

    def __init__(
        self,
        doc: Mapping[str, Any],
        shape: Shape,
        *,
        base_dir: Path | None,
        attachments: bool,
        flawed: frozenset[JsonPath] = frozenset(),
    ) -> None:
        self.doc = doc
        self.shape = shape
        self.base_dir = base_dir
        self.attachments = attachments
        self.flawed = {p[:n] for p in flawed for n in range(len(p) + 1)}
        # a document left out of the cleaned list, or whose id was: its id is not known
        self.lost_document_ids = any(
            p[:1] == ("documents",) and (len(p) <= 2 or p[2] == "id") for p in flawed
        )
        self.problems: list[Diagnostic] = []
        self.columns: Columns = {}

    def is_flawed(self, path: JsonPath) -> bool:
        """Whether the structural walker already reported a problem at or below ``path``."""
        return path in self.flawed

    def run(self) -> list[Diagnostic]:
        self.header()
        period = self.period()
        self.records(period)
        documents = self.documents()
        self.items(documents)
        self.unused(documents)
        return self.problems

    def header(self) -> None:
        shape, doc = self.shape, self.doc
        named = doc.get("checklist")
        if (
            shape.checklist_id is not None
            and isinstance(named, str)
            and named != shape.checklist_id
        ):
            self.problems.append(
                warning(
                    "evidence.checklist-other",
                    ("checklist",),
                    given=named,
                    actual=shape.checklist_id,
                )
            )
        version = doc.get("checklist_version")
        if (
            shape.checklist_version is not None
            and version is not None
            and version != shape.checklist_version
        ):
            self.problems.append(
                warning(
                    "evidence.checklist-version",
                    ("checklist_version",),
                    given=version,
                    actual=shape.checklist_version,
                )
            )
        self.placeholders()
        agency = doc.get("agency") or {}
        for key in ("name", "district"):
            if _blank(agency.get(key)):
                self.problems.append(error("evidence.empty-string", ("agency", key)))
        if shape.roles is not None:
            for index, role in enumerate(agency.get("roles") or ()):
                if role not in shape.roles:
                    known = "、".join(sorted(shape.roles))
                    self.problems.append(
                        error(
                            "evidence.unknown-role",
                            ("agency", "roles", index),
                            value=role,
                            suggestion=did_you_mean(role, shape.roles),
                            known_zh=known,
                            known_en=", ".join(sorted(shape.roles)),
                        )
                    )
        if _blank((doc.get("submitted_by") or {}).get("name")):
            self.problems.append(error("evidence.empty-string", ("submitted_by", "name")))

    def placeholders(self) -> None:
        """Who the file is from, still as the template wrote it: "（单位全称）" and the like
        (a text wholly in full-width brackets) passes every type rule, so it is said."""
        for path in _NAMED_BY_HAND:
            parent = self.doc.get(path[0])
            value = parent.get(path[1]) if isinstance(parent, dict) else None
            if isinstance(value, str) and _PLACEHOLDER.match(value.strip()):
                self.problems.append(warning("evidence.placeholder", path, value=value))
        self.examples()

    def examples(self) -> None:
        """The template's example records and documents, left in: they pass every rule and
        score as if real (an untouched court template scored 100), so each is said, and
        ``--strict`` fails the file. Of a set, the first and last records are looked at
        (the template writes one; a clerk adds below or above it): no pass over all."""
        sets = self.doc.get("records")
        for name, rows in sets.items() if isinstance(sets, dict) else ():
            if not isinstance(rows, list) or not rows:
                continue
            for index in dict.fromkeys((0, len(rows) - 1)):
                row = rows[index]
                for key, value in row.items() if isinstance(row, dict) else ():
                    if isinstance(value, str) and value.strip() in _EXAMPLE_TEXTS:
                        at: JsonPath = ("records", name, index, key)
                        self.problems.append(warning("evidence.example-left", at, value=value))
                        break  # one warning a record
        documents = self.doc.get("documents")
        for index, document in enumerate(documents if isinstance(documents, list) else ()):
            title = document.get("title") if isinstance(document, dict) else None
            if isinstance(title, str) and _EXAMPLE_TITLE.search(title.strip()):
                self.problems.append(
                    warning("evidence.example-left", ("documents", index, "title"), value=title)
                )

    def period(self) -> tuple[dt.date, dt.date] | None:
        period = self.doc.get("period") or {}
        start, end = period.get("start"), period.get("end")
        if not isinstance(start, dt.date) or not isinstance(end, dt.date):
            return None
        problem = period_problem(start, end)
        if problem is not None:
            self.problems.append(problem)
            return None
        return start, end

    def records(self, period: tuple[dt.date, dt.date] | None) -> None:
        sets = self.shape.record_sets
        for name, records in (self.doc.get("records") or {}).items():
            ids = self.unique_ids(records, ("records", name))
            if ids is not None:
                self.columns[(name, "id")] = ids
            for key in self.shape.matching.get(name, ()):
                self.untidy(list(map(dict.get, records, repeat(key))), ("records", name), key)
            date_field = sets[name].date if sets is not None and name in sets else None
            if period is None or date_field is None:
                continue
            start, end = period
            dates = dates_within(records, date_field, start, end)
            if dates is not None:
                self.columns[(name, date_field)] = dates
                continue
            outside = [
                i
                for i, r in enumerate(records)
                if (d := as_day(r.get(date_field))) is not None and not start <= d <= end
            ]
            if outside:
                shown = ", ".join(str(records[i].get("id")) for i in outside[:3])
                matched = name in self.shape.matched_whole
                self.problems.append(
                    warning(
                        "evidence.outside-period-matched" if matched else "evidence.outside-period",
                        ("records", name, outside[0], date_field),
                        set=name,
                        count=len(outside),
                        field=date_field,
                        start=start.isoformat(),
                        end=end.isoformat(),
                        ids=shown + (" …" if len(outside) > 3 else ""),
                    )
                )

    def unique_ids(self, entries: list[Mapping[str, Any]], path: JsonPath) -> list[Any] | None:
        """The ids of ``entries`` when they are all there and unique, else None (and the
        duplicates reported)."""
        try:
            ids = list(map(_ID, entries))
        except KeyError:  # a record without a (valid) id: the walker reported it
            pass
        else:
            self.untidy(ids, path, "id")
            if len(set(ids)) == len(ids):
                return ids  # the usual case, checked at C speed
        first: dict[str, int] = {}
        for index, entry in enumerate(entries):
            rid = entry.get("id")
            if rid is None:
                continue
            if rid in first:
                self.problems.append(
                    error(
                        "evidence.duplicate-id",
                        (*path, index, "id"),
                        id=rid,
                        first=first[rid],
                        ordinal=first[rid] + 1,
                    )
                )
            else:
                first[rid] = index
        return None

    def untidy(self, values: list[Any], path: JsonPath, key: str) -> None:
        """Ids and matched values that begin or end with a space (a full-width one too) or
        hold a zero-width character: blank ones are errors, the others warnings, since a
        record that refers to them as they look will not match."""
        if not _any_untidy(values):
            return
        for index, value in enumerate(values):
            if not isinstance(value, str) or not _UNTIDY.search(value):
                continue
            where = (*path, index, key)
            if blank(value):
                self.problems.append(error("evidence.empty-string", where))
            else:
                self.problems.append(warning("evidence.untidy-value", where, value=value))

    def documents(self) -> dict[str, Mapping[str, Any]]:
        documents = self.doc.get("documents") or []
        self.unique_ids(documents, ("documents",))
        kinds = self.shape.document_kinds
        by_id: dict[str, Mapping[str, Any]] = {}
        for index, document in enumerate(documents):
            path: JsonPath = ("documents", index)
            by_id.setdefault(document.get("id", ""), document)
            kind = document.get("kind")
            if kinds is not None and kind is not None and kind not in kinds:
                self.problems.append(
                    error(
                        "evidence.unknown-document-kind",
                        (*path, "kind"),
                        value=kind,
                        suggestion=did_you_mean(kind, kinds),
                    )
                )
            if _blank(document.get("title")):
                self.problems.append(error("evidence.empty-string", (*path, "title")))
            if (
                "path" not in document
                and "url" not in document
                and not (self.is_flawed((*path, "path")) or self.is_flawed((*path, "url")))
            ):
                self.problems.append(error("evidence.missing-location", path))
            if "path" in document:
                if "sha256" not in document and not self.is_flawed((*path, "sha256")):
                    self.problems.append(error("evidence.missing-sha256", path))
                self.attachment(document, path)
        return by_id

    def attachment(self, document: Mapping[str, Any], path: JsonPath) -> None:
        problem = attachment_problem(
            document["path"], document.get("sha256"), self.base_dir, verify=self.attachments
        )
        if problem is not None:
            code, args = problem
            self.problems.append(error(code, (*path, "path"), **args))

    def items(self, documents: Mapping[str, Mapping[str, Any]]) -> None:
        known = self.shape.item_ids
        for item_id, claim in (self.doc.get("items") or {}).items():
            path: JsonPath = ("items", item_id)
            if known is not None and item_id not in known:
                self.problems.append(
                    error(
                        "evidence.unknown-item",
                        path,
                        at="key",
                        key=item_id,
                        checklist=self.shape.checklist_id,
                        suggestion=did_you_mean(item_id, known),
                    )
                )
            if (
                claim.get("claim") == "not_applicable"
                and ("justification" not in claim or _blank(claim.get("justification")))
                and not self.is_flawed((*path, "justification"))
            ):
                self.problems.append(error("evidence.justification-required", (*path, "claim")))
            exemption = claim.get("exemption")
            if not exemption:
                continue
            for key in ("reason", "approved_by"):
                if _blank(exemption.get(key)):
                    self.problems.append(error("evidence.empty-string", (*path, "exemption", key)))
            decision = exemption.get("decision")
            if decision is None:
                continue
            target = documents.get(decision)
            if target is None and self.lost_document_ids:
                continue  # it may be the one whose id could not be read
            if target is None:
                self.problems.append(
                    error(
                        "evidence.unknown-document",
                        (*path, "exemption", "decision"),
                        value=decision,
                        suggestion=did_you_mean(decision, documents),
                    )
                )
            elif target.get("kind") != "fault_tolerance_decision":
                self.problems.append(
                    error(
                        "evidence.decision-kind",
                        (*path, "exemption", "decision"),
                        value=decision,
                        kind=target.get("kind"),
                    )
                )

    def unused(self, documents: Mapping[str, Mapping[str, Any]]) -> None:
        if not self.shape.item_kinds or not documents:
            return
        roles = set((self.doc.get("agency") or {}).get("roles") or ())
        if not roles or (self.shape.roles is not None and not roles <= self.shape.roles):
            return  # the roles are already reported; which documents count is unknown
        wanted: set[str] = set()
        for item_id, kinds in self.shape.item_kinds.items():
            item_roles = self.shape.item_roles.get(item_id, frozenset())
            if "*" in item_roles or not roles.isdisjoint(item_roles):
                wanted |= kinds
        referenced = {
            (claim.get("exemption") or {}).get("decision")
            for claim in (self.doc.get("items") or {}).values()
        }
        kinds = self.shape.document_kinds or frozenset()
        for index, document in enumerate(self.doc.get("documents") or []):
            kind, name = document.get("kind"), document.get("id")
            if not isinstance(name, str):  # its missing id is the error: no "document None"
                continue
            if kind in kinds and kind not in wanted and name not in referenced:
                self.problems.append(
                    warning(
                        "evidence.unused-document",
                        ("documents", index),
                        id=name,
                        kind=kind,
                    )
                )


def dates_within(
    records: Sequence[Mapping[str, Any]], field: str, start: dt.date, end: dt.date
) -> list[dt.date] | None:
    """Every record's ``field`` when all are dates inside [start, end], else None (gathered,
    and min/max taken, in C)."""
    if not records:
        return []
    try:
        dates = list(map(operator.itemgetter(field), records))
        low, high = min(dates), max(dates)
    except (KeyError, TypeError):  # a record lacks the date, or dates mix with date-times
        return None
    if isinstance(low, dt.datetime) or isinstance(high, dt.datetime):
        return None
    if isinstance(low, dt.date) and start <= low and high <= end:
        return dates
    return None


# The PRC holiday calendar's days are Beijing days: a date-time counts on its day in China
# time (UTC+8 all year), however its offset is written — 2020-04-29T23:30:00Z is 30 April.
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))
in_china = operator.methodcaller("astimezone", CHINA_TIME)


def as_day(value: Any) -> dt.date | None:
    """The day of a date or date-time value in China time (None for anything else). On
    the calendar's first or last day, where China time falls outside the years 1–9999
    (9999-12-31T20:00:00-05:00), the day as written."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date()
        try:
            return value.astimezone(CHINA_TIME).date()
        except OverflowError:
            return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def check_semantics(
    doc: Mapping[str, Any],
    shape: Shape,
    *,
    base_dir: Path | None,
    attachments: bool = True,
    flawed: frozenset[JsonPath] = frozenset(),
) -> tuple[list[Diagnostic], Columns]:
    """Every document-level problem of a cleaned evidence tree, and the columns gathered on
    the way (an audit run then need not gather them again).

    ``flawed`` holds the paths the structural walker reported; rules that would only echo
    those problems (a reference to a document that was dropped, say) stay quiet there.
    """
    semantics = Semantics(doc, shape, base_dir=base_dir, attachments=attachments, flawed=flawed)
    problems = semantics.run()
    return problems, semantics.columns
