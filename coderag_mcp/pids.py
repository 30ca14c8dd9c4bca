"""Whether a process id on this host names a running process: the job runner's recovery asks it of a dead job's
lease, and the parser's results folders of a killed job are removed by it."""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name != "posix":  # (there os.kill(pid, 0) ends the process rather than asking whether it runs)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:  # a killed child that nobody reaped yet is a zombie: dead for our purpose
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True
