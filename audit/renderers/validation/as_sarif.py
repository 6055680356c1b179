"""Validation as SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json
import re
from typing import Any

from audit import __version__
from audit.diagnostics import Diagnostic, Severity
from audit.i18n import Lang
from audit.messages import MESSAGES
from audit.validation import ValidationResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://example.invalid/tj-audit"


def artifact_uri(file: str | None) -> str:
    """A file as SARIF's ``artifactLocation.uri``: a URI reference, so blanks and non-ASCII
    names are percent-encoded (``名 字.json`` → ``%E5%90%8D%20%E5%AD%97.json``). A name's
    bytes that are not UTF-8, shown as ``\\xb4``, are those bytes again (``%B4``); any other
    backslash is a separator on Windows and part of the name elsewhere (``%5C``)."""
    import os
    from pathlib import Path
    from urllib.parse import quote

    text = file or ""
    if os.sep == "\\":
        text = text.replace("\\", "/")
    parts = _ODD_BYTE.split(text)  # text, byte, text, byte, … text
    uri = "".join(
        f"%{part.upper()}" if n % 2 else quote(part, safe="/@!$&'()*+,;=~")
        for n, part in enumerate(parts)
    )
    # a file outside the working folder (an absolute path, or one that climbs out of it):
    # a file: URI, which SARIF consumers resolve, not a reference relative to the repository
    if uri.startswith("../") or uri == "..":
        return Path(file or "").resolve().as_uri()
    return f"file://{uri}" if uri.startswith("/") else uri


_ODD_BYTE = re.compile(r"\\x([0-9a-fA-F]{2})")  # display_path's escape of a byte


def sarif_result(d: Diagnostic, lang: Lang, rule_index: dict[str, int]) -> dict[str, Any]:
    """One SARIF result for one problem of a file."""
    location: dict[str, Any] = {}
    if d.file is not None:
        location["physicalLocation"] = {"artifactLocation": {"uri": artifact_uri(d.file)}}
        if d.line is not None:
            location["physicalLocation"]["region"] = {
                "startLine": d.line,
                "startColumn": d.col or 1,
            }
    if d.path_text:
        location["logicalLocations"] = [{"fullyQualifiedName": d.path_text, "kind": "member"}]
    message = d.message(lang)
    if d.path_text:
        message = f"{d.path_text}: {message}"
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index[d.code],
        "level": "error" if d.severity is Severity.ERROR else "warning",
        "message": {"text": message},
        "locations": [location],
    }


def notification(d: Diagnostic, lang: Lang) -> dict[str, Any]:
    """A problem of no file ("no evidence file was found") as a notification of the tool's
    run: a SARIF result needs a location, and GitHub's upload refuses one without."""
    return {
        "descriptor": {"id": d.code},
        "level": "error" if d.severity is Severity.ERROR else "warning",
        "message": {"text": d.message(lang)},
    }


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def sarif_log(diagnostics: list[Diagnostic], lang: Lang) -> dict[str, Any]:
    """A complete SARIF log with one run."""
    codes = sorted({d.code for d in diagnostics if d.file is not None})
    rule_index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        zh, en = MESSAGES.get(code, (code, code))
        # the rule describes every result of its kind: placeholders become an ellipsis
        generic = _PLACEHOLDER.sub("…", zh if lang == "zh" else en)
        rules.append(
            {
                "id": code,
                "name": code.replace(".", "-"),
                "shortDescription": {"text": generic.split("：")[0].split(";")[0][:200]},
            }
        )
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    results = [sarif_result(d, lang, rule_index) for d in ordered if d.file is not None]
    notifications = [notification(d, lang) for d in ordered if d.file is None]
    if not notifications:
        return envelope(rules, results)
    invocation = {"executionSuccessful": True, "toolExecutionNotifications": notifications}
    return envelope(rules, results, invocations=[invocation])


def envelope(
    rules: list[dict[str, Any]], results: list[dict[str, Any]], **run: Any
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one tj-audit run (``run``: more properties of that run)."""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tj-audit",
                        "version": __version__,
                        "informationUri": INFO_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                **run,
                "results": results,
            }
        ],
    }


def render(result: ValidationResult, lang: Lang) -> str:
    """The validation problems as a SARIF log."""
    return json.dumps(sarif_log(result.diagnostics, lang), ensure_ascii=False, indent=2) + "\n"
