"""Instructions a parser worker spends on a sample of a tree's files, counted by valgrind's callgrind:
the same count in every run (to a few parts per million), whatever else the machine does. Wall and CPU
seconds of the same index moved by 20-30% between runs on this project's machine; this tells two versions
of the parser apart by less than 1%.

    .venv/bin/python bench/parse_instructions.py bench/corpora/sympy-1.13.3 [--files 100]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/parse_instructions.py bench/corpora/sympy-1.13.3

It runs itself twice under `valgrind --tool=callgrind` (PYTHONHASHSEED=0, so dicts and sets lay out the
same): once up to the parse (imports, discovery, the grammars and queries loaded, a file of each language parsed, the
helpers' queries compiled), once with the sample parsed and each result pickled as a worker does, and prints the
difference. The sample is every n-th file of the tree in discovery order, so it spans the tree. Under valgrind a file
takes about 50 times longer: 100 of sympy's files take about two minutes. Needs valgrind (Debian's package
`valgrind`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys


def sample(root: str, files: int) -> list[object]:
    from coderag_mcp.discover import discover

    found = discover(root, 1_000_000).files
    step = max(1, len(found) // files)
    return [(source_file, None) for source_file in found[::step][:files]]


def inner(root: str, files: int, parse: bool) -> None:
    import pickle

    from coderag_mcp.collector import collector_paused
    from coderag_mcp.grammars import HELPER_QUERIES, get_query
    from coderag_mcp.parse import parse_batch

    batch = sample(root, files)
    # The grammars, their queries and the modules a parse imports: one file of each language of the sample, as a
    # worker's first file of each does once. (The first file alone left the main language's queries to be compiled
    # inside the count when that file was another language's: sympy's sample begins with its one Scheme file,
    # ripgrep's with a Lua one, and eight more patterns in python.scm read as 70.75 -> 75.95 million a file.)
    firsts = {source_file.language: (source_file, stat) for source_file, stat in reversed(batch)}
    parse_batch(list(firsts.values()), 1_000_000)
    # And the queries helpers compile when a file first needs them, which the first files may not (php_declared_types'
    # property assignments read as +22% of monolog's parse when compiled inside the count; a worker compiles each once).
    for grammar, source in sorted(HELPER_QUERIES):
        get_query(grammar, source)
    if parse:
        with collector_paused():  # as a worker parses a batch (parse_workers.py)
            for result in parse_batch(batch, 1_000_000):
                pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def counted(root: str, files: int, mode: str) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               root, "--files", str(files), "--inner", mode]
    run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or found is None:
        sys.exit(f"valgrind failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tree")
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--inner", choices=("setup", "parse"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.tree, args.files, args.inner == "parse")
        return 0
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt-get install valgrind, then run this again.")
    setup = counted(args.tree, args.files, "setup")
    parsed = counted(args.tree, args.files, "parse")
    files = len(sample(args.tree, args.files))
    print(f"{os.path.basename(os.path.normpath(args.tree))}: {files} files parsed in {(parsed - setup) / 1e6:,.1f} "
          f"million instructions ({(parsed - setup) / files / 1e6:,.2f} million a file; set-up {setup / 1e6:,.1f} million)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
