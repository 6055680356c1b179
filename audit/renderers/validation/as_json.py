"""Validation as JSON (``tj-audit/validation@1``): files, problems in both languages."""

from __future__ import annotations

import json

from audit import __version__
from audit.diagnostics import Diagnostic
from audit.i18n import Lang
from audit.validation import ValidationResult


def render(result: ValidationResult, lang: Lang) -> str:
    """The whole result as one JSON document."""
    del lang  # both languages are included
    doc = {
        "format": "tj-audit/validation@1",
        "tool_version": __version__,
        "ok": result.ok,
        "summary": {
            "files": len(result.files),
            "invalid": sum(1 for f in result.files if not f.ok),
            "errors": result.errors,
            "warnings": result.warnings,
            "records": sum(f.records for f in result.files),
        },
        "files": [
            {
                "file": f.display,
                "ok": f.ok,
                "errors": f.errors,
                "warnings": f.warnings,
                "agency": f.agency_code,
                "checklist": f.checklist,
                "records": f.records,
                "bytes": f.size,
            }
            for f in result.files
        ],
        "diagnostics": [d.to_json() for d in sorted(result.diagnostics, key=Diagnostic.sort_key)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
