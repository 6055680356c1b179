"""Paths in messages: relative to the working folder, with every link resolved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.checklist.library import display_path


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_paths_are_shown_relative_to_the_working_folder_with_links_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.json").write_text("{}")
    (tmp_path / "link.json").symlink_to(tmp_path / "sub" / "a.json")
    (tmp_path / "lsub").symlink_to(tmp_path / "sub")
    monkeypatch.chdir(tmp_path)
    for given in ("sub/a.json", tmp_path / "sub" / "a.json", "link.json", "lsub/a.json"):
        assert display_path(Path(given)) == str(Path("sub", "a.json")), given
    assert display_path(Path("sub/../sub/a.json")) == str(Path("sub", "a.json"))
    assert display_path(Path("not-yet/x.json")) == str(Path("not-yet", "x.json"))
    # a dangling link is named as itself: "nowhere.json: no such file" named a file the
    # user never gave
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    assert display_path(Path("dangling.json")) == "dangling.json"
    outside = tmp_path.parent.resolve() / "elsewhere.json"
    assert display_path(outside) == str(outside)
    (tmp_path / "sub" / "deeper").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # the same relative name from another folder
    assert display_path(Path("a.json")) == "a.json"
    assert display_path(Path("deeper/../a.json")) == "a.json"
