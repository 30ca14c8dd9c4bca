"""Peak memory of a full index by the command line, and which process held what at that moment.

    .venv/bin/python bench/index_memory.py bench/corpora/sympy-1.13.3 [--log /tmp/procs.log]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/index_memory.py bench/corpora/sympy-1.13.3

Runs `python -m coderag_mcp index` on a fresh vault.db in a temporary folder (the code of the checkout
on PYTHONPATH, else of this script's checkout), samples the resident memory of the process and of every
process under it (the parser workers) every 0.2 s, and prints the wall time, the peak of their sum
and each process's share at the peak. With --log, each process's memory every 10 s; with --db, the
index is written there and kept (for bench/link_time.py, say) instead of in the scratch folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def tree_rss_kb(root: int) -> dict[int, int]:
    """Resident memory (kB) of `root` and every process under it."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue  # gone since the listing
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(int(entry))
        rss[int(entry)] = int(fields["VmRSS"].split()[0]) if "VmRSS" in fields else 0
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        found[pid] = rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return found


def describe(processes: dict[int, int], root: int) -> str:
    return " ".join(("index" if pid == root else "worker") + f" {kb // 1024} MB" for pid, kb in sorted(processes.items()))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tree", type=Path)
    parser.add_argument("--log", type=Path, help="each process's memory every 10 s")
    parser.add_argument("--db", type=Path, help="write the index to this vault.db (a new file) and keep it")
    args = parser.parse_args()
    if args.db is not None and args.db.exists():
        parser.error(f"{args.db} exists: a full index needs a new vault.db")
    with tempfile.TemporaryDirectory(prefix="index-memory-") as scratch:
        started = time.perf_counter()
        env = dict(os.environ)
        env.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
        # In the scratch folder: `-m` looks in the working folder first, which would shadow PYTHONPATH.
        db = (args.db or Path(scratch) / "vault.db").resolve()
        process = subprocess.Popen([sys.executable, "-m", "coderag_mcp", "--db", str(db),
                                    "index", str(args.tree.resolve()), "--project", "bench"],
                                   cwd=scratch, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak, at, logged = 0, "", 0.0
        log = args.log.open("w") if args.log else None
        while process.poll() is None:
            processes = tree_rss_kb(process.pid)
            now = time.perf_counter() - started
            if sum(processes.values()) > peak:
                peak, at = sum(processes.values()), f"{now:.1f} s: {describe(processes, process.pid)}"
            if log is not None and now - logged >= 10:
                logged = now
                log.write(f"{now:7.1f} s {describe(processes, process.pid)}\n")
                log.flush()
            time.sleep(0.2)
        if log is not None:
            log.close()
        errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        print(errors[-2000:], file=sys.stderr)
        return 1
    print(f"{args.tree.name}: {time.perf_counter() - started:.1f} s, peak {peak // 1024} MB at {at}, "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
