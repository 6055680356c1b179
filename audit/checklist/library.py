"""Where checklists and the law registry come from: the bundled folder, or a user's file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from audit.config import TomlSource, read_toml, validate_model
from audit.diagnostics import Diagnostic
from audit.discovery import real_folder, working_folder
from audit.errors import ConfigError, link_loop
from audit.i18n import did_you_mean
from audit.laws import Law, Registry


def bundled_dir() -> Path:
    """The folder of bundled checklists: inside the installed package, else the source tree."""
    packaged = Path(str(resources.files("audit"))) / "_bundled"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "checklists"


@dataclass(frozen=True)
class ChecklistFile:
    """A checklist file found on disk, before it is loaded."""

    id: str
    path: Path


def bundled_checklists() -> list[ChecklistFile]:
    """The bundled checklist files, by id (the file name without ``.toml``)."""
    folder = bundled_dir()
    return [ChecklistFile(p.stem, p) for p in sorted(folder.glob("*.toml"))]


def find_checklist(ref: str, *, files: bool = True) -> Path:
    """Resolve ``--checklist ID|FILE`` to a file; raise :class:`ConfigError` if there is none.

    ``files=False`` resolves bundled ids only: a name written inside an evidence file or a
    workbook is data, and must never make the tool read a file of the sender's choosing.
    """
    candidate = Path(ref)
    if files and (candidate.suffix == ".toml" or "/" in ref or candidate.is_file()):
        if candidate.exists() and not candidate.is_dir():
            return candidate  # a pipe too (--checklist <(…)): read as a file, up to its limit
        looped = link_loop(candidate)
        if looped is not None:
            raise looped
        raise ConfigError(
            f"{ref}: file not found",
            diagnostics=[Diagnostic("config.not-found", file=ref, style="toml")],
        )
    known = {c.id: c.path for c in bundled_checklists()}
    if ref in known:
        return known[ref]
    raise ConfigError(
        f"unknown checklist {ref}",
        diagnostics=[
            Diagnostic(
                "config.unknown-checklist",
                {"id": ref, "suggestion": did_you_mean(ref, known)},
                style="toml",
            )
        ],
    )


@cache
def load_registry(folder: Path | None = None) -> Registry:
    """Load every law file of the registry folder; raise all problems at once."""
    root = folder or bundled_dir() / "laws"
    laws: dict[str, Law] = {}
    sources: dict[str, Path] = {}
    texts: dict[str, TomlSource] = {}
    problems: list[Diagnostic] = []
    for path in sorted(root.glob("*.toml")):
        try:
            source = read_toml(path, display=_display(path))
            law = validate_model(source, Law)
        except ConfigError as exc:
            problems.extend(exc.diagnostics)
            continue
        problems.extend(registry_file_problems(source, law, path, sources))
        laws[law.id] = law
        sources[law.id] = path
        texts[law.id] = source
    for law in laws.values():
        problems.extend(texts[law.id].place(law.link_problems(laws)))
    if problems:
        raise ConfigError("the law registry is invalid", diagnostics=problems)
    return Registry(laws, sources=sources)


def registry_file_problems(
    source: TomlSource, law: Law, path: Path, seen: dict[str, Path]
) -> list[Diagnostic]:
    problems = [source.diagnostic(p) for p in law.problems()]
    if law.id != path.stem:
        problems.append(
            source.diagnostic(
                Diagnostic("law.id-filename", {"id": law.id, "stem": path.stem}, path=("id",))
            )
        )
    if law.id in seen:
        problems.append(
            source.diagnostic(
                Diagnostic(
                    "law.duplicate", {"id": law.id, "other": _display(seen[law.id])}, path=("id",)
                )
            )
        )
    return problems


def _display(path: Path) -> str:
    """A path as messages show it: relative to the working directory when possible.

    Folders are resolved once each (a corpus is thousands of files in a few folders); the
    file itself only when it is a symbolic link.
    """
    try:
        # a dangling link is named as the link: its target is not there to be named
        if path.name in ("", ".", "..") or (path.is_symlink() and path.exists()):
            real = path.resolve()
        else:
            real = real_folder(path.parent) / path.name
        return str(real.relative_to(working_folder()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return str(path)


def display_path(path: Path) -> str:
    """Public form of :func:`_display` for other modules. A name that is not UTF-8 (kept by
    Python as lone surrogates, which no output could encode) is shown with ``\\xNN``
    escapes for its odd bytes."""
    shown = _display(path)
    if shown.isascii():
        return shown
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_checklist_source(path: Path) -> TomlSource:
    """Read a checklist file's TOML."""
    return read_toml(path, display=_display(path))
