"""Writing exported files so that a reader never finds half of one.

The export is e-mailed and opened offline; a truncated HTML file would look
like a broken map. ``write_atomic`` writes to a temporary file in the target's
folder and renames it over the target (``os.replace`` is atomic within one
file system), so PATH holds either the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["ExportError", "ExportWriteError", "write_atomic"]

_CHUNK_BYTES = 1 << 16


class ExportError(Exception):
    """An export could not be produced; the message says why and what to do."""


class ExportWriteError(ExportError):
    """The export's target path cannot be written."""

    def __init__(self, path: Path, reason: str, fix: str):
        self.path = path
        self.reason = reason
        self.fix = fix
        super().__init__(f"cannot write {path}: {reason}; {fix}")


def _check_target(target: Path) -> None:
    folder = target.parent
    if not folder.exists():
        raise ExportWriteError(
            target, f"the folder {folder} does not exist", "create it first or choose another path"
        )
    if not folder.is_dir():
        raise ExportWriteError(
            target, f"{folder} is a file, expected a folder", "choose a path inside a folder"
        )
    if target.is_dir():
        raise ExportWriteError(
            target, "it is a folder, expected a file name", "add a file name such as kurils.html"
        )


def write_atomic(
    path: str | os.PathLike[str], content: str | bytes, encoding: str = "utf-8"
) -> Path:
    """Write ``content`` (text is encoded) to ``path`` all at once; return the path.

    >>> write_atomic(tmp_path / "map.html", "<!DOCTYPE html>")  # doctest: +SKIP
    """
    target = Path(path)
    _check_target(target)
    data = content.encode(encoding) if isinstance(content, str) else content
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent
        )
    except OSError as err:
        raise ExportWriteError(
            target,
            f"cannot create a file in {target.parent} ({err.strerror or err})",
            "check that the folder is writable, or choose another path",
        ) from err
    try:
        with os.fdopen(handle, "wb") as stream:
            for start in range(0, len(data), _CHUNK_BYTES):
                stream.write(data[start : start + _CHUNK_BYTES])
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates 0600; an export is a file to share, readable like any other.
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException as err:
        # Includes KeyboardInterrupt: whatever stopped us, remove the partial file.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if isinstance(err, OSError) and not isinstance(err, ExportError):
            raise ExportWriteError(
                target,
                f"writing failed ({err.strerror or err})",
                "check free disk space and permissions; the file at that path was not changed",
            ) from err
        raise
    return target
