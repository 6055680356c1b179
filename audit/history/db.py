"""The history database: one SQLite file, a versioned schema migrated forward, WAL journaling.

Every write happens in one ``BEGIN IMMEDIATE`` transaction, so two ``audit run`` processes
can share a database (the second waits for the first) and a run killed half-way leaves
nothing behind but what was committed before it.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from audit.diagnostics import Diagnostic
from audit.errors import ConfigError, UsageError, link_loop

BUSY_TIMEOUT_MS = 60_000

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        checklist_id TEXT NOT NULL,
        checklist_version TEXT NOT NULL,
        as_of TEXT NOT NULL,
        model TEXT NOT NULL,
        evaluator TEXT,
        tailoring_sha256 TEXT,
        agencies INTEGER NOT NULL,
        findings INTEGER NOT NULL,
        invalid INTEGER NOT NULL,
        mean_score REAL,
        result BLOB NOT NULL
    );
    CREATE TABLE run_files (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        file TEXT NOT NULL,
        sha256 TEXT,
        agency TEXT,
        valid INTEGER NOT NULL,
        PRIMARY KEY (run_id, file)
    );
    CREATE TABLE agency_scores (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        agency TEXT NOT NULL,
        name TEXT NOT NULL,
        period_start TEXT NOT NULL,
        period_end TEXT NOT NULL,
        score REAL,
        score_without_exemptions REAL,
        grade TEXT,
        PRIMARY KEY (run_id, agency)
    );
    CREATE TABLE section_scores (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        agency TEXT NOT NULL,
        section TEXT NOT NULL,
        score REAL,
        earned REAL NOT NULL,
        possible REAL NOT NULL,
        PRIMARY KEY (run_id, agency, section)
    );
    CREATE TABLE item_outcomes (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        agency TEXT NOT NULL,
        item TEXT NOT NULL,
        outcome TEXT NOT NULL,
        credit REAL,
        earned REAL NOT NULL,
        points REAL NOT NULL,
        severity TEXT NOT NULL,
        PRIMARY KEY (run_id, agency, item)
    );
    CREATE TABLE findings (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        finding TEXT NOT NULL,
        agency TEXT NOT NULL,
        item TEXT NOT NULL,
        severity TEXT NOT NULL,
        outcome TEXT NOT NULL,
        deadline TEXT NOT NULL,
        unit TEXT,
        person TEXT,
        leader TEXT,
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, finding)
    );
    CREATE INDEX findings_by_id ON findings (finding, run_id);
    CREATE TABLE closures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        finding TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL,
        evidence TEXT NOT NULL
    );
    CREATE INDEX closures_by_finding ON closures (finding, id);
    """,
    ),
    (  # English names and grades, for the history and the ledger under --lang en
        2,
        """
    ALTER TABLE agency_scores ADD COLUMN name_en TEXT;
    ALTER TABLE agency_scores ADD COLUMN grade_en TEXT;
    """,
    ),
    (  # the date a closure's verification speaks for (ledger close --as-of)
        3,
        """
    ALTER TABLE closures ADD COLUMN verified_on TEXT;
    """,
    ),
    (  # each agency's maximum: a flat model's points are read against it (10 / 20)
        4,
        """
    ALTER TABLE agency_scores ADD COLUMN max_score REAL;
    """,
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open and migrate the history database at ``path``; create it only if ``create``
    (commands that only read the history refuse a path with no database)."""
    if not create and not path.exists():
        raise link_loop(path) or _absent(path)
    try:
        # the folder of the file itself: a link to a history not made yet is made there
        Path(os.path.realpath(path)).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(
            f"cannot open history database {path}: {exc}",
            diagnostics=[open_problem(path, exc)],
        ) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # ours (or still empty), and not newer, before anything is written into it; a
        # database being created by another run at this moment has no table yet or all of
        # them (the schema is created in one transaction)
        _check_schema(conn, path, empty_ok=True)
        _wal(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _not_ours(path, exc) from None
    except ConfigError:
        conn.close()
        raise
    return conn


def open_for_reading(path: Path) -> sqlite3.Connection:
    """The history database at ``path``, read-only: reading commands never create, migrate
    or switch the journal of a file (it may be read-only, or not ours)."""
    if not path.exists():
        raise link_loop(path) or _absent(path)
    if path.is_file() and path.stat().st_size == 0:
        # an empty file is where a history would be created (audit run does): none yet
        raise UsageError(
            f"{path} holds no history yet",
            diagnostics=[Diagnostic("history.empty-file", file=str(path))],
        )
    uri = path.resolve().as_uri()
    conn: sqlite3.Connection | None = None
    # A file nobody writes (no write permission for anyone, or on a read-only mount) with
    # no write-ahead log beside it has all its content in itself: read as immutable.
    # Read-only mode would leave a -shm and a -wal file of the file's own permissions
    # (0444) beside it, and every later write, once the file was writable again, failed
    # as "read-only". (A file its owner may still write is read in read-only mode, which
    # takes the locks that keep one statement's rows from two commits.)
    wal = path.with_name(path.name + "-wal")
    settled = _nobody_writes(path) and not wal.exists()
    try:
        if not settled:
            try:
                conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                _check_schema(conn, path)
            except sqlite3.OperationalError:  # a WAL file on read-only storage: as it is
                if conn is not None:
                    conn.close()
                conn = None
        if conn is None:
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
            _check_schema(conn, path)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise _not_ours(path, exc) from None
    except ConfigError:
        if conn is not None:
            conn.close()
        raise
    return conn


def _nobody_writes(path: Path) -> bool:
    try:
        if not path.stat().st_mode & 0o222:
            return True
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # (no statvfs: Windows)
        return False


def _kept(conn: sqlite3.Connection, table: str, column: str) -> bool:
    """Whether ``table`` has ``column``: a history read, not migrated, from a version that
    did not keep it, has not."""
    return any(row[1] == column for row in conn.execute(f"PRAGMA table_info({table})"))


def verified_column(conn: sqlite3.Connection) -> str:
    """``verified_on`` of closures, or NULL in a history from before it was kept."""
    return "verified_on" if _kept(conn, "closures", "verified_on") else "NULL"


def english_columns(conn: sqlite3.Connection) -> str:
    """``name_en, grade_en`` of agency_scores, or NULLs in a history from an older version,
    which stored Chinese only."""
    return "name_en, grade_en" if _kept(conn, "agency_scores", "name_en") else "NULL, NULL"


def max_column(conn: sqlite3.Connection) -> str:
    """``max_score`` of agency_scores, or NULL in a history from before it was kept (its
    scores are read as percentages, as they were shown)."""
    return "max_score" if _kept(conn, "agency_scores", "max_score") else "NULL"


def _check_schema(conn: sqlite3.Connection, path: Path, *, empty_ok: bool = False) -> None:
    """An existing file must be a tj-audit history of this version (no table is added to
    another program's database); ``empty_ok``: a database without any table will do."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if empty_ok and not tables:
        return
    if not tables:  # a first run stopped before its first table: no history yet, not a stranger
        raise UsageError(
            f"{path} holds no history yet",
            diagnostics=[Diagnostic("history.empty-file", file=str(path))],
        )
    version = None
    if "meta" in tables:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row and str(row[0]).isdigit() else None
    if version is None:
        raise ConfigError(
            f"{path}: not a tj-audit history database",
            diagnostics=[open_problem(path, "foreign")],
        )
    if version > SCHEMA_VERSION:
        raise _newer(path, version)


_LONGEST = 512  # the longest path SQLite opens (its unix VFS's MAX_PATHNAME)


def _too_long(path: Path) -> bool:
    return len(os.fsencode(path.absolute())) > _LONGEST


# What SQLite and the OS say, in both languages (their own text is English only).
_DETAILS: dict[str, tuple[str, str]] = {
    "file is not a database": ("该文件不是 SQLite 数据库", "the file is not an SQLite database"),
    "database disk image is malformed": ("数据库文件已损坏", "the database file is damaged"),
    "attempt to write a readonly database": ("数据库文件只读，无法写入", "the file is read-only"),
    "unable to open database file": ("无法打开该文件", "the file cannot be opened"),
    "disk I/O error": ("磁盘读写出错", "disk I/O error"),
    "foreign": (
        "该文件是另一个程序的 SQLite 数据库，不是 tj-audit 的审计历史",
        "the file is another program's SQLite database, not a tj-audit history",
    ),
}


def check_usable(path: Path) -> None:
    """Raise what storing a run at ``path`` would meet, before the audit and without
    creating anything: a run that then fails (a bad attestation file) leaves no empty
    database behind. An existing database is opened and checked; for a new one, the
    nearest folder that exists must take a new file."""
    if path.is_symlink() and not path.exists() and link_loop(path) is None:
        path = Path(os.path.realpath(path))  # a link to a history not made yet: made there
    if _too_long(path):  # said before the audit, not after
        unopenable = "unable to open database file"
        raise ConfigError(
            f"cannot open history database {path}: {unopenable}",
            diagnostics=[open_problem(path, unopenable)],
        )
    if path.exists() or path.is_symlink():
        connect(path, create=False).close()
        return
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        problem: Exception = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    else:
        return
    raise ConfigError(
        f"cannot open history database {path}: {problem}",
        diagnostics=[open_problem(path, problem)],
    )


def database_problem(exc: Exception) -> Diagnostic:
    """What an SQLite error met while using the history means: a file that cannot be
    written or is held by another program is not a damaged one (restoring a backup over it
    would lose the good one)."""
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return Diagnostic("history.read-only")
    if "locked" in text or "busy" in text:
        return Diagnostic("history.busy", {"seconds": round(BUSY_TIMEOUT_MS / 1000)})
    if "disk is full" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return Diagnostic("history.disk-full")  # nothing damaged: free some space, retry
    zh, en = _DETAILS.get(text, (text, text))
    if text.startswith(UNREADABLE_ROW):  # ours: what is wrong with the row stays as written
        zh = "存储的记录无法读取：" + text.removeprefix(UNREADABLE_ROW)
    return Diagnostic("history.damaged", {"detail_zh": zh, "detail_en": en})


def open_problem(path: Path, exc: Exception | str) -> Diagnostic:
    """``history.open`` for ``path``, its reason worded in both languages where known."""
    text = exc if isinstance(exc, str) else str(exc)
    if "locked" in text:  # held by another program past the wait: not this file's fault
        return replace(database_problem(sqlite3.OperationalError(text)), file=str(path))
    zh, en = _DETAILS.get(text, (text, text))
    if text == "unable to open database file" and _too_long(path):
        zh = f"路径超过 SQLite 可用的 {_LONGEST} 字节"
        en = f"its path is longer than the {_LONGEST} bytes SQLite takes"
    if isinstance(exc, OSError):
        if exc.errno in (errno.EACCES, errno.EPERM):
            zh, en = "没有访问该文件或目录的权限", "no permission to use the file or its folder"
        elif exc.errno == errno.EISDIR:
            zh, en = "这是一个目录，不是数据库文件", "this is a folder, not a database file"
        elif exc.errno == errno.ENOTDIR:
            zh, en = "路径中有一段是文件而不是目录", "a part of its path is a file, not a folder"
    elif "is a directory" in text:
        zh, en = "这是一个目录，不是数据库文件", "this is a folder, not a database file"
    return Diagnostic("history.open", {"detail_zh": zh, "detail_en": en}, file=str(path))


def _absent(path: Path) -> Exception:
    """Why there is no database at ``path``: none yet (a usage error), or a part of the
    path that is a file, where a folder must be (as audit run says it)."""
    for parent in path.parents:
        if parent.exists():
            if parent.is_dir():
                break
            problem = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
            return ConfigError(
                f"cannot open history database {path}: {problem}",
                diagnostics=[open_problem(path, problem)],
            )
    return _missing(path)


def _missing(path: Path) -> UsageError:
    return UsageError(
        f"no history database at {path}",
        diagnostics=[Diagnostic("history.missing", file=str(path))],
    )


def _not_ours(path: Path, exc: Exception) -> ConfigError:
    return ConfigError(
        f"{path}: not a tj-audit history database ({exc})",
        diagnostics=[open_problem(path, exc)],
    )


def _newer(path: Path, version: int) -> ConfigError:
    return ConfigError(
        f"{path} was written by a newer tj-audit",
        diagnostics=[
            Diagnostic(
                "history.newer", {"version": version, "supported": SCHEMA_VERSION}, file=str(path)
            )
        ],
    )


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL journaling. Two processes creating one database at the same moment can
    see "database is locked" here without the busy handler being consulted: retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    with transaction(conn):
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:  # (checked again under the write lock)
            raise _newer(path, version)
        for number, script in MIGRATIONS:
            if number > version:
                for statement in script.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(number),),
                )


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One immediate (write-locking) transaction: all of it commits, or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


F = TypeVar("F", bound=Callable[..., Any])


UNREADABLE_ROW = "a stored row cannot be read: "


def reads_rows(func: F) -> F:
    """A reader of stored rows whose values cannot be decoded (a date that is no date, data
    that is no JSON: a file edited or damaged by hand) raises sqlite3.DatabaseError, which
    the command line reports as a damaged history (exit 3, in the user's language) rather
    than as a bug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KeyError as exc:  # a row naming a run (or agency) no longer stored
            detail = f"{UNREADABLE_ROW}a row refers to {exc.args[0]!r}, which is not stored"
            raise sqlite3.DatabaseError(detail) from exc
        except (ValueError, TypeError, IndexError, AttributeError) as exc:
            # AttributeError: stored JSON of another shape (a list where an object was)
            raise sqlite3.DatabaseError(f"{UNREADABLE_ROW}{exc}") from exc

    return wrapper  # type: ignore[return-value]
