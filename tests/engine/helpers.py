"""Building small contexts and checks for engine tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import TypeAdapter

from audit.checklist import model as m
from audit.checklist.load import load_checklist
from audit.engine.context import Context
from tests.conftest import DATA

AS_OF = dt.date(2020, 7, 15)
_CHECK = TypeAdapter(m.Check)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def mini() -> m.Checklist:
    return load_checklist(DATA / "checklists" / "mini.toml").checklist


def check(**params: Any) -> Any:
    """A check model from its TOML parameters (``from`` allowed as a key)."""
    params.setdefault("id", "c")
    return _CHECK.validate_python(params)


def context(
    *,
    records: dict[str, list[dict[str, Any]]] | None = None,
    facts: dict[str, Any] | None = None,
    documents: list[dict[str, Any]] | None = None,
    as_of: dt.date = AS_OF,
    start: str = "2020-01-01",
    end: str = "2020-06-30",
    checklist: m.Checklist | None = None,
) -> Context:
    doc: dict[str, Any] = {
        "period": {"start": d(start), "end": d(end)},
        "records": records or {},
        "facts": facts or {},
        "documents": documents or [],
        "agency": {"code": "T", "name": "t", "district": "d", "roles": ["enforcement"]},
    }
    return Context(doc, checklist or mini(), as_of=as_of)


def pd(
    rid: str, decided: str, published: str | None = None, *, major: bool = False
) -> dict[str, Any]:
    """A penalty decision record of the mini checklist."""
    row: dict[str, Any] = {"id": rid, "decided": d(decided), "major": major}
    if published is not None:
        row["published"] = d(published)
    return row
