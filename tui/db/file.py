"""The database file on disk: atomic replacement, the single-writer lock, and safe loading.

TinyDB's own JSONStorage truncates and rewrites the file in place through a handle it keeps open,
so a reader or a crash can see half a file, and it treats a 0-byte or `null` file as empty and
overwrites it. `AtomicJSONStorage` instead writes a new file beside the old one, fsyncs it and
`os.replace()`s it over the old one: every reader always finds one complete JSON document.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import socket
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from tui.errors import SpantagError

Raw = dict[str, dict[str, Any]]


class DatabaseError(SpantagError):
    """The database cannot be opened, read or written; nothing on disk was changed."""


class DatabaseLockedError(DatabaseError):
    """Another spantag process holds the database open for writing."""

    exit_code = 3


def describe_os_error(exc: OSError) -> str:
    """A short human reason for an OSError (e.g. 'no space left on device')."""
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    return (exc.strerror or str(exc)).lower()


def _temporary(path: Path) -> Path:
    """Where the next version of `path` is written before it replaces `path`."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def database_path(path: Path | str) -> Path:
    """The database file to open: a symlink is followed, and what is not a file is refused.

    Following the link matters: `os.replace()` on the link would turn it into a plain file and
    leave its target behind, and a second spantag opening the target would take another lock.
    A pipe or device would block or never end the read.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise DatabaseError(f"database {path}: cannot read ({describe_os_error(exc)})") from None
    if stat.S_ISDIR(mode):
        raise DatabaseError(f"database {path} is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise DatabaseError(f"database {path} is not a regular file")
    return path


def check_writable(path: Path) -> None:
    """Refuse to write a database file that is read-only, or that sits in a read-only folder.

    Replacing a file needs only its folder to be writable, so a file made read-only on purpose
    (chmod a-w, even for root) would otherwise be replaced silently; and a folder that refuses
    new files would only fail at the first save, after the user's first tag.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and (not mode & 0o222 or not os.access(path, os.W_OK)):
        raise DatabaseError(
            f"database {path} is read-only, so spantag will not change it; read it with "
            "'spantag export' or 'spantag stats', or make it writable (chmod u+w) to annotate"
        )
    probe = _temporary(path)
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.unlink(probe)
    except OSError as exc:
        raise DatabaseError(
            f"cannot write in {path.parent} ({describe_os_error(exc)}); the database needs a "
            "writable folder"
        ) from None


def remove_stale_temporaries(path: Path) -> None:
    """Delete the temporary files a killed writer left beside `path` (call with the lock held)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers and crashes see the old file or the new one."""
    tmp = _temporary(path)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise DatabaseError(f"could not save {path}: {describe_os_error(exc)}") from exc
    # Make the rename itself durable.
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def encode(data: Raw) -> bytes:
    """The file's bytes: compact UTF-8 JSON (orjson is ~4x faster than json for this)."""
    return orjson.dumps(data)


def load_raw(path: Path) -> Raw | None:
    """Read and parse the file; None for a missing or 0-byte file; DatabaseError if unusable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DatabaseError(f"database {path} is a folder, not a file") from None
    except PermissionError:
        raise DatabaseError(f"database {path}: permission denied") from None
    except OSError as exc:
        raise DatabaseError(f"database {path}: cannot read ({describe_os_error(exc)})") from None
    if not data:
        return None
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        # orjson refuses invalid UTF-8 too; decode only now, to say which it was.
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise DatabaseError(
                f"database {path} is not UTF-8 (bad byte at {bad.start}); it is corrupt or not a "
                "spantag database, and was left untouched"
            ) from None
        raise DatabaseError(
            f"database {path} is corrupt or truncated ({exc.msg} at byte {exc.pos}); it was left "
            "untouched"
        ) from None
    if not isinstance(value, dict):
        shape = "null" if value is None else type(value).__name__
        raise DatabaseError(
            f"database {path} is JSON but not a TinyDB database (top level is {shape}); it was "
            "left untouched"
        )
    for name, table in value.items():
        if not isinstance(table, dict):
            raise DatabaseError(
                f"database {path} is JSON but not a TinyDB database (table {name!r} is a "
                f"{type(table).__name__}, not an object); it was left untouched"
            )
    return value


class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps the data in memory and replaces the file atomically.

    Only the process holding the write lock writes, so the in-memory copy is the file's content;
    on a failed write it is reloaded from disk (the last good file) and the error raised.

    Encoding is incremental. A table's JSON is kept between writes and re-encoded only when the
    table changed; a writer that says which records changed (`records=`, as the store does for
    annotations) gets only those records re-encoded, the others joined from their kept bytes.
    A tag therefore costs the encoding of one record, not of the whole file: encoding holds the
    GIL, which the reader's frames need (docs/performance.md).
    """

    def __init__(self, path: Path, data: Raw) -> None:
        self.path = path
        self._data = data
        self._batch_depth = 0
        self._dirty_tables: set[str] | None = set()  # None: every table
        self._dirty_records: dict[str, set[str]] = {}
        self._encoded: dict[str, bytes] = {}
        self._pieces: dict[str, dict[str, bytes]] = {}
        self.writes = 0

    def read(self) -> Raw:
        return self._data

    def write(
        self,
        data: Raw,
        tables: Iterable[str] | None = None,
        records: dict[str, Iterable[str]] | None = None,
    ) -> None:
        """Store `data`. `tables` names tables that changed anywhere, `records` the record keys
        that changed (were added, replaced or removed) per table; with neither, anything may
        have changed (TinyDB's own calls)."""
        self._data = data
        if tables is None and records is None:
            self._dirty_tables = None
        elif tables is not None and self._dirty_tables is not None:
            self._dirty_tables.update(tables)
        for name, keys in (records or {}).items():
            self._dirty_records.setdefault(name, set()).update(keys)
        if not self._batch_depth:
            self._flush()

    def _encode_table(self, name: str, table: dict[str, Any]) -> bytes:
        whole = self._dirty_tables is None or name in self._dirty_tables
        changed = self._dirty_records.get(name)
        pieces = self._pieces.get(name)
        if not whole and not changed and name in self._encoded:
            return self._encoded[name]
        if name in self._dirty_records or pieces is not None:
            # Record-level table: one b'"key":{...}' piece per record, kept in table order.
            if whole or pieces is None:
                pieces = {key: _piece(key, record) for key, record in table.items()}
                self._pieces[name] = pieces
            else:
                for key in changed or ():
                    record = table.get(key)
                    if record is None:
                        pieces.pop(key, None)
                    else:
                        pieces[key] = _piece(key, record)
            chunk = b"{" + b",".join(pieces.values()) + b"}"
        else:
            chunk = orjson.dumps(table)
        self._encoded[name] = chunk
        return chunk

    def _encode(self) -> bytes:
        parts = [
            orjson.dumps(name) + b":" + self._encode_table(name, table)
            for name, table in self._data.items()
        ]
        return b"{" + b",".join(parts) + b"}"

    def _flush(self) -> None:
        try:
            try:
                data = self._encode()
            except TypeError as exc:  # orjson: e.g. a lone surrogate in a string
                raise DatabaseError(f"could not save {self.path}: {exc}") from exc
            write_atomic(self.path, data)
        except DatabaseError:
            self.reload()
            raise
        finally:
            self._dirty_tables = set()
            self._dirty_records = {}
        self.writes += 1

    def reload(self) -> None:
        """Forget unsaved in-memory changes: read the last complete file again."""
        self._data = load_raw(self.path) or {}
        self._encoded.clear()
        self._pieces.clear()
        self._dirty_tables = set()
        self._dirty_records = {}

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several table writes into one durable file write."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._pending:
                self.reload()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._pending:
            self._flush()

    @property
    def _pending(self) -> bool:
        return self._dirty_tables != set() or bool(self._dirty_records)


def _piece(key: str, record: Any) -> bytes:
    return orjson.dumps(key) + b":" + orjson.dumps(record)


class WriteLock:
    """An OS-level lock (flock on `<db>.lock`): one writing spantag per database file.

    The kernel drops the lock when its process dies, so a lock left by a killed process is
    never stale: the next process simply takes it.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise DatabaseError(
                    f"cannot write in {self.path.parent} ({describe_os_error(exc)}); the database"
                    " needs a writable folder"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "unknown"
                os.close(fd)
                raise DatabaseLockedError(
                    f"database {self.path.with_suffix('').name} is open in another spantag "
                    f"({holder}); close that one first or use another --db"
                ) from None
            # The previous holder unlinks the lock file on release; make sure ours is the live one.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode())
            self._fd = fd
            return

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None
