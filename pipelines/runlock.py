"""One run at a time per output folder and per dedup index: an exclusive lock naming its holder.

The lock is ``fasteners.InterProcessLock`` (a POSIX ``lockf`` lock on ``<folder>.lock`` beside
the folder, so it survives the output folder being swapped; removed when the run ends; fasteners
already comes with Beam.
``filelock`` was the other candidate: it truncates the lock file whenever a contender opens it,
which would wipe the holder's record). The kernel drops an ``fcntl`` lock when
its process dies however it dies (SIGKILL included): a lock left by a dead run is taken over by
the next run without any clean-up. The holder (pid, host, start time, command) is written into
the lock file once the lock is held, so a second run fails at once naming it.

Local folders only: object stores have no such lock (a note is logged).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import os
import socket
import sys
import time
from typing import Iterator

import fasteners

from pipelines.config import ConfigError

__all__ = ["LockHeld", "describe_holder", "hold", "hold_all", "lock_path_for"]

log = logging.getLogger("newsbeam")


class LockHeld(ConfigError):
    """Another run holds the lock of a folder this run would write."""


def lock_path_for(folder: str) -> str:
    return os.path.abspath(folder.rstrip("/")) + ".lock"


def _read_holder(path: str) -> dict:
    for _ in range(20):  # the holder writes its record just after taking the lock
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            if text.strip():
                return json.loads(text)
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    return {}


def describe_holder(holder: dict) -> str:
    if not holder:
        return "an unknown process"
    return (f"pid {holder.get('pid')} on {holder.get('host')}, started {holder.get('started')}"
            + (f" ({holder['command']})" if holder.get("command") else ""))


def _acquire(path: str) -> fasteners.InterProcessLock | None:
    """The lock of ``path`` held, or None when another process holds it. A lock taken on a file
    that its holder removed meanwhile (it unlinks the file before releasing) is retried."""
    for _ in range(5):
        lock = fasteners.InterProcessLock(path)
        if not lock.acquire(blocking=False):
            return None
        try:
            same = os.fstat(lock.lockfile.fileno()).st_ino == os.stat(path).st_ino
        except OSError:
            same = False
        if same:
            return lock
        lock.release()
    return None


@contextlib.contextmanager
def hold(flag: str, folder: str) -> Iterator[None]:
    """Hold the lock of ``folder`` for the duration; raise LockHeld naming the holder at once."""
    if "://" in folder and not folder.startswith("file://"):
        log.info("%s %s: no lock on object stores; run one job per output at a time", flag, folder)
        yield
        return
    path = lock_path_for(folder[len("file://"):] if folder.startswith("file://") else folder)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lock = _acquire(path)
    if lock is None:
        raise LockHeld(f"{flag} {folder} is in use by another run: {describe_holder(_read_holder(path))}; "
                       f"lock file {path}")
    try:
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))[:300],
        }
        # Through the lock's own handle: lockf locks are per process, and closing any other
        # descriptor of the file would release them.
        lock.lockfile.truncate(0)
        lock.lockfile.write(json.dumps(holder))
        lock.lockfile.flush()
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            lock.lockfile.truncate(0)
            os.unlink(path)  # while still held: a later run checks it locked the file on disk
        lock.release()


@contextlib.contextmanager
def hold_all(folders: list[tuple[str, str | None]]) -> Iterator[None]:
    """Hold the locks of every (flag, folder) given (None folders skipped), in a fixed order."""
    with contextlib.ExitStack() as stack:
        seen = set()
        for flag, folder in folders:
            if folder and folder not in seen:
                seen.add(folder)
                stack.enter_context(hold(flag, folder))
        yield
