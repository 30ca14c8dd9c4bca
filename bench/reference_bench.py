"""Precision and recall of the code graph's Python references, with jedi as the independent resolver.

    .venv/bin/pip install jedi        # the benchmark's oracle, never a dependency of the server
    bash bench/get_corpora.sh         # flask, requests, click, httpx (and sympy, Django) from PyPI
    .venv/bin/python bench/reference_bench.py bench/corpora/flask-3.0.3 bench/corpora/requests-2.32.3 \
        bench/corpora/click-8.1.7 bench/corpora/httpx-0.27.2

Each tree is indexed fresh through the service. Then:

- precision: a sample of CALLS, INHERITS and IMPORTS edges. Each edge's reference is found again
  in the source with `ast` (the call, base class or import statement on the lines the index
  recorded) and jedi is asked where the name goes (`Script.goto(follow_imports=True)`, then
  `infer` when it lands on a variable). An edge is right when jedi reaches the edge's target
  (same file, a definition of that name whose lines hold jedi's answer; for an import, the
  imported module's file), wrong when jedi reaches something else (another definition, the
  standard library, a builtin), and unjudged when jedi finds nothing. Precision is right / judged,
  per resolution kind and per call form (`from . import x`, where jedi has no module to go to,
  also counts the package's `__init__.py` as the module imported). GUESS edges are not answers: they are reported apart and
  left out of each figure that has no GUESS in its name.
- recall: a sample of call sites (test and non-test code apart) that jedi resolves to a function
  or class of the project: the share the graph has a sure edge for (source, CALLS, that target).

jedi runs against a bare interpreter (a virtual environment made for the run, no site-packages),
so an installed copy of the project never answers for the tree.
"""

from __future__ import annotations

import argparse
import ast
import random
import sqlite3
import sys
import tempfile
import time
import venv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import jedi

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store.references import decode_file_references

SURE_EXCLUDED = {"GUESS"}


def is_test(path: str) -> bool:
    parts = path.split("/")
    return any(p in ("tests", "test", "testing") for p in parts[:-1]) or parts[-1].startswith("test_") \
        or parts[-1] in ("conftest.py",) or parts[-1].endswith("_test.py")


@dataclass
class Node:
    id: str
    file: str
    kind: str
    name: str
    start: int
    end: int


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    unjudged: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, verdict: bool | None, example: str) -> None:
        if verdict is None:
            self.unjudged += 1
        elif verdict:
            self.right += 1
        else:
            self.wrong += 1
            if len(self.examples) < 8:
                self.examples.append(example)

    def text(self) -> str:
        judged = self.right + self.wrong
        return f"{self.right / judged:.3f} ({judged})" if judged else "- (0)"


class Oracle:
    """jedi over one tree, with a Script per file kept while the run lasts."""

    def __init__(self, root: Path, environment: jedi.api.environment.Environment) -> None:
        self.root = root
        added = [str(root / "src")] if (root / "src").is_dir() else []
        self.project = jedi.Project(root, added_sys_path=added, environment_path=None)
        self.environment = environment
        self.scripts: dict[str, jedi.Script] = {}
        self.trees: dict[str, ast.Module | None] = {}
        self.lines: dict[str, list[str]] = {}

    def tree(self, rel: str) -> ast.Module | None:
        if rel not in self.trees:
            text = (self.root / rel).read_text(errors="replace")
            self.lines[rel] = text.splitlines()
            try:
                self.trees[rel] = ast.parse(text)
            except SyntaxError:
                self.trees[rel] = None
        return self.trees[rel]

    def script(self, rel: str) -> jedi.Script:
        if rel not in self.scripts:
            if len(self.scripts) > 40:
                self.scripts.clear()
            self.scripts[rel] = jedi.Script(path=str(self.root / rel), project=self.project,
                                            environment=self.environment)
        return self.scripts[rel]

    def where(self, rel: str, line: int, col: int, *,
              held: bool = True) -> list[tuple[str | None, int, str, str]] | None:
        """(project-relative file or None outside the tree, line, name, type) of what a name goes to (with `held`, what
        a variable it lands on holds); None when jedi finds nothing."""
        try:
            script = self.script(rel)
            names = script.goto(line, col, follow_imports=True)
            if held and names and all(n.type in ("statement", "param", "instance") for n in names):
                names = script.infer(line, col) or names
        except Exception:  # jedi has its own bugs; a crash there judges nothing
            return None
        found = []
        for name in names:
            path = name.module_path
            rel_path = None
            if path is not None:
                try:
                    rel_path = Path(path).resolve().relative_to(self.root.resolve()).as_posix()
                except ValueError:
                    rel_path = None
            if name.line is None and rel_path is None and name.type != "module":
                found.append((None, 0, name.name, name.type))  # a builtin
                continue
            found.append((rel_path, name.line or 0, name.name, name.type))
        return found or None


def call_sites(tree: ast.Module) -> list[tuple[ast.Call, str, int, int, str]]:
    """(call, callee name, line, column of the name, form) for every call with a name to follow."""
    sites = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name):
            sites.append((node, func.id, func.lineno, func.col_offset, "f()"))
        elif isinstance(func, ast.Attribute) and func.end_lineno is not None and func.end_col_offset is not None:
            value = func.value
            if isinstance(value, ast.Name) and value.id in ("self", "cls"):
                form = "self.f()"
            elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "super":
                form = "super().f()"
            else:
                form = "x.f()"
            sites.append((node, func.attr, func.end_lineno, func.end_col_offset - len(func.attr), form))
    return sites


def base_sites(tree: ast.Module) -> list[tuple[ast.ClassDef, str, int, int]]:
    sites = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if isinstance(base, ast.Name):
                    sites.append((node, base.id, base.lineno, base.col_offset))
                elif isinstance(base, ast.Attribute) and base.end_col_offset is not None:
                    sites.append((node, base.attr, base.end_lineno or base.lineno, base.end_col_offset - len(base.attr)))
    return sites


def import_sites(tree: ast.Module, lines: list[str]) -> dict[int, list[tuple[int, int]]]:
    """Per statement line: positions of the names whose module jedi is asked about."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            text = "\n".join(lines[node.lineno - 1: (node.end_lineno or node.lineno)])
            positions = []
            if isinstance(node, ast.ImportFrom) and node.module:
                last = node.module.rsplit(".", 1)[-1]
                positions.append(_position(text, last, node.lineno, after="from"))
            for alias in node.names:
                last = alias.name.rsplit(".", 1)[-1]
                positions.append(_position(text, last, node.lineno, after="import"))
            # (the index records the lines of the names a parenthesised import spans, `from m import (\n  a,\n)`)
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                found[line].extend(p for p in positions if p is not None)
    return found


def _position(text: str, word: str, first_line: int, *, after: str) -> tuple[int, int] | None:
    import re
    start = text.find(after)
    match = re.search(rf"\b{re.escape(word)}\b", text[start + len(after):] if start >= 0 else text)
    if not match:
        return None
    offset = (start + len(after) if start >= 0 else 0) + match.start()
    before = text[:offset]
    return first_line + before.count("\n"), offset - (before.rfind("\n") + 1)


def load(db: Path, project: str) -> tuple[dict[str, Node], list[tuple[str, str, str, str]], list[dict[str, Any]]]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    ends = {(r[0], r[1]): r[2] for r in con.execute(
        "SELECT file_path, qualified_name, max(end_lineno) FROM code_chunks WHERE project_id = ? "
        "GROUP BY file_path, qualified_name", (project,))}
    nodes = {}
    for r in con.execute("SELECT id, file_path, node_type, name, lineno FROM code_nodes WHERE project_id = ?",
                         (project,)):
        qualified = r["id"][len(project) + len(r["file_path"]) + 2:].split("@", 1)[0]
        end = ends.get((r["file_path"], qualified), r["lineno"] or 0)
        nodes[r["id"]] = Node(r["id"], r["file_path"], r["node_type"], r["name"], r["lineno"] or 0, end or 0)
    edges = [(r[0], r[1], r[2], r[3] or "?") for r in con.execute(
        """SELECT e.source_id, e.target_id, e.edge_type, r.resolution FROM code_edges AS e
             LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id WHERE e.project_id = ?
            ORDER BY e.source_id, e.edge_type, e.target_id""", (project,))]
    # A file's references are one JSON row (migration 9): decoded as the graph reads them.
    refs = sorted(({"file_path": file_path, "source_id": source_id, "name": name, "edge_type": edge_type,
                    "lineno": lineno, "lines": str(lines)}
                   for path, text in con.execute("SELECT file_path, refs FROM coderag_file_references "
                                                 "WHERE project_id = ?", (project,))
                   for file_path, source_id, name, edge_type, _module, lineno, _count, _qualifier, lines
                   in decode_file_references(project, path, text)),
                  key=lambda r: (r["file_path"], r["source_id"], r["name"], r["edge_type"], r["lineno"]))
    con.close()
    return nodes, edges, refs


def matches(answer: tuple[str | None, int, str, str], node: Node) -> bool:
    path, line, name, _type = answer
    if node.kind == "MODULE":
        return path == node.file
    return path == node.file and name == node.name and node.start <= line <= max(node.end, node.start)


def judge(answers: list[tuple[str | None, int, str, str]] | None, target: Node) -> bool | None:
    if not answers:
        return None
    return any(matches(a, target) for a in answers)


def evaluate(root: Path, db: Path, project: str, oracle: Oracle, sample: int, recall_sample: int,
             seed: int) -> dict[str, object]:
    nodes, edges, refs = load(db, project)
    rng = random.Random(seed)
    lines_of: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for r in refs:
        lines_of[(r["source_id"], r["edge_type"], r["name"])].extend(int(n) for n in r["lines"].split(","))
    imports_of: dict[str, list[int]] = defaultdict(list)
    for r in refs:
        if r["edge_type"] == "IMPORTS":
            imports_of[r["source_id"]].extend(int(n) for n in r["lines"].split(","))
    python_edges = [e for e in edges if e[0] in nodes and e[1] in nodes and nodes[e[0]].file.endswith(".py")]
    by_kind = Counter(e[3] for e in python_edges if e[2] == "CALLS")
    results: dict[str, object] = {"edges": Counter(e[2] for e in python_edges), "calls_by_kind": by_kind}
    tallies: dict[str, Tally] = defaultdict(Tally)

    def sample_of(edge_type: str) -> list[tuple[str, str, str, str]]:
        pool = [e for e in python_edges if e[2] == edge_type]
        return rng.sample(pool, min(sample, len(pool)))

    for source_id, target_id, _t, how in sample_of("CALLS"):
        source, target = nodes[source_id], nodes[target_id]
        tree = oracle.tree(source.file)
        if tree is None:
            continue
        wanted = set(lines_of.get((source_id, "CALLS", target.name), ()))
        sites = [s for s in call_sites(tree) if s[1] == target.name and s[0].lineno in wanted]
        verdicts, form = [], "?"
        for _call, _name, line, col, site_form in sites:
            # A call of a variable or field is an edge to it (`self.app(..)` to `self.app = app`) beside one to what it
            # holds, if known: jedi's goto lands on its statement, which what it infers there replaces.
            verdict = judge(oracle.where(source.file, line, col, held=target.kind != "VARIABLE"), target)
            if verdict is not None:
                verdicts.append(verdict)
                form = site_form if form == "?" or verdict else form
        verdict = (any(verdicts) if verdicts else None)
        example = f"{source.file}:{min(wanted) if wanted else '?'} {source_id.rsplit(':', 1)[-1]} -> " \
                  f"{target.file}:{target_id.rsplit(':', 1)[-1]} [{how}]"
        group = "GUESS" if how in SURE_EXCLUDED else "sure"
        tallies[f"CALLS {group}"].add(verdict, example)
        tallies[f"CALLS kind {how}"].add(verdict, example)
        if group == "sure":
            tallies[f"CALLS form {form}"].add(verdict, example)

    for source_id, target_id, _t, how in sample_of("INHERITS"):
        source, target = nodes[source_id], nodes[target_id]
        tree = oracle.tree(source.file)
        if tree is None:
            continue
        wanted = set(lines_of.get((source_id, "INHERITS", target.name), ()))
        sites = [s for s in base_sites(tree) if s[1] == target.name and s[0].lineno in wanted]
        verdicts = [v for v in (judge(oracle.where(source.file, line, col), target) for _c, _n, line, col in sites)
                    if v is not None]
        group = "GUESS" if how in SURE_EXCLUDED else "sure"
        tallies[f"INHERITS {group}"].add(any(verdicts) if verdicts else None,
                                         f"{source_id.split(':', 1)[1]} -> {target_id.split(':', 1)[1]} [{how}]")

    for source_id, target_id, _t, how in sample_of("IMPORTS"):
        source, target = nodes[source_id], nodes[target_id]
        tree = oracle.tree(source.file)
        if tree is None:
            continue
        positions = import_sites(tree, oracle.lines[source.file])
        answers: list[tuple[str | None, int, str, str]] = []
        for pos_line, col in sorted({position for line in set(imports_of.get(source_id, ()))
                                     for position in positions.get(line, ())}):
            for answer in oracle.where(source.file, pos_line, col) or ():
                answers.append(answer if answer[3] == "module" else (answer[0], 0, answer[2], "module"))
        # jedi answers a module (the file itself) or a name inside one (its file): either names the file.
        module_answers = [a for a in answers if a[3] == "module"]
        # `from . import x` names no module jedi can be asked about: the package itself is imported.
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module is None and node.level and \
                    node.lineno in set(imports_of.get(source_id, ())):
                package = Path(source.file).parent
                for _ in range(node.level - 1):
                    package = package.parent
                module_answers.append(((package / "__init__.py").as_posix(), 0, "", "module"))
        group = "GUESS" if how in SURE_EXCLUDED else "sure"
        tallies[f"IMPORTS {group}"].add(judge(module_answers, target),
                                        f"{source_id.split(':', 1)[1]} -> {target.file} [{how}]")

    # Recall: call sites jedi resolves into the project.
    sure_targets: dict[str, set[str]] = defaultdict(set)
    for source_id, target_id, edge_type, how in python_edges:
        if edge_type == "CALLS" and how not in SURE_EXCLUDED:
            sure_targets[source_id].add(target_id)
    sources_at: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for r in refs:
        if r["edge_type"] == "CALLS":
            for n in r["lines"].split(","):
                sources_at[(r["file_path"], r["name"], int(n))].append(r["source_id"])
    by_place = defaultdict(list)
    for node in nodes.values():
        if node.kind != "MODULE":
            by_place[(node.file, node.name)].append(node)
    files = sorted({n.file for n in nodes.values() if n.file.endswith(".py")})
    for group, group_files in (("non-test", [f for f in files if not is_test(f)]),
                               ("test", [f for f in files if is_test(f)])):
        sites = []
        for rel in group_files:
            tree = oracle.tree(rel)
            if tree is not None:
                sites.extend((rel, s) for s in call_sites(tree))
        rng.shuffle(sites)
        found = missed = 0
        missed_examples = []
        for rel, (call, name, line, col, _form) in sites:
            if found + missed >= recall_sample:
                break
            answers = oracle.where(rel, line, col) or []
            inside = [a for a in answers if a[0] is not None and a[3] in ("function", "class")
                      and any(matches(a, n) for n in by_place.get((a[0], a[2]), ()))]
            if not inside:
                continue
            targets = {n.id for a in inside for n in by_place[(a[0], a[2])] if matches(a, n)}
            sources = sources_at.get((rel, name, call.lineno), [])
            if targets & set(sources):
                continue  # a recursive call: the graph keeps no edge from a definition to itself
            if any(sure_targets[s] & targets for s in sources):
                found += 1
            else:
                missed += 1
                if len(missed_examples) < 8:
                    missed_examples.append(f"{rel}:{line} {name} -> {sorted(targets)[0].split(':', 1)[1]}")
        results[f"recall {group}"] = (found, found + missed, missed_examples)
    results["tallies"] = tallies
    return results


async def index(root: Path, db: Path, project: str) -> float:
    started = time.perf_counter()
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        await service.init_index(project, str(root), background=False)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--sample", type=int, default=300, help="edges sampled per edge type")
    parser.add_argument("--recall-sample", type=int, default=300, help="jedi-resolved call sites per group")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--examples", action="store_true", help="print wrong edges and missed call sites")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        venv.create(Path(folder) / "bare", with_pip=False)
        environment = jedi.create_environment(str(Path(folder) / "bare"), safe=False)
        columns: dict[str, dict[str, str]] = {}
        for root in args.roots:
            root = root.resolve()
            project = root.name.lower()
            db = Path(folder) / f"{project}.db"
            seconds = anyio.run(index, root, db, project)
            results = evaluate(root, db, project, Oracle(root, environment), args.sample, args.recall_sample,
                               args.seed)
            tallies: dict[str, Tally] = results["tallies"]  # type: ignore[assignment]
            column = {key: tally.text() for key, tally in tallies.items()}
            for group in ("non-test", "test"):
                found, total, _examples = results[f"recall {group}"]  # type: ignore[misc]
                column[f"recall {group}"] = f"{found / total:.3f} ({total})" if total else "- (0)"
            column["CALLS edges by kind"] = " ".join(f"{k} {v}" for k, v in sorted(
                results["calls_by_kind"].items()))  # type: ignore[union-attr]
            column["index seconds"] = f"{seconds:.1f}"
            columns[root.name] = column
            print(f"{root.name}: indexed in {seconds:.1f} s", file=sys.stderr)
            if args.examples:
                for key, tally in sorted(tallies.items()):
                    for example in tally.examples:
                        print(f"  wrong {key}: {example}", file=sys.stderr)
                for group in ("non-test", "test"):
                    for example in results[f"recall {group}"][2]:  # type: ignore[index]
                        print(f"  missed {group}: {example}", file=sys.stderr)
    rows = sorted({key for column in columns.values() for key in column}, key=_row_order)
    print("| | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for key in rows:
        print(f"| {key} | " + " | ".join(column.get(key, "") for column in columns.values()) + " |")
    return 0


def _row_order(key: str) -> tuple[int, str]:
    order = ("CALLS sure", "CALLS GUESS", "CALLS kind", "CALLS form", "INHERITS", "IMPORTS", "recall", "CALLS edges",
             "index")
    return next((i for i, prefix in enumerate(order) if key.startswith(prefix)), len(order)), key


if __name__ == "__main__":
    sys.exit(main())
