"""Turning command-line paths into the list of evidence files to read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from audit.diagnostics import Diagnostic
from audit.errors import UsageError


def real_folder(folder: Path) -> Path:
    """``folder`` with every link resolved, once per folder and working directory: a corpus
    is thousands of files in a few folders."""
    return _resolved(folder, os.getcwd())  # noqa: PTH109 - a str: no Path built per file


def working_folder() -> Path:
    """The working directory, resolved (once per directory)."""
    return _resolved(Path(), os.getcwd())  # noqa: PTH109 - as above


@lru_cache(maxsize=256)
def _resolved(folder: Path, cwd: str) -> Path:
    del cwd  # part of the key only: a relative folder resolves against it
    return folder.resolve()


# Not evidence: attachments (a JSON attachment is not an evidence file) and tool folders.
_SKIP_DIRS = {"attachments", "node_modules", "__pycache__"}
# `audit init -o DIR/AGENCY.json` writes DIR/<checklist>.schema.json beside the evidence, for
# editors: a JSON Schema, never evidence.
SCHEMA_SUFFIX = ".schema.json"


def evidence_files(paths: Iterable[Path], outside: list[Path] | None = None) -> Iterator[Path]:
    """Files named directly, and ``*.json`` found under folders.

    Folder scans skip hidden entries and JSON Schemas (``*.schema.json``); a file named
    directly is always read, whatever its name. A file reached twice (named, and inside a
    folder also named; or as ``f.json`` and ``./f.json``) is read once. Links to folders
    outside the folder searched are not followed; they are added to ``outside``, so that
    the caller can say so (:func:`outside_warnings`).

    A missing path is a usage error, raised before any file is read.
    """
    paths = list(paths)
    missing = [p for p in paths if not _exists(p) and not p.is_symlink()]
    if missing:
        names = ", ".join(str(p) for p in missing)
        raise UsageError(
            f"no such file or folder: {names}",
            diagnostics=[Diagnostic("usage.missing-path", {"paths": names})],
        )
    seen: set[Path] = set()
    for path in paths:
        for found in _walk(path, outside=outside) if _is_dir(path) else (path,):
            try:  # the folder resolved, not the file: two links to one file are two files
                key = real_folder(found.parent) / found.name
            except (OSError, RuntimeError):  # a folder in a link loop: keep it, reading reports it
                key = found
            if key not in seen:
                seen.add(key)
                yield found


def _walk(
    folder: Path,
    above: frozenset[Path] = frozenset(),
    root: Path | None = None,
    *,
    outside: list[Path] | None = None,
) -> Iterator[Path]:
    """``*.json`` under ``folder``, in name order. A link to a folder is followed when it
    leads to another folder inside the one searched (``root``): not out of it (the search
    stays where it was sent; name a folder elsewhere on the command line), nor back into a
    folder being searched (a loop). A folder that cannot be listed is yielded itself:
    reading it reports why, and the other files are still read."""
    try:
        here = folder.resolve()
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except (OSError, RuntimeError):
        yield folder
        return
    root = root or here
    above = above | {here}
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
            continue
        if entry.name.endswith(SCHEMA_SUFFIX):
            continue
        try:
            folder_here = entry.is_dir()
        except OSError:  # a name past the system's limit: reading it reports why
            yield entry
            continue
        if folder_here:  # a folder named 2020-H1.json is a folder: searched like any other
            where = _leads(entry, root, above) if entry.is_symlink() else "inside"
            if where == "inside":
                yield from _walk(entry, above, root, outside=outside)
            elif where == "outside" and outside is not None:
                outside.append(entry)
        elif entry.suffix == ".json":
            yield entry


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; one the system cannot even look up (a name too long) is
    taken to exist, so that reading it reports why."""
    try:
        return path.exists()
    except OSError:
        return True


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _leads(link: Path, root: Path, above: frozenset[Path]) -> str:
    """Where a link to a folder leads: ``inside`` the folder searched, back into a folder
    being searched (a ``loop``), or ``outside``."""
    try:
        target = link.resolve()
    except (OSError, RuntimeError):
        return "loop"
    if target in above:
        return "loop"
    return "inside" if target.is_relative_to(root) else "outside"


def outside_warnings(links: list[Path]) -> list[Diagnostic]:
    """A warning for each link to a folder outside the folder searched (not followed)."""
    from audit.checklist.library import display_path
    from audit.diagnostics import Severity

    return [
        Diagnostic(
            "discovery.link-outside",
            {"target": display_path(link.resolve())},
            severity=Severity.WARNING,
            # the link as found (its folder resolved, not the link): the target is named
            # in the message, and the user must know which link it is
            file=str(Path(display_path(link.parent)) / link.name),
        )
        for link in links
    ]
