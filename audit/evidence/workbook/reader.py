"""Workbook → evidence: every value converted, every bad cell named, every value's cell kept."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from audit.checklist import model as m
from audit.diagnostics import Diagnostic, JsonPath, Severity
from audit.errors import UsageError
from audit.evidence import FORMAT
from audit.evidence.shape import CLAIM_NAMES
from audit.evidence.workbook.layout import (
    AGENCY_EXTENSION,
    AGENCY_FIELDS,
    AGENCY_SHEET,
    DOCUMENT_FIELDS,
    DOCUMENTS_SHEET,
    EXCEL_FIRST_DAY,
    EXTENSION,
    FACTS_SHEET,
    FALSE,
    FIRST_ROW,
    ITEM_FIELDS,
    ITEMS_SHEET,
    README_SHEET,
    TRUE,
    TZ_CHINA,
    WRITTEN_COLUMNS,
    col,
    key_path,
    labels,
    put,
    record_header,
)
from audit.evidence.workbook.written import written_day, written_number, written_stamp
from audit.i18n import did_you_mean, suggestion_budget

Cells = dict[JsonPath, str]
_ABSENT = object()


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell saved without its computed value (written by a script, or saved
    without calculating): read as a value it would be empty, and its value lost unseen."""

    formula: str

    def __str__(self) -> str:  # read as a key (row 1, column A): the formula as typed
        return self.formula


@dataclass(frozen=True)
class Merged:
    """A cell of merged cells other than their first: it shows the first's value, and
    holds none (clerks merge the cells of a value that repeats down a column)."""

    cells: str

    def __str__(self) -> str:  # read as a key: the cell shows another's, and holds none
        return ""


@dataclass(frozen=True)
class Failed:
    """A cell holding an Excel error value (#N/A, #REF!, #NAME? …): a formula that failed,
    saved as its error. Read as a value it is the error's text, which passed as an agency
    name, a record id or an opinion."""

    error: str

    def __str__(self) -> str:  # read as a key: the error as Excel shows it
        return self.error


_EXCEL_DIGITS = 10**15  # Excel keeps 15 significant digits of a number
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_CELL = re.compile(rb"\st=[\"']e[\"']")
Row = tuple[Any, ...]


@dataclass
class Imported:
    """A workbook read back: the document, its bad cells, and the cell of each JSON path."""

    doc: dict[str, Any]
    problems: list[Diagnostic] = field(default_factory=list)
    cells: Cells = field(default_factory=dict)
    # paths whose cell was bad (or empty though required): left out of the document, and
    # already reported at their cell
    dropped: set[JsonPath] = field(default_factory=set)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    # (the JSON path of a sheet's rows, a field key) whose column's key was changed in row 1:
    # reported once, at the header, not as a missing field in every row
    renamed: set[tuple[JsonPath, str]] = field(default_factory=set)

    def document_problems(self, problems: list[Diagnostic], workbook: str) -> list[Diagnostic]:
        """The problems of the converted document at their cells, less those that only
        repeat a bad cell (the value left out is then "missing"): so one import reports the
        bad cells and everything else at once."""
        kept = [
            p
            for p in problems
            if p.path not in self.dropped
            and not (
                p.code == "evidence.missing-key"
                and p.path is not None
                and (
                    (*p.path, *key_path(str(p.args.get("key", "")))) in self.dropped
                    or self._renamed(p.path, str(p.args.get("key", "")))
                )
            )
        ]
        moved = at_cells(kept, self.cells, workbook)
        return [self._in_rows(p, self._in_column(p, at)) for p, at in zip(kept, moved, strict=True)]

    def _in_rows(self, original: Diagnostic, problem: Diagnostic) -> Diagnostic:
        """A duplicate id names the row of the first one (tasks!A4), not its index in a
        JSON array the clerk never sees."""
        index = original.args.get("first")
        if original.code != "evidence.duplicate-id" or original.path is None:
            return problem
        if not isinstance(index, int):  # always an index: typed for the lookup below
            return problem
        first = self.cells.get((*original.path[:-2], index))
        if first is None:
            return problem
        args = {"id": original.args.get("id"), "cell": first}
        return replace(problem, code="workbook.duplicate-id", args=args)

    def _renamed(self, path: JsonPath, key: str) -> bool:
        """Whether ``key`` missing at ``path`` is the field of a column whose key was changed."""
        full = (*path, key)
        return any(
            full[: len(rows)] == rows
            and ("." + ".".join(map(str, full[len(rows) :]))).endswith("." + renamed)
            for rows, renamed in self.renamed
        )

    def _in_column(self, original: Diagnostic, problem: Diagnostic) -> Diagnostic:
        """A missing key of a row, put in the row's cell of that key's column (documents!F4
        for a missing sha256, items!O4 for a claim's missing exemption.approved_by, not the
        row's first cell) when the sheet has the column."""
        key = (
            problem.args.get("key")
            if problem.code == "evidence.missing-key"
            else _MISSING_FIELD.get(problem.code)
        )
        if not isinstance(key, str) or not problem.file:
            return problem
        sheet, _, cell = problem.file.rpartition("!")
        columns = self.columns.get(sheet, {})
        # the column of the key's whole path within its row: the longest dotted suffix of
        # the JSON path that names a column (exemption.approved_by, not approved_by)
        full = [str(part) for part in (*(original.path or ()), key)]
        column = next(
            (columns[k] for n in range(len(full)) if (k := ".".join(full[n:])) in columns), None
        )
        if column is None:  # a key spread over columns (exemption.conditions.*): the first
            column = next(
                (
                    columns[k]
                    for n in range(len(full))
                    for k in columns
                    if k.startswith(".".join(full[n:]) + ".")
                ),
                None,
            )
        row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if column is None or not row.isdigit() or row == "1":
            return problem
        return replace(problem, file=f"{sheet}!{column}{row}")


def not_carried(doc: dict[str, Any], data: bytes, checklist: m.Checklist) -> list[JsonPath]:
    """The values of ``doc`` that its workbook ``data`` would not give back, in document
    order: keys the checklist does not know (a misspelt record set, fact or claim key) have
    no cell to travel in. A value in a bad cell is carried: import names the cell."""
    import io

    reader = Reader(checklist)
    kept = set(_leaves(reader.read(io.BytesIO(data)))) | reader.dropped
    leaves = list(_leaves(doc))
    lost = [path for path in leaves if path not in kept]
    if not lost:
        return []
    # named once where everything below is lost ($.records.seizure, not each of its values)
    everything = Counter(p[:n] for p in leaves for n in range(1, len(p) + 1))
    missing = Counter(p[:n] for p in lost for n in range(1, len(p) + 1))
    named = (
        next(p[:n] for n in range(1, len(p) + 1) if missing[p[:n]] == everything[p[:n]])
        for p in lost
    )
    return list(dict.fromkeys(named))


def _leaves(node: Any, path: JsonPath = ()) -> Iterator[JsonPath]:
    """The paths of a document's values: objects and lists of objects walked into, other
    lists (roles) taken whole; nulls and empty containers carry nothing."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list) and any(isinstance(v, dict) for v in node):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    elif node is not None and node != []:
        yield path


def open_book(path: Path | BinaryIO) -> Any:
    """The workbook at ``path``, read-only; a file that is not one is a usage error."""
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        cause = exc.__cause__ or exc.__context__
        if type(cause).__module__.startswith("defusedxml"):  # a DTD or entities: refused
            problem = Diagnostic("workbook.unsafe-xml", file=str(path))
        else:
            problem = Diagnostic("workbook.unreadable", _why_unreadable(path, exc), file=str(path))
        raise UsageError(f"{path}: not an xlsx workbook", diagnostics=[problem]) from None


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")  # what openpyxl opens


def _why_unreadable(path: Path | BinaryIO, exc: Exception) -> dict[str, str]:
    """Why a file is not a workbook, in both languages (``detail_zh``, ``detail``): the
    library's own words (English, with advice for programmers) only where nothing better
    is known."""
    import zipfile

    suffix = path.suffix.lower() if isinstance(path, Path) else ""
    if isinstance(path, Path) and suffix not in WORKBOOK_SUFFIXES:
        if suffix in (".xls", ".xlsb", ".et", ".ods", ".csv"):
            return {
                "detail_zh": f"{suffix} 格式不能导入，请在 Excel 或 WPS 中另存为 .xlsx",
                "detail": f"the {suffix} format cannot be imported: save it as .xlsx in Excel "
                "or WPS",
            }
        return {
            "detail_zh": f"扩展名 {suffix or '为空'}，应为 .xlsx、.xlsm、.xltx 或 .xltm",
            "detail": f"the extension is {suffix or 'missing'}, not .xlsx, .xlsm, .xltx or .xltm",
        }
    if isinstance(exc, zipfile.BadZipFile) or "zip file" in str(exc).lower():
        return {
            "detail_zh": "不是 .xlsx 文件应有的 zip 压缩格式，或文件不完整",
            "detail": "it is not the zip archive an .xlsx file is, or it is cut short",
        }
    part = _MISSING_PART.search(str(exc))
    if part is not None:  # a zip, but not of a workbook (or one missing a part)
        return {
            "detail_zh": f"压缩包中没有工作簿应有的 {part.group(1)}",
            "detail": f"the archive has no {part.group(1)}, which a workbook has",
        }
    if isinstance(exc, SyntaxError) or type(exc).__name__ == "ParseError":  # damaged XML
        return {
            "detail_zh": f"工作簿内的 XML 已损坏（{exc}）",
            "detail": f"the XML inside the workbook is damaged ({exc})",
        }
    detail = (str(exc).splitlines() or [type(exc).__name__])[0]  # the first line says what
    return {"detail_zh": detail, "detail": detail}


_MISSING_PART = re.compile(r"There is no item named '([^']+)' in the archive")


def at_cells(problems: list[Diagnostic], cells: Cells, workbook: str) -> list[Diagnostic]:
    """Problems of the converted document moved to the cells their values came from.

    A problem is put at the cell of its JSON path, or of the nearest enclosing path that
    has one (a missing key: the row or sheet of its object); one without a path stays with
    the workbook.
    """
    moved = []
    for problem in problems:
        cell = None
        probe = problem.path
        while probe is not None and cell is None:
            cell = cells.get(probe)
            probe = probe[:-1] if probe else None
        if cell is None:
            moved.append(replace(problem, file=workbook, line=None, col=None))
        else:
            moved.append(replace(problem, file=cell, path=None, line=None, col=None))
    return moved


def from_workbook(path: Path, checklist: m.Checklist) -> Imported:
    """The evidence document of a workbook, its bad cells and where each value came from."""
    reader = Reader(checklist)
    with suggestion_budget():
        doc = reader.read(path)
    return Imported(
        doc, reader.problems, reader.cells, reader.dropped, reader.columns, reader.renamed
    )


class Reader:
    """Reads a filled workbook into an evidence document, collecting bad cells."""

    def __init__(self, checklist: m.Checklist) -> None:
        self.checklist = checklist
        self.problems: list[Diagnostic] = []
        # The document's top-level values live on the agency sheet.
        self.cells: Cells = {(): f"{AGENCY_SHEET}!A1"}
        self.dropped: set[JsonPath] = set()
        self.columns: dict[str, dict[str, str]] = {}  # sheet → field → column letter
        self.renamed: set[tuple[JsonPath, str]] = set()
        self.unreadable: set[str] = set()  # cells openpyxl could not read (sheet!A1)

    def converted(self, raw: Any, kind: str, sheet: str, cell: str, path: JsonPath) -> Any:
        """:meth:`value`, remembering the cell of ``path`` even when it was bad or empty."""
        value, reported = self.checked(raw, kind, sheet, cell)
        if reported:
            self.dropped.add(path)
            self.cells[path] = f"{sheet}!{cell}"
        return value

    def checked(self, raw: Any, kind: str, sheet: str, cell: str) -> tuple[Any, bool]:
        """:meth:`value`, and whether the cell was reported (bad, or empty though required)."""
        where = f"{sheet}!{cell}"
        if where in self.unreadable:  # said already, as it was read: its value is not the cell's
            return None, True
        before = len(self.problems)
        value = self.value(raw, kind, sheet, cell)
        return value, len(self.problems) > before

    def bad(self, sheet: str, cell: str, code: str, /, **args: Any) -> None:
        self.problems.append(Diagnostic(code, args, file=f"{sheet}!{cell}"))

    def warn(self, sheet: str, cell: str, code: str, /, **args: Any) -> None:
        self.problems.append(
            Diagnostic(code, args, severity=Severity.WARNING, file=f"{sheet}!{cell}")
        )

    def value(self, raw: Any, kind: str, sheet: str, cell: str) -> Any:
        """A cell converted to the evidence type ``kind`` (``?`` suffix: may be empty)."""
        optional = kind.endswith("?")
        base = kind.rstrip("?")
        if isinstance(raw, (Uncomputed, Merged, Failed)):
            # a label is the template's text, read for nothing: its error value says nothing
            if not (base == "label" and isinstance(raw, Failed)):
                self.uncomputed(raw, sheet, cell)
            return None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if not optional and base not in ("label",):
                self.bad(sheet, cell, "workbook.empty")
            return None
        if base == "string":
            if isinstance(raw, bool):  # TRUE typed in a text column: as Excel shows it
                return "TRUE" if raw else "FALSE"
            if isinstance(raw, (int, float)) and abs(raw) >= _EXCEL_DIGITS:
                # 2020030500000001 typed as a number: Excel kept 15 digits of it
                shown = str(int(raw)) if float(raw).is_integer() else repr(raw)
                self.warn(sheet, cell, "workbook.long-number", value=shown)
            if isinstance(raw, float) and raw.is_integer():
                return str(int(raw))
            if isinstance(raw, dt.datetime):
                return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
            return str(raw).strip() if isinstance(raw, str) else str(raw)
        if base == "date":
            if isinstance(raw, dt.date) and _as_date(raw) < EXCEL_FIRST_DAY:
                # Excel's day numbers before 1900-03-01 are off (it counts a 29 February
                # 1900), and below 1 are no days at all: the cell does not say which is meant
                self.bad(sheet, cell, "workbook.early-date", value=_as_date(raw).isoformat())
                return None
            if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
                return raw.isoformat()
            text = str(raw).strip()
            stamp = raw if isinstance(raw, dt.datetime) else written_stamp(text)
            day = written_day(text) if stamp is None else stamp.date()
            if day is None:
                self.bad(sheet, cell, "workbook.date", value=text)
                return None
            if stamp is not None and stamp.time() != dt.time():  # a date and a time, in a
                # date or as text alike: the day is kept, and the time said to be dropped
                shown = stamp.time().isoformat(timespec="minutes")
                self.warn(sheet, cell, "workbook.time-dropped", day=day.isoformat(), time=shown)
            return day.isoformat()
        if base == "datetime":
            if isinstance(raw, dt.datetime):
                stamp = raw if raw.tzinfo else raw.replace(tzinfo=TZ_CHINA)
                return stamp.isoformat()
            text = str(raw).strip()
            try:
                stamp = dt.datetime.fromisoformat(text)
            except ValueError:
                written = written_stamp(text)
                if written is None:
                    self.bad(sheet, cell, "workbook.datetime", value=text)
                    return None
                stamp, text = written, written.isoformat()
            # Written with an offset: kept as written. Without one: China time is meant.
            return text if stamp.tzinfo else stamp.replace(tzinfo=TZ_CHINA).isoformat()
        if base == "boolean":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in TRUE:
                return True
            if text in FALSE:
                return False
            self.bad(sheet, cell, "workbook.boolean", value=str(raw))
            return None
        if base == "integer":
            if isinstance(raw, bool):
                self.bad(sheet, cell, "workbook.integer", value=str(raw))
                return None
            if isinstance(raw, (int, float)) and float(raw).is_integer():
                return int(raw)
            try:
                return int(written_number(str(raw)) or "?")
            except ValueError:
                self.bad(sheet, cell, "workbook.integer", value=str(raw))
                return None
        if base == "number":
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                return raw
            try:
                number = float(written_number(str(raw)) or "?")
            except ValueError:
                number = math.inf
            if not math.isfinite(number):  # nan, inf, or 1e400
                self.bad(sheet, cell, "workbook.number", value=str(raw))
                return None
            return number
        if base == "claim":  # the code, or the word the reports use for it
            text = str(raw).strip()
            named = {zh: code for code, zh in CLAIM_NAMES.items()}
            return named.get(text, text)
        if base == "list":  # roles: separated as people type lists, in either script
            return [part.strip() for part in _LIST_SEPARATORS.split(str(raw)) if part.strip()]
        return raw

    def uncomputed(self, raw: Uncomputed | Merged | Failed, sheet: str, cell: str) -> None:
        """A cell that looks filled and holds no value: a formula never computed, or one
        that failed (an error value), or a cell of merged cells."""
        if isinstance(raw, Merged):
            self.bad(sheet, cell, "workbook.merged", cells=raw.cells)
        elif isinstance(raw, Failed):
            self.bad(sheet, cell, "workbook.error-value", error=raw.error)
        else:
            self.bad(sheet, cell, "workbook.formula-uncomputed", formula=_abridged(raw.formula))

    def extension(self, raw: Any, sheet: str, cell: str) -> Any:
        """An ``x-`` cell's JSON value (``null`` included), or _ABSENT when the cell is empty."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return _ABSENT
        if isinstance(raw, (Uncomputed, Merged, Failed)):
            self.uncomputed(raw, sheet, cell)
            return _ABSENT
        if isinstance(raw, (bool, int, float)):  # typed as a number in Excel: the number
            return raw
        if isinstance(raw, (dt.date, dt.datetime)):  # Excel took it for a date: its text
            return raw.isoformat()
        text = str(raw)
        try:
            return json.loads(text, parse_constant=_no_constant)
        except ValueError:
            self.bad(sheet, cell, "workbook.json", value=_abridged(text))
            return _ABSENT

    def read(self, path: Path | BinaryIO) -> dict[str, Any]:
        """The evidence document of the workbook at ``path`` (or in an open file)."""
        book = open_book(path)
        try:
            return self._read(book)
        finally:
            book.close()

    def _rows(self, sheet: Any) -> list[tuple[Any, ...]]:
        """A sheet's rows. A read-only workbook is parsed as it is read: a cell or sheet
        openpyxl cannot read (damaged XML, a bad value for its type) is a problem at that
        sheet or cell, and its rows are not read, rather than a crash; openpyxl's warnings
        about cells are said the same way."""
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # the sheet's stated size (<dimension>) is a hint that Excel ignores and other
                # writers get wrong: read-only openpyxl stopped at it, dropping the rows below
                reset = getattr(sheet, "reset_dimensions", None)
                if reset is not None:
                    reset()
                rows = list(sheet.iter_rows(values_only=True))
        except Exception as exc:  # openpyxl raises many kinds for bad XML
            detail = (str(exc).splitlines() or [type(exc).__name__])[0]
            self.bad(
                sheet.title, "A1", "workbook.unreadable-sheet", sheet=sheet.title, detail=detail
            )
            return []
        for warning in caught:
            text = str(warning.message)
            at = _CELL_NAMED.search(text)
            cell = at.group(1) if at else "A1"
            serial = _DATE_SERIAL.search(text)
            if serial:  # read as the error #VALUE!: this says why, the value's error would not
                self.bad(sheet.title, cell, "workbook.date-serial", value=serial.group(1))
            else:
                self.bad(sheet.title, cell, "workbook.bad-cell", detail=text)
            self.unreadable.add(f"{sheet.title}!{cell}")
        return _with_marks(sheet, rows)

    def _read(self, book: Any) -> dict[str, Any]:
        doc: dict[str, Any] = {"format": FORMAT}
        sheets = set(book.sheetnames)
        for title in sorted(_listed_sheets(book) - sheets):  # listed, but openpyxl found no part
            self.bad(title, "A1", "workbook.sheet-part-missing", sheet=title)
        if AGENCY_SHEET in sheets:
            self._agency(book, doc)
        else:  # one problem: not one more for each key the sheet would have given
            self.bad(AGENCY_SHEET, "A1", "workbook.sheet-missing", sheet=AGENCY_SHEET)
            for key, _, _ in AGENCY_FIELDS:
                self.dropped.update((key_path(key), key_path(key)[:1]))
        if FACTS_SHEET in sheets:
            self._facts(book, doc)
        records: dict[str, list[dict[str, Any]]] = {}
        for name, rs in self.checklist.records.items():
            if name[:31] in sheets:
                found = self._records(book, name, rs)
                if found is not None:
                    records[name] = found
        if records:
            doc["records"] = records
        if DOCUMENTS_SHEET in sheets:
            self.cells[("documents",)] = f"{DOCUMENTS_SHEET}!A1"
            documents: list[dict[str, Any]] = []
            # a kind typed as its name (上诉费代收办法), as the readme sheet lists it beside
            # the code: taken for the code, as a claim typed 符合 is
            named = {
                name: kind
                for kind, label in self.checklist.documents.items()
                for name in (label.zh, label.en)
            }
            for entry, row, cells, bad in self._table(book, DOCUMENTS_SHEET, DOCUMENT_FIELDS):
                self._remember(("documents", len(documents)), row, cells, bad)
                kind = entry.get("kind")
                if isinstance(kind, str) and kind not in self.checklist.documents:
                    entry["kind"] = named.get(kind, kind)
                documents.append(entry)
            if documents:
                doc["documents"] = documents
        if ITEMS_SHEET in sheets:
            self.cells[("items",)] = f"{ITEMS_SHEET}!A1"
            items = {}
            for claim, row, cells, bad in self._table(
                book, ITEMS_SHEET, ITEM_FIELDS, extensions=True
            ):
                item_id = claim.pop("item", None)
                claim.pop("title", None)
                if item_id in items:  # the later row would replace the earlier one unseen
                    first = self.cells[("items", item_id)]
                    self.bad(
                        ITEMS_SHEET,
                        row.partition("!")[2],
                        "workbook.duplicate-row",
                        key=item_id,
                        first=first,
                    )
                elif item_id:
                    self._remember(("items", item_id), row, cells, bad)
                    items[item_id] = claim
            if items:
                doc["items"] = items
        self._unknown_sheets(book)
        self._absent_sheets(sheets, doc)
        if "$schema" in doc:  # an editor reference reads best first, where editors put it
            doc = {"$schema": doc.pop("$schema"), **doc}
        return doc

    def _absent_sheets(self, sheets: set[str], doc: dict[str, Any]) -> None:
        """Warn of a sheet the agency's template has and the workbook does not: deleted,
        its facts, records, documents or claims were dropped without a word."""
        from audit.evidence.template import template

        agency, period = doc.get("agency") or {}, doc.get("period") or {}
        try:
            expected = template(
                self.checklist,
                roles=list(agency["roles"]),
                code="X",
                period=(
                    dt.date.fromisoformat(period["start"]),
                    dt.date.fromisoformat(period["end"]),
                ),
                schema=None,
            )
        except (KeyError, TypeError, ValueError):  # no roles or period to go by: said already
            return
        wanted = [name[:31] for name in expected.get("records") or {}]
        wanted += [FACTS_SHEET] if expected.get("facts") else []
        wanted += [DOCUMENTS_SHEET] if expected.get("documents") else []
        wanted += [ITEMS_SHEET] if expected.get("items") else []
        for title in wanted:
            if title not in sheets:
                self.warn(title, "A1", "workbook.sheet-absent", sheet=title)

    def _unknown_sheets(self, book: Any) -> None:
        """Sheets import would not read: named, so that nothing in them is lost unseen (a
        record set's sheet renamed to its Chinese name, a sheet of one's own not named x-)."""
        sets = {name[:31]: rs for name, rs in self.checklist.records.items()}
        known = {README_SHEET, AGENCY_SHEET, FACTS_SHEET, DOCUMENTS_SHEET, ITEMS_SHEET, *sets}
        absent = {t: {t, rs.zh, rs.en} for t, rs in sets.items() if t not in book.sheetnames}
        for title in book.sheetnames:
            if title in known or title.startswith(EXTENSION) or _blank(self._rows(book[title])):
                continue
            self.bad(
                title, "A1", "workbook.unknown-sheet", sheet=title, suggestion=_named(title, absent)
            )

    def _agency(self, book: Any, doc: dict[str, Any]) -> None:
        kinds = {key: kind for key, _, kind in AGENCY_FIELDS}
        for number, key, raw in self._keyed_rows(book[AGENCY_SHEET], "key", "字段 / field"):
            cell = f"{AGENCY_SHEET}!B{number}"
            if key.startswith((EXTENSION, AGENCY_EXTENSION)):
                value = self.extension(raw, AGENCY_SHEET, f"B{number}")
                if value is _ABSENT:
                    continue
            elif key in kinds:
                value = self.converted(raw, kinds[key], AGENCY_SHEET, f"B{number}", key_path(key))
                if value is None:
                    continue
            else:
                if not _empty(raw):  # a row of one's own, or a changed key: not lost unseen
                    names = {k: labels(label) for k, label, _ in AGENCY_FIELDS}
                    meant = _named(key, names)
                    self.bad(
                        AGENCY_SHEET,
                        f"A{number}",
                        "workbook.unknown-key",
                        key=key,
                        suggestion=meant,
                    )
                    if meant in kinds:  # its value missing is this problem, not a second one
                        self.dropped.add(key_path(meant))
                continue
            put(doc, key, value)
            self.cells[key_path(key)] = cell

    def _keyed_rows(self, sheet: Any, *headers: str) -> list[tuple[int, str, Any]]:
        """The rows of a key | value sheet below its headers: (row number, key, value). A
        value without a key is reported: it would be lost."""
        skipped = {h for header in headers for h in labels(header)}
        rows = []
        seen: dict[str, int] = {}
        every = self._rows(sheet)
        self._extra_columns(sheet.title, every, WRITTEN_COLUMNS[sheet.title])
        for number, row in enumerate(every[1:], start=2):
            key = str(row[0]).strip() if row and row[0] is not None else ""
            raw = row[1] if len(row) > 1 else None
            if key in skipped:
                continue
            if not key:
                if not _empty(raw):
                    self.bad(sheet.title, f"A{number}", "workbook.unnamed-row")
                continue
            if key in seen:  # the later row would replace the earlier one unseen
                first = f"{sheet.title}!A{seen[key]}"
                self.bad(sheet.title, f"A{number}", "workbook.duplicate-row", key=key, first=first)
                continue
            seen[key] = number
            rows.append((number, key, raw))
        return rows

    def _extra_columns(self, title: str, rows: list[Row], written: int) -> None:
        """Values right of the columns a key | value sheet has (key, value, the template's
        own notes): import would not read them."""
        filled = {i for row in rows[1:] for i in range(written, len(row)) if not _empty(row[i])}
        for index in sorted(filled):  # one pass over the cells, not one per column
            key = rows[0][index] if rows and index < len(rows[0]) else None
            cell = f"{col(index + 1)}1"
            if _empty(key):
                self.bad(title, cell, "workbook.unnamed-column")
            else:
                self.bad(title, cell, "workbook.unknown-column-no-x", key=str(key))

    def _facts(self, book: Any, doc: dict[str, Any]) -> None:
        self.cells[("facts",)] = f"{FACTS_SHEET}!A1"
        facts: dict[str, Any] = {}
        names = {n: {n, f.zh, f.en} for n, f in self.checklist.facts.items()}
        for number, name, raw in self._keyed_rows(book[FACTS_SHEET], "fact", "事实 / fact"):
            fact = self.checklist.facts.get(name)
            if _empty(raw):
                continue
            if fact is None:
                suggestion = _named(name, names)
                self.bad(
                    FACTS_SHEET,
                    f"A{number}",
                    "evidence.unknown-fact",
                    key=name,
                    suggestion=suggestion,
                )
                continue
            value = self.converted(raw, fact.type, FACTS_SHEET, f"B{number}", ("facts", name))
            if value is not None:
                facts[name] = value
                self.cells[("facts", name)] = f"{FACTS_SHEET}!B{number}"
        if facts:
            doc["facts"] = facts

    def _records(self, book: Any, name: str, rs: m.RecordSet) -> list[dict[str, Any]] | None:
        title = name[:31]
        rows = self._rows(book[title])
        if not rows:
            return None
        self.cells[("records", name)] = f"{title}!A1"
        keys = _row_keys(rows)
        self.columns[title] = {key: col(index + 1) for index, key in enumerate(keys) if key}
        declared = {"id": "string", **rs.fields}
        headers = {key: {record_header(key, kind, rs)} for key, kind in declared.items()}
        first = self._first_row(title, keys, rows, headers, ("records", name), extensions=True)
        if any(not all(map(_empty, row)) for row in rows[first - 1 :]):
            self._absent_columns(title, name, rs, keys)
        later = _later_columns(keys)
        found: list[dict[str, Any]] = []
        for number, row in enumerate(rows[first - 1 :], start=first):
            if all(map(_empty, row)):  # a space left in a cleared row is no record
                continue
            path = ("records", name, len(found))
            self.cells[path] = f"{title}!A{number}"
            record: dict[str, Any] = {}
            for index, key in enumerate(keys):
                if index >= len(row) or index in later:  # a second column: named
                    continue
                cell = f"{col(index + 1)}{number}"
                if key.startswith(EXTENSION):
                    value = self.extension(row[index], title, cell)
                    if value is _ABSENT:
                        continue
                elif key in declared:
                    value = self.converted(row[index], declared[key], title, cell, (*path, key))
                    if value is None:
                        continue
                else:
                    continue
                record[key] = value
                self.cells[(*path, key)] = f"{title}!{cell}"
            found.append(record)
        return found

    def _absent_columns(self, title: str, name: str, rs: m.RecordSet, keys: list[str]) -> None:
        """Warn of an optional field's column deleted from a sheet of records: its values
        were dropped without a word (a required one's absence is an error in every row)."""
        renamed = {key for path, key in self.renamed if path == ("records", name)}
        for key, kind in rs.fields.items():
            if kind.endswith("?") and key not in keys and key not in renamed:
                self.warn(title, "A1", "workbook.column-absent", sheet=title, key=key)

    def _table(
        self,
        book: Any,
        title: str,
        fields: list[tuple[str, str, str]],
        *,
        extensions: bool = False,
    ) -> list[tuple[dict[str, Any], str, dict[str, str], set[str]]]:
        """Each filled row: its entry, the cell of its row, the cell of each key, and the
        keys whose cells were bad (left out of the entry)."""
        rows = self._rows(book[title])
        if not rows:
            return []
        keys = _row_keys(rows)
        self.columns[title] = {key: col(index + 1) for index, key in enumerate(keys) if key}
        kinds = {key: kind for key, _, kind in fields}
        headers = {key: labels(label) for key, label, _ in fields}
        where: JsonPath = (title,)  # the JSON path of the sheet's rows: documents, items
        first = self._first_row(title, keys, rows, headers, where, extensions=extensions)
        later = _later_columns(keys)
        out = []
        for number, row in enumerate(rows[first - 1 :], start=first):
            if all(map(_empty, row)):  # a space left in a cleared row is no record
                continue
            entry: dict[str, Any] = {}
            cells: dict[str, str] = {}
            bad: set[str] = set()
            for index, key in enumerate(keys):
                if index >= len(row) or index in later:  # a second column: named
                    continue
                cell = f"{col(index + 1)}{number}"
                if extensions and key.startswith(EXTENSION):
                    value = self.extension(row[index], title, cell)
                    if value is _ABSENT:
                        continue
                elif key in kinds:
                    value, reported = self.checked(row[index], kinds[key], title, cell)
                    if reported:
                        bad.add(key)
                        cells[key] = f"{title}!{cell}"
                    if value is None or kinds[key] == "label":
                        continue
                else:
                    continue
                put(entry, key, value)
                cells[key] = f"{title}!{cell}"
            out.append((entry, f"{title}!A{number}", cells, bad))
        return out

    def _first_row(
        self,
        title: str,
        keys: list[str],
        rows: list[Row],
        headers: dict[str, set[str]],
        where: JsonPath,
        *,
        extensions: bool,
    ) -> int:
        """The number of the first data row of a table sheet, its columns checked.

        Row 2 holds the headers the template wrote; when no cell of it is one (the row was
        deleted, and the first record moved up), the data begins there — never a record
        dropped unseen. A column with values whose key import does not know (a changed
        key, a column of one's own) is reported at its key: its values would be lost.
        """
        second = rows[1] if len(rows) > 1 else ()
        is_header = any(
            isinstance(v, str) and (v.strip() in headers.get(k, ()) or v.strip() == k)
            for k, v in zip(keys, second, strict=False)
        )
        first = FIRST_ROW if is_header or not any(not _empty(v) for v in second) else 2
        present = set(keys)
        seen: dict[str, int] = {}
        # the columns any data row fills, found in one pass over the cells (a column at a
        # time, each over every row, was the sheet's area: 16,384 columns of a stray cell)
        filled = {
            i for row in rows[first - 1 :] for i, value in enumerate(row) if not _empty(value)
        }
        for index, key in enumerate(keys):
            if key and key in seen:  # two columns for one field: one would be lost
                earlier = f"{title}!{col(seen[key] + 1)}1"
                self.bad(
                    title, f"{col(index + 1)}1", "workbook.duplicate-column", key=key, first=earlier
                )
                continue
            seen.setdefault(key, index)
            if key in headers or (extensions and key.startswith(EXTENSION)):
                continue
            if index not in filled:
                continue  # nothing in the column to lose
            cell = f"{col(index + 1)}1"
            if not key.strip():
                self.bad(title, cell, "workbook.unnamed-column")
                continue
            absent = {k: v for k, v in headers.items() if k not in present}
            suggestion = _named(key, absent)
            if suggestion is None and len(absent) == 1 and not key.startswith(EXTENSION):
                suggestion = next(iter(absent))  # the one field the row no longer names
            if suggestion is not None:
                self.renamed.add((where, suggestion))
            code = "workbook.unknown-column" if extensions else "workbook.unknown-column-no-x"
            self.bad(title, cell, code, key=key, suggestion=suggestion)
        return first

    def _remember(self, path: JsonPath, row: str, cells: dict[str, str], bad: set[str]) -> None:
        self.cells[path] = row
        for key, cell in cells.items():
            self.cells[(*path, *key_path(key))] = cell
        self.dropped.update((*path, *key_path(key)) for key in bad)


# Problems that name a missing field by their code rather than a "key" argument.
_MISSING_FIELD = {"evidence.missing-sha256": "sha256"}


def _later_columns(keys: list[str]) -> set[int]:
    """The columns repeating an earlier column's key (reported at the header): not read."""
    first: dict[str, int] = {}  # keys.index() per key was quadratic in the columns
    return {index for index, key in enumerate(keys) if first.setdefault(key, index) != index}


def _with_marks(sheet: Any, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``rows`` with the cells a value read cannot tell from empty marked: an
    :class:`Uncomputed` formula (saved without its value: openpyxl reads the computed
    value Excel keeps beside a formula), a :class:`Failed` one (an error value, which
    reads as its text), and a :class:`Merged` cell other than the first of merged cells
    (only that one holds the value). The sheet's XML is looked at again only when it holds
    any of them.
    """
    source = getattr(sheet, "_get_source", None)  # read-only sheets: their part's XML
    if source is None:
        return rows
    try:
        with source() as stream:
            data = stream.read()
    except Exception:  # the rows were read from it: nothing more to learn here
        return rows
    if not _FORMULA.search(data) and b"mergeCell" not in data and not _ERROR_CELL.search(data):
        return rows
    from io import BytesIO

    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.cell import (
        column_index_from_string,
        coordinate_from_string,
        range_boundaries,
    )

    found: dict[tuple[int, int], Any] = {}
    widest = max(map(len, rows), default=0)  # a merged last cell may end a row early
    try:
        for _, element in iterparse(BytesIO(data)):
            tag = element.tag.rpartition("}")[2]
            if tag == "mergeCell" and element.get("ref"):
                low_col, low_row, high_col, high_row = range_boundaries(element.get("ref"))
                # only the cells rows were read for: a merge may span a whole column
                for row in range(max(low_row, 2), min(high_row, len(rows)) + 1):  # not the keys
                    for column in range(low_col, min(high_col, widest) + 1):
                        if (row, column) != (low_row, low_col):
                            found.setdefault((row - 1, column - 1), Merged(element.get("ref")))
            if tag != "c":
                continue
            parts = {child.tag.rpartition("}")[2]: child for child in element}
            formula, value = parts.get("f"), parts.get("v")
            if formula is not None and (value is None or not value.text) and element.get("r"):
                letters, number = coordinate_from_string(element.get("r"))
                found[(number - 1, column_index_from_string(letters) - 1)] = Uncomputed(
                    "=" + (formula.text or "")
                )
            elif element.get("t") == "e" and element.get("r"):
                letters, number = coordinate_from_string(element.get("r"))
                error = value.text if value is not None and value.text else "#VALUE!"
                found[(number - 1, column_index_from_string(letters) - 1)] = Failed(error)
            element.clear()
    except Exception:  # damaged XML: the rows read say what could be read
        return rows
    rows = list(rows)
    for (row, column), mark in found.items():
        if row >= len(rows):
            continue
        cells = list(rows[row]) + [None] * (column + 1 - len(rows[row]))
        if isinstance(mark, (Uncomputed, Failed)) or _empty(cells[column]):
            cells[column] = mark
        rows[row] = tuple(cells)
    return rows


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _row_keys(rows: list[tuple[Any, ...]]) -> list[str]:
    """Row 1's keys, one for every column any row fills ("" where row 1 has none): a value
    right of row 1's last key was read by no one and lost without a word. Columns empty in
    every row are left out: one stray empty cell at XFD1048576 made every row 16,384
    columns wide to walk."""
    width = _filled_width(rows)
    keys = [str(k) if k is not None else "" for k in rows[0][:width]]
    return keys + [""] * (width - len(keys))


def _filled_width(rows: list[tuple[Any, ...]]) -> int:
    """The columns up to the last one any row fills (each row read from its end, at most
    to the width found so far: linear in the cells)."""
    width = 0
    for row in rows:
        for index in range(len(row) - 1, width - 1, -1):
            if not _empty(row[index]):
                width = index + 1
                break
    return width


def _empty(value: Any) -> bool:
    """Whether a cell holds nothing (blank text counts as nothing)."""
    return value is None or (isinstance(value, str) and not value.strip())


# (and line breaks, Alt+Enter in a cell: role names hold no blank)
_LIST_SEPARATORS = re.compile(r"[,，;；、\s]")
_CELL_NAMED = re.compile(r"\bCell ([A-Z]{1,3}[0-9]{1,7})\b")
_DATE_SERIAL = re.compile(r"marked as a date but the serial value (\S+) is outside")


def _listed_sheets(book: Any) -> set[str]:
    """The sheet names the workbook's own part lists (openpyxl leaves out, without a word, a
    sheet whose part is missing); none when that part cannot be read here."""
    from defusedxml.ElementTree import fromstring

    archive = getattr(book, "_archive", None)
    try:
        root = fromstring(archive.read("xl/workbook.xml")) if archive is not None else None
    except Exception:  # the load already read it: nothing more to say here
        return set()
    if root is None:
        return set()
    return {str(s.get("name")) for s in root.iter() if s.tag.endswith("}sheet") and s.get("name")}


def _blank(rows: list[tuple[Any, ...]]) -> bool:
    """Whether a sheet's rows hold nothing at all."""
    return all(_empty(v) for row in rows for v in row)


def _named(text: str, names: dict[str, set[str]]) -> str | None:
    """The key a clerk meant by ``text``: one whose key or header it is (``检查项`` for
    ``item``, whatever the case), else the closest key when one is close enough."""
    wanted = text.strip().lower()
    for key, aliases in names.items():
        if wanted in {a.strip().lower() for a in aliases if a} | {key.lower()}:
            return key
    return did_you_mean(text.strip(), names)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: json.loads would take them


def _abridged(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
