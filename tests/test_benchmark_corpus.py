"""The benchmark corpus: every shape is valid evidence, the same documents written another
way, and warned files carry exactly their one warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.evidence.load import Options
from audit.validation import validate
from benchmarks.corpus import SHAPES, build


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_is_valid_and_the_same_documents(shape: str, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    build(plain, files=4, records=40, shape="plain", warned=0.5)
    shaped = tmp_path / shape
    size, records = build(shaped, files=4, records=40, shape=shape, warned=0.5)
    files = sorted(shaped.glob("*.json"))
    assert size == sum(p.stat().st_size for p in files) and records > 0
    result = validate(files, Options(attachments=False))
    assert result.errors == 0
    warned = sorted({Path(d.file or "").name for d in result.diagnostics})
    assert warned == ["agency-00000.json", "agency-00002.json"]
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == (shape == "bom")
        assert (b"\r\n" in raw) == (shape == "crlf")
        assert (b"\\u" in raw) == (shape == "escaped")
        doc = json.loads(raw.decode("utf-8-sig"))
        assert (doc.pop("x-note", None) is not None) == (shape == "x-note")
        for rows in doc["records"].values():
            for record in rows:
                assert (record.pop("x-来源", None) == "导入") == (shape == "x-column")
        assert doc == json.loads((plain / path.name).read_text("utf-8"))
