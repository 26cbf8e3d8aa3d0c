"""Writing output files safely: all or nothing, with the user's permissions (issue #20).

* :func:`write_all` — write several files as one step: each to a temporary name in its folder (created
  with mode ``0o666`` less the umask, as any new file is), flushed to disk, then all renamed into
  place; if anything fails, the temporary files are removed and no target is touched, so a failed
  command leaves no partial output.
* :func:`write_atomic` — one file, the same way.
* :func:`output_folder` — a folder created if needed; one that cannot be made or written is an
  :class:`~goldmine.errors.EnvironmentFailure` (exit code 3) naming it and the cause.

An unwritable target (permissions, a read-only or full disk) is an
:class:`~goldmine.errors.EnvironmentFailure` with the OS's one-line cause, never a traceback.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from goldmine.errors import EnvironmentFailure

__all__ = ["output_folder", "write_all", "write_atomic"]


def _cause(exc: OSError) -> str:
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return exc.strerror or "a file is in the way"
    return exc.strerror or type(exc).__name__


def output_folder(path: str | Path) -> Path:
    """``path`` as a folder, created with its parents if needed."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFailure("env.error.folder", folder=str(folder), cause=_cause(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise EnvironmentFailure("env.error.folder", folder=str(folder), cause=os.strerror(13))
    return folder


def write_all(items: Iterable[tuple[Path, str | bytes]]) -> list[Path]:
    """Write every ``(path, content)`` (text is UTF-8) or none of them; returns the paths."""
    todo = [(Path(p), c.encode("utf-8") if isinstance(c, str) else c) for p, c in items]
    staged: list[tuple[Path, Path]] = []
    current = todo[0][0] if todo else Path(".")
    try:
        for path, data in todo:
            current = path
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".goldmine-{secrets.token_hex(6)}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as to any new file
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        raise EnvironmentFailure("env.error.write", file=str(current), cause=_cause(exc)) from exc
    finally:
        for tmp, _ in staged:
            if tmp.exists():  # not renamed: this write failed or was interrupted
                tmp.unlink()
    return [p for p, _ in todo]


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write one file atomically (see :func:`write_all`)."""
    return write_all([(path, content)])[0]
