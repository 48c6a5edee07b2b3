"""Local source files: where they may be, and how they are opened without ever blocking.

Confinement
    A manifest's ``file`` entries must resolve (after ``..`` and symbolic links) inside the
    manifest's own folder or inside one of the allowed roots. Allowed roots are set by the
    operator, not by the manifest: the environment variable ``SOURCES_ALLOWED_ROOTS`` (folders
    separated by ``os.pathsep``, ``:`` on Linux) or the ``allowed_roots`` argument of
    :func:`extract.manifest.load_manifest`. A manifest cannot widen them (a hostile manifest would
    simply list ``/``).

Opening
    Only regular files are read. :func:`open_regular_file` opens with ``O_NONBLOCK`` (a FIFO
    without a writer would otherwise block ``open`` forever) and ``O_NOFOLLOW`` (the path is
    already resolved; a symbolic link put in its place afterwards is refused), then checks with
    ``fstat`` on the open descriptor that it is a regular file, so a FIFO, socket, device or
    directory is refused and never read.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from extract.errors import DocumentError

ALLOWED_ROOTS_ENV = "SOURCES_ALLOWED_ROOTS"
_READ_SIZE = 1 << 20


def allowed_roots_from_env() -> tuple[Path, ...]:
    """The folders named by ``SOURCES_ALLOWED_ROOTS`` (resolved; empty entries ignored)."""
    value = os.environ.get(ALLOWED_ROOTS_ENV, "")
    return tuple(Path(part).expanduser().resolve() for part in value.split(os.pathsep) if part)


def is_within(path: Path, roots: Iterable[Path]) -> bool:
    """Is the (resolved) ``path`` one of ``roots`` or below one of them?"""
    return any(path == root or path.is_relative_to(root) for root in roots)


def confined_path(raw: str, base: Path, roots: Sequence[Path]) -> Path:
    """``raw`` resolved against ``base`` (symbolic links followed); ValueError when it is outside
    every root or cannot be a path at all."""
    if "\x00" in raw:
        raise ValueError("the path contains a NUL character")
    try:
        resolved = (base / raw).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        raise ValueError(f"the path cannot be resolved ({exc})") from exc
    if not is_within(resolved, roots):
        shown = ", ".join(str(root) for root in roots)
        raise ValueError(
            f"{raw!r} resolves to {resolved}, outside the manifest's folder and the allowed "
            f"roots ({shown}); set SOURCES_ALLOWED_ROOTS to allow another folder"
        )
    return resolved


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular_file(path: Path) -> int:
    """A read-only descriptor on the regular file ``path``; never blocks (see the module doc).

    Raises DocumentError: ``missing`` when there is nothing there, ``not_a_regular_file`` for a
    FIFO, socket, device, directory or a symbolic link in the final component.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise DocumentError("missing", f"file not found: {path}") from exc
    except OSError as exc:
        if os.path.islink(path):
            raise DocumentError(
                "not_a_regular_file", f"{path} has become a symbolic link; it is not read"
            ) from exc
        if os.path.isdir(path):
            raise DocumentError("not_a_regular_file", f"{path} is a directory") from exc
        raise DocumentError("missing", f"cannot open {path}: {exc.strerror or exc}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise DocumentError(
                "not_a_regular_file", f"{path} is {_kind(mode)}, not a regular file; not read"
            )
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``; ``too_large`` over ``max_bytes`` (never read)."""
    fd = open_regular_file(path)
    with os.fdopen(fd, "rb", closefd=True) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise DocumentError(
                "too_large", f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes"
            )
        content = handle.read(max_bytes + 1)  # the file may have grown since fstat
    if len(content) > max_bytes:
        raise DocumentError(
            "too_large", f"the file is over the limit of {max_bytes:,} bytes (it grew while read)"
        )
    return content


def regular_file_sha256(path: Path) -> str | None:
    """The sha256 of the regular file ``path``, or None when it is missing, unreadable or not a
    regular file (a FIFO is never opened for a blocking read). For refresh planning."""
    try:
        fd = open_regular_file(path)
    except DocumentError:
        return None
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "rb", closefd=True) as handle:
            for chunk in iter(lambda: handle.read(_READ_SIZE), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
