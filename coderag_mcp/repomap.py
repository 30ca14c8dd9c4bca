"""The repo map: a compact outline of the most central files and symbols, within a token budget.

Files are ranked by the PageRank of what they define (and of the file itself); symbols by their
own rank. The map shows the top symbols under their files, in source order and each under the
symbol it belongs to (a Go or Rust method under its type, wherever it is written), and takes as
many as fit in `max_tokens` (found by binary search, since the rendered size grows with every
symbol added). A token is taken as four characters.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .file_roles import is_test_path, path_role, vendored_package

CHARS_PER_TOKEN = 4


@dataclass(frozen=True)
class MapSymbol:
    file_path: str
    qualified_name: str
    kind: str
    signature: str | None
    lineno: int
    score: float


def estimate_tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)


# Tests matter less than what they test when an agent first looks at a repository; examples, docs, benchmarks and
# generated code less than the product too, though more than tests. A copy of another library is not the project's
# (yaml-cpp's googletest, a copy its tests use, filled half its map by rank at a test's weight).
TEST_WEIGHT = 0.2
ROLE_WEIGHT = 0.5
VENDORED_WEIGHT = 0.1


@functools.lru_cache(maxsize=50_000)
def file_weight(path: str) -> float:
    """What a file's symbols weigh in the map for what the file is for (file_roles.py): 1.0 for the product's."""
    weight = TEST_WEIGHT if is_test_path(path) else ROLE_WEIGHT if path_role(path) else 1.0
    return weight * VENDORED_WEIGHT if vendored_package(path) else weight


def render(symbols: Sequence[MapSymbol], file_scores: dict[str, float],
           everything: dict[tuple[str, str], MapSymbol] | None = None) -> str:
    """The outline of `symbols`; a method is shown under its class (taken from `everything`)."""
    chosen = {(s.file_path, s.qualified_name): s for s in symbols}
    for symbol in symbols:
        parts = symbol.qualified_name.split(".")
        for depth in range(1, len(parts)):
            parent = (symbol.file_path, ".".join(parts[:depth]))
            if everything and parent in everything:
                chosen.setdefault(parent, everything[parent])
    by_file: dict[str, list[MapSymbol]] = defaultdict(list)
    for symbol in chosen.values():
        by_file[symbol.file_path].append(symbol)
    blocks = []
    for path in sorted(by_file, key=lambda p: (-file_scores.get(p, 0.0), p)):
        blocks.append("\n".join([f"{path}:", *outline(by_file[path])]))
    return "\n".join(blocks)


def enclosing_name(qualified_name: str, names: set[str]) -> str | None:
    """The nearest of `names` that `qualified_name` is inside (`Echo` for `Echo.Use`), or None."""
    parts = qualified_name.split(".")
    for depth in range(len(parts) - 1, 0, -1):
        if ".".join(parts[:depth]) in names:
            return ".".join(parts[:depth])
    return None


def outline(symbols: Sequence[MapSymbol]) -> list[str]:
    """The lines of one file's `symbols`: each right under the nearest one it is inside, and siblings in source
    order. The enclosing symbol, not the line, places a method: Go's `func (e *Echo) Use` and Rust's methods in
    `impl Echo` are written at file level, after unrelated functions, or in a file without their type (then the
    method stands alone, not indented under whatever precedes it)."""
    names = {symbol.qualified_name for symbol in symbols}
    inside: dict[str | None, list[MapSymbol]] = defaultdict(list)
    for symbol in symbols:
        inside[enclosing_name(symbol.qualified_name, names)].append(symbol)
    lines: list[str] = []
    # Depth first, without recursion: (symbol, depth) pairs, the next to show at the end.
    pending = [(symbol, 1) for symbol in reversed(sorted(inside[None], key=lambda s: s.lineno))]
    while pending:
        symbol, depth = pending.pop()
        header = symbol.signature or f"{symbol.kind.lower()} {symbol.qualified_name}"
        lines.append(f"{'  ' * depth}{header}")
        pending.extend((child, depth + 1) for child in reversed(sorted(inside[symbol.qualified_name],
                                                                        key=lambda s: s.lineno)))
    return lines


def map_weight(symbol: MapSymbol) -> float:
    """What a symbol weighs in the map: its rank, times its file's weight."""
    return symbol.score * file_weight(symbol.file_path)


def map_order(symbol: MapSymbol) -> tuple[float, str, int, str]:
    """The order in which symbols make the map: heaviest first, then by place."""
    return -map_weight(symbol), symbol.file_path, symbol.lineno, symbol.qualified_name


def fitting_count(ranked: Sequence[MapSymbol], max_tokens: int,
                  everything: dict[tuple[str, str], MapSymbol] | None = None) -> int:
    """How many of the `ranked` symbols the map can show within `max_tokens` (found by binary search:
    the map grows with every symbol). Without `everything` no class is added above its methods, so
    the count is an upper bound of the map's, known before any file is read whole."""
    # A map of n symbols has at least n lines of an indent, a character and a newline: n tokens.
    low, high = 0, min(len(ranked), max_tokens)
    while low < high:  # the largest count whose map fits
        middle = (low + high + 1) // 2
        if estimate_tokens(render(ranked[:middle], {}, everything)) <= max_tokens:  # file order: no matter
            low = middle
        else:
            high = middle - 1
    return low


def build_map(symbols: Sequence[MapSymbol], file_scores: dict[str, float], max_tokens: int,
              everything: dict[tuple[str, str], MapSymbol] | None = None) -> tuple[str, int]:
    """The map of the best-weighed symbols that fits in `max_tokens`, and how many symbols it holds.

    `symbols`: the candidates (at least the best that can fit); `everything`: the symbols a chosen one
    may sit under, by (file, qualified name) (by default the candidates); `file_scores`: the rank of
    each file that holds a chosen symbol, which orders the files."""
    scores = {path: score * file_weight(path) for path, score in file_scores.items()}
    if everything is None:
        everything = {(s.file_path, s.qualified_name): s for s in symbols}
    ranked = sorted(symbols, key=map_order)
    count = fitting_count(ranked, max_tokens, everything)
    return render(ranked[:count], scores, everything), count
