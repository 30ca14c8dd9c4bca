"""CPU time to parse every file of a tree in one process: compares tree-sitter versions and grammars
on a machine other jobs share, where wall-clock figures are not worth reporting.

    python bench/parse_cpu.py bench/corpora/sympy-1.13.3 bench/corpora/Django-5.1.4
"""

from __future__ import annotations

import sys
import time

from coderag_mcp.discover import discover
from coderag_mcp.grammars import get_parser
from coderag_mcp.languages import BY_NAME


def main(roots: list[str]) -> None:
    for root in roots:
        files = [f for f in discover(root, 1_000_000).files if not BY_NAME[f.language].text_only]
        sources = []
        for source_file in files:
            with open(source_file.abs_path, "rb") as handle:
                sources.append((BY_NAME[source_file.language].grammar, handle.read()))
        for grammar in {grammar for grammar, _ in sources}:
            get_parser(grammar).parse(b"")  # load every grammar before the clock
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            for grammar, source in sources:
                get_parser(grammar).parse(source)
            best = min(best, time.process_time() - started)
        print(f"{root.rstrip('/').rsplit('/', 1)[-1]}: {len(files)} files, parse CPU {best:.2f} s (best of 3)")


if __name__ == "__main__":
    main(sys.argv[1:])
