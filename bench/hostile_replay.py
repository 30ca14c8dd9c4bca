"""Replay hostile and unlucky cases against the real server over stdio; not part of the test suite.

Each case talks to `python -m coderag_mcp serve` through the mcp SDK's client (or, for protocol
misuse and start-up, to the raw process), within a time bound, and ends as one of:

    result        the call answered (and any check of what it answered held)
    clear error   a tool or protocol error whose text says what is wrong, or a start-up refusal in
                  one line with the database file unchanged
    UNCLEAR       an error without an explanation (a traceback, the SDK's bare "Error executing tool")
    WRONG         an answer that breaks a promise (a secret found, a huge snippet, an index that
                  differs from a fresh one after a kill)
    DIED          the server process is gone (a liveness call after each case fails)
    HUNG          no answer within the case's bound

The cases are the kinds issue 12 lists: bad paths, ids, queries, limits, jobs, databases,
protocol misuse, named pipes, symlinked secrets, huge one-line files, nested folders, NUL bytes,
huge names and priorities, job rows written by another program, unknown extra arguments, and
SIGKILLs of the server during an index (named phases and seeded random moments, each followed by
a restart and a comparison with a fresh index).

    .venv/bin/python bench/hostile_replay.py            # ~10 min on 2 busy cores
    .venv/bin/python bench/hostile_replay.py --only kill  # cases whose name contains "kill"
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import logging
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import anyio.abc
from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fault_bench import PROJECT, contents  # noqa: E402  (the same comparison as the fault bench)

CASE_SECONDS = 40.0
CORPORA = Path(__file__).resolve().parent / "corpora"
DEMO_CORPUS = "flask-3.0.3"  # a real project: what the agent-facing cases search
KILL_CORPUS = "click-8.1.7"  # indexed over and over by the kill cases: small, but more than one batch


@dataclass
class Outcome:
    kind: str
    detail: str = ""


def env_without_db(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", CODERAG_WATCH="0")
    env.pop("CODERAG_DB", None)
    env.pop("CODERAG_TEST_KILL_AT", None)
    env.update(extra or {})
    return env


class Server:
    """One server over stdio; restarted when a case leaves it dead or stuck.

    A task of its own enters and leaves the client (anyio wants a task group left in the task and
    scope that entered it; a case's time bound must never sit between the two)."""

    task_group: anyio.abc.TaskGroup  # set by main_async: the owner tasks of every server live there

    def __init__(self, db: Path, extra_env: dict[str, str] | None = None) -> None:
        self.db, self.extra_env = db, extra_env
        self.client: Client | None = None
        self._stop = anyio.Event()
        self._stopped = anyio.Event()
        self._scope: anyio.CancelScope | None = None

    async def start(self) -> None:
        params = StdioServerParameters(command=sys.executable,
                                       args=["-m", "coderag_mcp", "--db", str(self.db), "serve", "--no-watch"],
                                       env=env_without_db(self.extra_env))
        self._stop, self._stopped = anyio.Event(), anyio.Event()

        async def own(*, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
            try:
                with anyio.CancelScope() as self._scope:
                    async with Client(params) as client:
                        self.client = client
                        task_status.started()
                        await self._stop.wait()
            except Exception:  # noqa: BLE001 - a dead server's pipes fail as they close
                pass
            finally:
                self.client = None
                self._stopped.set()

        await Server.task_group.start(own)

    async def stop(self) -> None:
        self._stop.set()
        with anyio.move_on_after(10, shield=True):
            await self._stopped.wait()
        if not self._stopped.is_set() and self._scope is not None:
            self._scope.cancel()
            with anyio.move_on_after(10, shield=True):
                await self._stopped.wait()

    async def call(self, tool: str, arguments: dict[str, Any]) -> Any:
        assert self.client is not None
        return await self.client.call_tool(tool, arguments)

    async def alive(self) -> bool:
        try:
            with anyio.fail_after(15):
                return not (await self.call("list_projects", {})).is_error
        except BaseException:  # noqa: BLE001 - any failure to answer is a dead or stuck server
            return False


async def wait_job(server: Server, job_id: str, seconds: float = 120) -> dict[str, Any]:
    with anyio.fail_after(seconds):
        while True:
            job = (await server.call("get_job", {"job_id": job_id})).structured_content
            if job["status"] not in ("pending", "running"):
                return job
            await anyio.sleep(0.2)


def text_of(result: Any) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content).strip()


def judge(tool: str, result: Any) -> Outcome:
    if not result.is_error:
        return Outcome("result", json.dumps(result.structured_content, default=str)[:100])
    text = text_of(result)
    if not text or "Traceback" in text or text == f"Error executing tool {tool}":
        return Outcome("UNCLEAR", text[:200])
    return Outcome("clear error", text[:160])


Check = Callable[[Any], Awaitable[str | None]]


@dataclass
class Case:
    name: str
    run: Callable[["Replay"], Awaitable[Outcome]]
    seconds: float = CASE_SECONDS
    # Start-up and raw-protocol cases run their own processes; the shared server needs no probe.
    probe: bool = True


class Replay:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.db = work / "vault.db"
        self.server = Server(self.db)
        self.trees: dict[str, Path] = {}
        self.job_ids: list[str] = []

    async def tool(self, tool: str, arguments: dict[str, Any], check: Check | None = None) -> Outcome:
        result = await self.server.call(tool, arguments)
        outcome = judge(tool, result)
        if check is not None and not result.is_error:
            problem = await check(result.structured_content)
            if problem:
                return Outcome("WRONG", problem)
        return outcome

    async def wait_job(self, job_id: str, seconds: float = 120) -> dict[str, Any]:
        return await wait_job(self.server, job_id, seconds)

    async def index(self, project: str, tree: str, **extra: Any) -> dict[str, Any]:
        result = await self.server.call("init_index", {"project_id": project, "target_path": str(self.trees[tree]),
                                                       **extra})
        if result.is_error:
            return {"status": "error", "error_message": text_of(result)}
        self.job_ids.append(result.structured_content["job_id"])
        return await self.wait_job(result.structured_content["job_id"])


# --- trees ---------------------------------------------------------------------------------------------

SMALL = {
    "app/config.py": "import json\n\n\nclass ConfigLoader:\n    def parse_config(self, text):\n"
                     "        return json.loads(text)\n\n\ndef load_settings(path):\n"
                     "    return ConfigLoader().parse_config(open(path).read())\n",
    "web/util.js": "function debounce(fn, wait) {\n  let timer;\n  return () => { clearTimeout(timer); };\n}\n",
    "core/lib.rs": "pub struct Point { x: f64 }\nimpl Point { pub fn norm(&self) -> f64 { self.x } }\n",
}


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return root


def one_line_js(size: int) -> str:
    parts, number = [], 0
    while sum(map(len, parts)) < size:
        parts.append(f"function handler{number}(event){{return dispatch('{number}',event.target.value*{number});}}")
        number += 1
    return ";".join(parts) + "\n"


def build_trees(work: Path) -> dict[str, Path]:
    trees: dict[str, Path] = {}
    demo = work / "demo"
    shutil.copytree(CORPORA / DEMO_CORPUS, demo, symlinks=True)
    trees["demo"] = demo
    trees["small"] = write(work / "small", SMALL)
    fifo = write(work / "fifo", SMALL)
    os.mkfifo(fifo / "pipe.py")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(fifo / "sock.py"))  # left bound: a socket file stays in the tree
    trees["fifo"] = fifo
    secrets = write(work / "secrets", {**SMALL, ".env": "DB_PASSWORD = 'hunter2envsecret'\n",
                                       "certs/server.pem": "PRIVATE_KEY = 'pemsecretmaterial'\n",
                                       "keys/id_rsa": "RSA_KEY = 'rsasecretmaterial'\n"})
    os.symlink(".env", secrets / "settings_env.py")
    os.symlink("certs/server.pem", secrets / "cert_loader.py")
    os.symlink("keys/id_rsa", secrets / "deploy_key.sh")
    outside = write(work / "outside", {"elsewhere.py": "OUTSIDE_TOKEN = 'outsidesecretvalue'\n"})
    os.symlink(outside / "elsewhere.py", secrets / "linked_out.py")
    os.symlink(outside, secrets / "linked_dir")
    os.symlink("loop_b", secrets / "loop_a")
    os.symlink("loop_a", secrets / "loop_b")
    os.symlink("..", secrets / "app" / "parent_loop")
    trees["secrets"] = secrets
    trees["bigline"] = write(work / "bigline", {**SMALL, "dist/bundle.js": one_line_js(950_000),
                                                "dist/too_big.py": "x = 1\n" * 200_000})
    nested = work / "nested"
    nested.mkdir()
    deep = str(nested)
    for _level in range(1100):  # one at a time: pathlib's mkdir(parents=True) recurses that deep
        deep += "/d"
        os.mkdir(deep)
    deep = Path(deep)
    (deep / "bottom.py").write_text("def at_the_bottom():\n    return 'deep'\n")
    write(nested, SMALL)
    trees["nested"] = nested
    trees["nul"] = write(work / "nul", {**SMALL, "nul.py": b"def a():\n    return '\x00\x00'\n\x00\x00\x00",
                                        "latin1.py": "s = 'caf\xe9'\n".encode("latin-1"),
                                        "binary.py": bytes(range(256)) * 40, "empty.py": b"",
                                        "bom.py": b"\xef\xbb\xbfdef bom():\n    pass\n"})
    weird = write(work / "weird", SMALL)
    for name in ("new\nline.py", "-dash.py", " space .py", "ünïcödé.py", "x" * 250 + ".py", "*.py", "back\\slash.py"):
        (weird / name).write_text("def weird_name():\n    return 1\n")
    trees["weird"] = weird
    trees["empty"] = write(work / "empty", {"README.txt": "nothing to index\n", "data.csv": "a,b\n"})
    unreadable = write(work / "unreadable", SMALL)
    (unreadable / "locked").mkdir()
    (unreadable / "locked" / "hidden.py").write_text("def hidden():\n    pass\n")
    os.chmod(unreadable / "locked", 0)
    trees["unreadable"] = unreadable
    trees["outside"] = outside
    # .gitignore files git reads past: a lone `!` and `\` (black's test data), bytes that are no UTF-8, a NUL,
    # 20,000 lines of brackets and stars.
    trees["ignores"] = write(work / "ignores", {
        **SMALL, ".gitignore": b"!\n\\\n*.log\n\xff\xfe\x00junk\n", "tests/data/.gitignore": "!\n",
        "tests/data/case.py": "def case_in_data():\n    return 1\n",
        "web/.gitignore": "".join(f"[{n}*]**/!x{n}\\\n" for n in range(20_000))})
    # Named pipes where files are read by name: opening one waits for a writer.
    pipes = write(work / "pipes", {**SMALL, "svc/main.go": "package main\n\nfunc Run() {}\n",
                                   "web/app.ts": "export function start(): void {}\n", ".git/info/.keep": ""})
    for name in (".gitignore", "app/.gitignore", ".git/info/exclude", "go.mod", "tsconfig.json", "notes.py"):
        os.mkfifo(pipes / name)
    trees["pipes"] = pipes
    return trees


# --- the cases -----------------------------------------------------------------------------------------

def tool_case(name: str, tool: str, arguments: dict[str, Any] | Callable[[Replay], dict[str, Any]],
              check: Check | None = None, seconds: float = CASE_SECONDS) -> Case:
    async def run(replay: Replay) -> Outcome:
        args = arguments(replay) if callable(arguments) else arguments
        return await replay.tool(tool, args, check)
    return Case(name, run, seconds)


def path_cases() -> list[Case]:
    home = str(Path.home())
    targets: dict[str, Callable[[Replay], str]] = {
        "missing folder": lambda r: str(r.work / "missing"),
        "relative path": lambda r: "relative/dir",
        "a file, not a folder": lambda r: str(r.trees["small"] / "app" / "config.py"),
        "empty path": lambda r: "",
        "/": lambda r: "/",
        "/proc": lambda r: "/proc",
        "/etc": lambda r: "/etc",
        "/dev": lambda r: "/dev",
        "/usr": lambda r: "/usr",
        "~": lambda r: "~",
        "the home folder": lambda r: home,
        "NUL byte in the path": lambda r: str(r.trees["small"]) + "\x00x",
        "newline in the path": lambda r: str(r.trees["small"]) + "\n",
        "a 5,000-character path": lambda r: "/" + "a" * 5000,
        "escaping with ..": lambda r: str(r.trees["small"] / ".." / ".." / ".." / "etc"),
        "a FIFO as the target": lambda r: str(r.trees["fifo"] / "pipe.py"),
        "/dev/null as the target": lambda r: "/dev/null",
        "a folder with nothing to index": lambda r: str(r.trees["empty"]),
        "a symlink to a folder": lambda r: str(r.trees["secrets"] / "linked_dir"),
        "a URL": lambda r: "file:///etc",
    }
    cases = []
    for label, target in targets.items():
        def arguments(replay: Replay, target: Callable[[Replay], str] = target) -> dict[str, Any]:
            return {"project_id": "paths", "target_path": target(replay), "background": False}
        cases.append(tool_case(f"path: {label}", "init_index", arguments, seconds=90))
    return cases


def id_cases() -> list[Case]:
    ids: dict[str, Any] = {"empty": "", "trailing newline": "abc\n", "128 chars + newline": "x" * 128 + "\n",
                           "129 chars": "x" * 129, "a space": "a b", "leading dash": "-x", "dots": "../x",
                           "slash": "x/y", "NUL": "a\x00b", "10,000 chars": "y" * 10_000, "unicode": "projét",
                           "a number": 12, "null": None, "a list": ["demo"]}
    cases = []
    tools = ["get_status", "delete_index", "update_index", "search_code", "find_symbol", "get_repo_map"]
    for number, (label, value) in enumerate(ids.items()):
        tool = tools[number % len(tools)]
        extra = {"search_code": {"query": "route"}, "find_symbol": {"name": "Flask"}}.get(tool, {})
        cases.append(tool_case(f"project id: {label} ({tool})", tool, {"project_id": value, **extra}))
    cases.append(tool_case("project id: unknown project (get_status)", "get_status", {"project_id": "nosuch"}))
    cases.append(tool_case("project id: unknown project (search_code)", "search_code",
                           {"project_id": "nosuch", "query": "x"}))
    jobs: dict[str, Any] = {"empty": "", "unknown uuid": "00000000-0000-0000-0000-000000000000",
                            "not a uuid": "not-a-uuid", "10,000 chars": "j" * 10_000, "NUL": "a\x00b",
                            "a number": 7, "SQL": "' OR 1=1 --"}
    for label, value in jobs.items():
        cases.append(tool_case(f"job id: {label} (get_job)", "get_job", {"job_id": value}))
    for label in ("unknown uuid", "not a uuid", "NUL"):
        cases.append(tool_case(f"job id: {label} (cancel_job)", "cancel_job", {"job_id": jobs[label]}))
    return cases


async def snippet_check(answer: Any) -> str | None:
    longest = max((len(hit.get("snippet") or "") for hit in answer.get("hits", [])), default=0)
    return f"a snippet of {longest} characters" if longest > 2_000 else None


def query_cases() -> list[Case]:
    queries: dict[str, Any] = {"empty": "", "blank": "   ", "star": "*", "NEAR(": "NEAR(a b", "quote": '"open',
                               "boolean junk": "a AND OR NOT", "100 KB": "q " * 50_000, "NUL": "route\x00x",
                               "emoji": "🚀 route", "SQL": "'; DROP TABLE code_chunks; --", "a 5,000-char token":
                               "z" * 5000, "punctuation": "%_*?[]{}()", "column filter": "body:route",
                               "a normal query": "register a url route"}
    cases = [tool_case(f"query: {label}", "search_code", {"project_id": "demo", "query": value},
                       check=snippet_check) for label, value in queries.items()]
    filters: dict[str, dict[str, Any]] = {
        "limit 0": {"limit": 0}, "limit -1": {"limit": -1}, "limit 10^30": {"limit": 10**30},
        "limit 'abc'": {"limit": "abc"}, "limit NaN": {"limit": float("nan")}, "limit 2.5": {"limit": 2.5},
        "unknown language": {"language": "cobol"}, "unknown kind": {"kind": "macro-ish"},
        "path '['": {"path": "["}, "path 10,000 chars": {"path": "p" * 10_000}, "path ../": {"path": "../../"},
    }
    cases += [tool_case(f"search filter: {label}", "search_code", {"project_id": "demo", "query": "route", **value})
              for label, value in filters.items()]
    return cases


def symbol_cases() -> list[Case]:
    cases = []
    for label, name in {"100 KB name": "x" * 100_000, "%": "%", "_": "_", "*": "*", "NUL": "Fla\x00sk",
                        "empty": "", "dotted": "Flask.route", "unknown": "NoSuchThingAnywhere"}.items():
        cases.append(tool_case(f"find_symbol: {label}", "find_symbol", {"project_id": "demo", "name": name}))
    cases.append(tool_case("find_symbol: unknown kind", "find_symbol",
                           {"project_id": "demo", "name": "Flask", "kind": "banana"}))
    cases.append(tool_case("find_symbol: limit 10^30", "find_symbol",
                           {"project_id": "demo", "name": "Flask", "limit": 10**30}))
    for label, symbol in {"100 KB symbol": "s" * 100_000, "%": "%", "NUL": "a\x00", "known": "Flask.route"}.items():
        cases.append(tool_case(f"find_references: {label}", "find_references", {"project_id": "demo",
                                                                               "symbol": symbol}))
    for label, extra in {"max_tokens 0": {"max_tokens": 0}, "max_tokens 10^30": {"max_tokens": 10**30},
                         "path '['": {"path": "["}, "missing path": {"path": "nothing/here/"},
                         "default": {}}.items():
        cases.append(tool_case(f"get_repo_map: {label}", "get_repo_map", {"project_id": "demo", **extra}))
    for label, extra in {"../../etc/passwd": {"path": "../../etc/passwd"}, "absolute /etc/passwd":
                         {"path": "/etc/passwd"}, "missing symbol": {"symbol": "NoSuchThing"},
                         "start after end": {"path": "src/flask/app.py", "start_line": 50, "end_line": 10},
                         "negative lines": {"path": "src/flask/app.py", "start_line": -5},
                         "line 10^30": {"path": "src/flask/app.py", "start_line": 10**30},
                         "a known symbol": {"symbol": "Flask.route"}}.items():
        cases.append(tool_case(f"read_code: {label}", "read_code", {"project_id": "demo", **extra}))
    return cases


def argument_cases() -> list[Case]:
    cases = []
    calls: dict[str, dict[str, Any]] = {
        "init_index": {"project_id": "small", "target_path": "<small>"}, "update_index": {"project_id": "demo"},
        "get_status": {"project_id": "demo"}, "get_job": {"job_id": "x"}, "list_jobs": {},
        "cancel_job": {"job_id": "x"}, "delete_index": {"project_id": "nosuch"}, "list_projects": {},
        "search_code": {"project_id": "demo", "query": "route"}, "find_symbol": {"project_id": "demo", "name": "x"},
        "find_references": {"project_id": "demo", "symbol": "x"}, "get_repo_map": {"project_id": "demo"},
        "read_code": {"project_id": "demo", "symbol": "Flask"},
    }
    for tool, arguments in calls.items():
        def make(replay: Replay, arguments: dict[str, Any] = arguments) -> dict[str, Any]:
            filled = {k: (str(replay.trees["small"]) if v == "<small>" else v) for k, v in arguments.items()}
            return {**filled, "verbose": True}
        cases.append(tool_case(f"unknown extra argument: {tool}", tool, make))
    for label, extra in {"priority 10^30": {"priority": 10**30}, "priority -10^30": {"priority": -(10**30)},
                         "priority 'high'": {"priority": "high"}, "priority 1.5": {"priority": 1.5},
                         "force 'yes'": {"force": "yes"}, "background 'no'": {"background": "no"}}.items():
        cases.append(tool_case(f"init_index: {label}", "init_index",
                               lambda r, extra=extra: {"project_id": "small", "target_path": str(r.trees["small"]),
                                                       **extra}))
    for label, extra in {"status 'PAUSED'": {"status": "PAUSED"}, "limit 10^30": {"limit": 10**30},
                         "limit -3": {"limit": -3}, "unknown project": {"project_id": "nosuch"}}.items():
        cases.append(tool_case(f"list_jobs: {label}", "list_jobs", extra))
    cases.append(tool_case("unknown tool", "drop_all_tables", {}))
    return cases


async def secrets_check(replay: Replay) -> str | None:
    for word in ("hunter2envsecret", "pemsecretmaterial", "rsasecretmaterial", "outsidesecretvalue"):
        hits = (await replay.server.call("search_code", {"project_id": "secrets", "query": word})).structured_content
        if hits and hits.get("hits"):
            return f"the secret {word} is searchable"
    return None


def tree_cases() -> list[Case]:
    async def index_checked(replay: Replay, project: str, tree: str,
                            check: Callable[[Replay, dict[str, Any]], Awaitable[str | None]] | None = None
                            ) -> Outcome:
        job = await replay.index(project, tree)
        if job["status"] == "error":
            return Outcome("clear error", job["error_message"][:160])
        if job["status"] != "completed":
            return Outcome("clear error" if job.get("error_message") else "UNCLEAR",
                           f"{job['status']}: {job.get('error_message')}"[:160])
        if check is not None and (problem := await check(replay, job)):
            return Outcome("WRONG", problem)
        return Outcome("result", f"{job['files_processed']} files")

    async def fifo_and_other(replay: Replay) -> Outcome:
        """A FIFO and a socket with source names in a small tree; another project's job must run too."""
        first = await replay.server.call("init_index", {"project_id": "fifo", "target_path": str(replay.trees["fifo"])})
        second = await replay.server.call("init_index", {"project_id": "small2",
                                                         "target_path": str(replay.trees["small"])})
        jobs = [await replay.wait_job(r.structured_content["job_id"], 60) for r in (first, second)]
        if any(job["status"] != "completed" for job in jobs):
            return Outcome("WRONG", str([(j["status"], j.get("error_message")) for j in jobs]))
        return Outcome("result", "both completed")

    async def big_line(replay: Replay, job: dict[str, Any]) -> str | None:
        answer = (await replay.server.call("search_code", {"project_id": "bigline", "query": "handler42 dispatch"})
                  ).structured_content
        return await snippet_check(answer)

    async def nested(replay: Replay, job: dict[str, Any]) -> str | None:
        found = (await replay.server.call("find_symbol", {"project_id": "nested", "name": "at_the_bottom"})
                 ).structured_content
        return None if found and found.get("definitions") else f"the file 1,100 folders down is not indexed: {found}"

    async def weird(replay: Replay, job: dict[str, Any]) -> str | None:
        found = (await replay.server.call("find_symbol", {"project_id": "weird", "name": "weird_name"})
                 ).structured_content
        return None if found and len(found.get("definitions", [])) >= 5 else f"files with odd names missing: {found}"

    async def ignores(replay: Replay, job: dict[str, Any]) -> str | None:
        found = (await replay.server.call("find_symbol", {"project_id": "ignores", "name": "case_in_data"})
                 ).structured_content
        return None if found and found.get("definitions") else f"the file beside a bad .gitignore is missing: {found}"

    async def pipes(replay: Replay, job: dict[str, Any]) -> str | None:
        found = (await replay.server.call("find_symbol", {"project_id": "pipes", "name": "Run"})).structured_content
        if not (found and found.get("definitions")):
            return f"the Go file beside a go.mod pipe is missing: {found}"
        with anyio.fail_after(CASE_SECONDS):
            read = await replay.server.call("read_code", {"project_id": "pipes", "path": "notes.py"})
        return None if read.is_error else f"read_code of a named pipe answered: {read.content}"

    async def secrets(replay: Replay, job: dict[str, Any]) -> str | None:
        return await secrets_check(replay)

    return [
        Case("tree: a FIFO and a socket named like source, and another project's job", fifo_and_other, 90),
        Case("tree: symlinked secrets, links out, link loops",
             lambda r: index_checked(r, "secrets", "secrets", secrets), 90),
        Case("tree: a 950 KB one-line .js file and a 1.2 MB .py file",
             lambda r: index_checked(r, "bigline", "bigline", big_line), 90),
        Case("tree: 1,100 nested folders", lambda r: index_checked(r, "nested", "nested", nested), 120),
        Case("tree: NUL bytes, Latin-1, binary, empty and BOM files", lambda r: index_checked(r, "nul", "nul"), 90),
        Case("tree: names with a newline, a dash, spaces, unicode, 250 chars, '*', a backslash",
             lambda r: index_checked(r, "weird", "weird", weird), 90),
        Case("tree: an unreadable folder inside", lambda r: index_checked(r, "unreadable", "unreadable"), 90),
        Case("tree: nothing to index", lambda r: index_checked(r, "empty", "empty"), 60),
        Case("tree: .gitignore lines git cannot read, bytes that are no UTF-8, 20,000 lines",
             lambda r: index_checked(r, "ignores", "ignores", ignores), 90),
        Case("tree: named pipes as .gitignore, .git/info/exclude, go.mod, tsconfig.json; read_code of one",
             lambda r: index_checked(r, "pipes", "pipes", pipes), 90),
    ]


def job_cases() -> list[Case]:
    async def twice_at_once(replay: Replay) -> Outcome:
        args = {"project_id": "twice", "target_path": str(replay.trees["small"])}
        async with anyio.create_task_group() as tg:
            results: list[Any] = []

            async def one() -> None:
                results.append(await replay.server.call("init_index", args))
            tg.start_soon(one)
            tg.start_soon(one)
        if any(r.is_error for r in results):
            return judge("init_index", next(r for r in results if r.is_error))
        ids = {r.structured_content["job_id"] for r in results}
        jobs = [await replay.wait_job(job_id) for job_id in ids]
        return Outcome("result" if all(j["status"] == "completed" for j in jobs) else "WRONG",
                       f"{len(ids)} job(s): {[j['status'] for j in jobs]}")

    async def cancel_finished(replay: Replay) -> Outcome:
        return await replay.tool("cancel_job", {"job_id": replay.job_ids[0]})

    async def cancel_twice(replay: Replay) -> Outcome:
        started = await replay.server.call("init_index", {"project_id": "demo2", "target_path": str(replay.trees["demo"]),
                                                          "force": True})
        job_id = started.structured_content["job_id"]
        await replay.server.call("cancel_job", {"job_id": job_id})
        outcome = await replay.tool("cancel_job", {"job_id": job_id})
        job = await replay.wait_job(job_id)
        return outcome if job["status"] == "cancelled" else Outcome("WRONG", f"status {job['status']}")

    async def delete_while_fifo_job(replay: Replay) -> Outcome:
        """delete_index while a job runs in a tree with a FIFO (the crash the issue found)."""
        started = await replay.server.call("init_index", {"project_id": "fifo3", "target_path": str(replay.trees["fifo"]),
                                                          "force": True})
        deleted = await replay.tool("delete_index", {"project_id": "fifo3"})
        await anyio.sleep(2)
        status = (await replay.server.call("get_status", {"project_id": "fifo3"})).structured_content
        if started.is_error or status["status"] not in ("not_initialized",):
            return Outcome("WRONG", f"after delete: {status['status']}")
        return deleted

    async def delete_while_demo_job(replay: Replay) -> Outcome:
        started = await replay.server.call("init_index", {"project_id": "demo3", "target_path": str(replay.trees["demo"])})
        await anyio.sleep(1.0)
        outcome = await replay.tool("delete_index", {"project_id": "demo3"})
        await anyio.sleep(1.5)
        counts = sqlite3.connect(replay.db).execute(
            "SELECT count(*) FROM coderag_files WHERE project_id = 'demo3'").fetchone()[0]
        return Outcome("WRONG", f"{counts} files left") if counts or started.is_error else outcome

    async def foreign_status(replay: Replay) -> Outcome:
        """A job row with a status another program wrote, and one RUNNING with no lease."""
        connection = sqlite3.connect(replay.db)
        with connection:
            connection.execute("""INSERT INTO coderag_index_jobs (id, project_id, target_path, status, force, priority,
                                  files_total, files_processed, chunks_created, progress_percent, created_at)
                                  SELECT 'foreign-paused', project_id, target_path, 'PAUSED', 0, 0, 0, 0, 0, 0,
                                  created_at FROM coderag_index_jobs LIMIT 1""")
        connection.close()
        outcome = await replay.tool("list_jobs", {})
        return outcome if outcome.kind != "result" else await replay.tool("get_job", {"job_id": "foreign-paused"})

    async def foreign_running(replay: Replay) -> Outcome:
        connection = sqlite3.connect(replay.db)
        with connection:
            connection.execute("""INSERT INTO coderag_index_jobs (id, project_id, target_path, status, force, priority,
                                  files_total, files_processed, chunks_created, progress_percent, created_at,
                                  started_at) VALUES ('foreign-running', 'small', ?, 'RUNNING', 0, 0, 0, 0, 0, 0,
                                  '2020-01-01 00:00:00.000000', '2020-01-01 00:00:00.000000')""",
                               (str(replay.trees["small"]),))
        connection.close()
        return await replay.tool("list_jobs", {"project_id": "small"})

    async def update_unknown(replay: Replay) -> Outcome:
        return await replay.tool("update_index", {"project_id": "never-indexed"})

    async def index_demo_again(replay: Replay) -> Outcome:
        return await replay.tool("update_index", {"project_id": "demo", "background": False})

    return [Case("job: the same project twice at once", twice_at_once, 90),
            Case("job: cancel a finished job", cancel_finished),
            Case("job: cancel twice", cancel_twice, 90),
            Case("job: delete_index while a job reads a tree with a FIFO", delete_while_fifo_job, 60),
            Case("job: delete_index while a large job writes", delete_while_demo_job, 60),
            Case("job: a job row with status PAUSED from another program", foreign_status),
            Case("job: a RUNNING job row without a lease from another program", foreign_running),
            Case("job: update_index of a project never indexed", update_unknown),
            Case("job: a no-change update of the demo project", index_demo_again, 120)]


# --- start-up with unusable databases --------------------------------------------------------------------

def file_digest(path: Path) -> str:
    if path.is_dir():
        return "folder"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def startup_case(name: str, make: Callable[[Path], Path], expect_start: bool = False,
                 user: str | None = None) -> Case:
    async def run(replay: Replay) -> Outcome:
        db = make(replay.work / f"startup-{abs(hash(name))}")
        before = file_digest(db)
        command = [sys.executable, "-m", "coderag_mcp", "--db", str(db), "serve", "--no-watch"]
        if user:
            command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
        process = await anyio.run_process(command, env=env_without_db(), check=False, stdin=subprocess.DEVNULL)
        stderr = process.stderr.decode(errors="replace").strip()
        changed = file_digest(db) != before and not expect_start
        if process.returncode == 0:
            return Outcome("result" if expect_start else "WRONG", f"started and stopped; {stderr[-120:]}")
        if "Traceback" in stderr or not stderr or len(stderr.splitlines()) > 3 or changed:
            return Outcome("UNCLEAR", ("file changed; " if changed else "") + stderr[-200:])
        return Outcome("clear error", stderr[:160])
    return Case(f"start-up: {name}", run, 60, probe=False)


def copy_of_db(replay_db: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "vault.db"
        source = sqlite3.connect(replay_db)
        destination = sqlite3.connect(target)
        source.backup(destination)
        source.close()
        destination.close()
        return target
    return make


def startup_cases(replay_db: Path) -> list[Case]:
    def text_file(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "vault.db").write_text("these are my notes, not a database\n" * 100)
        return folder / "vault.db"

    def corrupted(folder: Path) -> Path:
        path = copy_of_db(replay_db)(folder)
        data = bytearray(path.read_bytes())
        for offset in range(8192, len(data), 65536):
            data[offset:offset + 512] = b"\xde\xad\xbe\xef" * 128
        path.write_bytes(bytes(data))
        return path

    def truncated(folder: Path) -> Path:
        path = copy_of_db(replay_db)(folder)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
        return path

    def a_folder(folder: Path) -> Path:
        (folder / "vault.db").mkdir(parents=True)
        return folder / "vault.db"

    def uncreatable(folder: Path) -> Path:
        return Path("/proc/1/nonexistent/vault.db")

    def under_a_file(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "plainfile").write_text("x")
        return folder / "plainfile" / "vault.db"

    def foreign(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(folder / "vault.db")
        connection.execute("CREATE TABLE code_chunks (id INTEGER PRIMARY KEY, whatever TEXT)")
        connection.execute("INSERT INTO code_chunks (whatever) VALUES ('someone else''s data')")
        connection.commit()
        connection.close()
        return folder / "vault.db"

    def empty_file(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "vault.db").write_bytes(b"")
        return folder / "vault.db"

    def read_only(folder: Path) -> Path:
        path = copy_of_db(replay_db)(folder)
        os.chmod(folder, 0o755)
        os.chmod(path, 0o444)
        return path

    def unreachable(folder: Path) -> Path:
        path = copy_of_db(replay_db)(folder / "private")
        os.chmod(folder, 0o755)
        os.chmod(folder / "private", 0o700)
        return path

    def header_only(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "vault.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
        return folder / "vault.db"

    cases = [startup_case("not SQLite (a text file)", text_file), startup_case("corrupted pages", corrupted),
             startup_case("truncated to a third", truncated), startup_case("a folder", a_folder),
             startup_case("a folder that cannot be created", uncreatable),
             startup_case("a path under a plain file", under_a_file),
             startup_case("a foreign SQLite database with a clashing table", foreign),
             startup_case("an empty file (a new database)", empty_file, expect_start=True),
             startup_case("a SQLite header and nothing else", header_only),
             startup_case("a good copy (control)", copy_of_db(replay_db), expect_start=True)]
    if shutil.which("setpriv") and os.geteuid() == 0 and os.access(sys.executable, os.X_OK):
        cases.append(startup_case("read-only for the user (as nobody)", read_only, user="65534"))
        cases.append(startup_case("in a folder the user may not enter (as nobody)", unreachable, user="65534"))
    return cases


# --- protocol misuse over the raw pipe -------------------------------------------------------------------

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "replay", "version": "1"}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}
PROBE = {"jsonrpc": "2.0", "id": 99, "method": "tools/list"}


def protocol_case(name: str, messages: list[bytes], initialize: bool = True) -> Case:
    async def run(replay: Replay) -> Outcome:
        command = [sys.executable, "-m", "coderag_mcp", "--db", str(replay.work / "raw.db"), "serve", "--no-watch"]
        async with await anyio.open_process(command, env=env_without_db()) as process:
            assert process.stdin is not None and process.stdout is not None
            buffer = b""

            async def send(payload: bytes) -> None:
                await process.stdin.send(payload if payload.endswith(b"\n") else payload + b"\n")

            async def answer(wanted_id: int | None, seconds: float) -> dict[str, Any] | None:
                nonlocal buffer
                with anyio.move_on_after(seconds):
                    while True:
                        while b"\n" in buffer:
                            line, buffer = buffer.split(b"\n", 1)
                            with contextlib.suppress(ValueError):
                                message = json.loads(line)
                                if isinstance(message, dict) and (wanted_id is None or message.get("id") == wanted_id):
                                    return message
                        buffer += await process.stdout.receive()
                return None

            try:
                if initialize:
                    await send(json.dumps(INITIALIZE).encode())
                    if await answer(1, 20) is None:
                        return Outcome("HUNG", "no answer to initialize")
                    await send(json.dumps(INITIALIZED).encode())
                for message in messages:
                    await send(message)
                reply = await answer(None, 3) if messages else None
                if not initialize:
                    await send(json.dumps(INITIALIZE).encode())
                    if await answer(1, 20) is None:
                        return Outcome("DIED" if process.returncode is not None else "HUNG", "no initialize after")
                    await send(json.dumps(INITIALIZED).encode())
                await send(json.dumps(PROBE).encode())
                probe = await answer(99, 20)
            except (anyio.BrokenResourceError, anyio.EndOfStream, anyio.ClosedResourceError) as error:
                return Outcome("DIED", type(error).__name__)
            finally:
                process.terminate()
            if probe is None or "result" not in probe:
                return Outcome("DIED" if process.returncode not in (None, -signal.SIGTERM) else "HUNG",
                               "no tools/list after the message")
            if reply is not None and "error" in reply:
                return Outcome("clear error", json.dumps(reply["error"])[:160])
            return Outcome("result", "ignored; still answers" if reply is None else json.dumps(reply)[:100])
    return Case(f"protocol: {name}", run, 60, probe=False)


def protocol_cases() -> list[Case]:
    def rpc(method: str, params: Any = None, id_: Any = 5) -> bytes:
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": id_, "method": method}
        if params is not None:
            message["params"] = params
        return json.dumps(message).encode()

    return [
        protocol_case("invalid JSON", [b"{this is not json"]),
        protocol_case("a JSON array (batch)", [json.dumps([json.loads(rpc("tools/list"))]).encode()]),
        protocol_case("a request before initialize", [rpc("tools/list")], initialize=False),
        protocol_case("an unknown method", [rpc("coderag/secret_admin")]),
        protocol_case("tools/call of an unknown tool", [rpc("tools/call", {"name": "rm_rf", "arguments": {}})]),
        protocol_case("tools/call with arguments as a string", [rpc("tools/call", {"name": "get_status",
                                                                                   "arguments": "demo"})]),
        protocol_case("tools/call without params", [rpc("tools/call")]),
        protocol_case("a 10 MB line", [rpc("tools/call", {"name": "search_code",
                                                          "arguments": {"project_id": "demo", "query": "q" * 10_000_000}})]),
        protocol_case("an id that is an object", [rpc("tools/list", id_={"nested": True})]),
        protocol_case("resources/read of an unknown URI", [rpc("resources/read", {"uri": "coderag://nothing/here"})]),
        protocol_case("resources/read with a NUL project id", [rpc("resources/read",
                                                                   {"uri": "coderag://projects/a%00b/status"})]),
        protocol_case("prompts/get of an unknown prompt", [rpc("prompts/get", {"name": "nope"})]),
        protocol_case("a response nobody asked for", [json.dumps({"jsonrpc": "2.0", "id": 4242, "result": {}}).encode()]),
        protocol_case("bytes that are not UTF-8", [b"\xff\xfe\xfd\n"]),
        protocol_case("an empty line and whitespace", [b"", b"   "]),
    ]


# --- SIGKILLs of the server during an index ------------------------------------------------------------------

def kill_cases(points: list[str], shares: list[float]) -> list[Case]:
    """Named points: the server kills itself there (CODERAG_TEST_KILL_AT). A share: SIGKILL from outside
    after that share of the time a fresh index took on a server of its own (halved and tried again
    on a new database when the job had already ended, as it may on a machine that got quieter)."""
    async def fresh_index(replay: Replay) -> None:
        fresh = replay.work / "kill-fresh.db"
        server = Server(fresh)
        await server.start()
        try:
            began = time.monotonic()
            started = await server.call("init_index", {"project_id": PROJECT, "target_path": str(replay.trees["kill"])})
            await wait_job(server, started.structured_content["job_id"], 300)
            replay.fresh_seconds = time.monotonic() - began  # type: ignore[attr-defined]
        finally:
            await server.stop()
        replay.fresh_kill = contents(fresh)  # type: ignore[attr-defined]

    async def kill_once(replay: Replay, db: Path, point: str, delay: float | None) -> str | None:
        """Start an index and have the server killed; the job's id, or None if it ended first."""
        # A first index runs in an indexing process of the server's own: the phase is reached there, and
        # the server is killed with it (CODERAG_TEST_KILL_PARENT).
        server = Server(db, None if delay is not None else {"CODERAG_TEST_KILL_AT": point,
                                                             "CODERAG_TEST_KILL_PARENT": "1"})
        await server.start()
        try:
            with contextlib.suppress(Exception):  # a point reached at once kills the server before it answers
                await server.call("init_index", {"project_id": PROJECT, "target_path": str(replay.trees["kill"])})
            if delay is not None:
                await anyio.sleep(delay)
                rows = sqlite3.connect(db).execute("SELECT pid FROM coderag_job_leases").fetchall()
                if not rows or not rows[0][0]:
                    return None
                os.kill(rows[0][0], signal.SIGKILL)
            with anyio.fail_after(120):
                while await server.alive():
                    await anyio.sleep(0.2)
        finally:
            await server.stop()
        rows = sqlite3.connect(db).execute("SELECT id FROM coderag_index_jobs WHERE project_id = ?",
                                           (PROJECT,)).fetchall()
        return rows[0][0]

    def make(point: str) -> Case:
        async def run(replay: Replay) -> Outcome:
            if not hasattr(replay, "fresh_kill"):
                await fresh_index(replay)
            name = point.replace(":", "-").replace("@", "at")
            job_id = None
            for attempt in range(4):
                db = replay.work / f"kill-{name}-{attempt}.db"
                delay = float(point[1:]) * replay.fresh_seconds / 2 ** attempt if point.startswith("@") else None  # type: ignore[attr-defined]
                job_id = await kill_once(replay, db, point, delay)
                if job_id is not None:
                    break
            if job_id is None:
                return Outcome("WRONG", "the job always ended before the kill")
            restarted = Server(db)
            await restarted.start()
            try:
                job = await wait_job(restarted, job_id, 240)
                status = (await restarted.call("get_status", {"project_id": PROJECT})).structured_content
                update = await restarted.call("update_index", {"project_id": PROJECT, "background": False})
            finally:
                await restarted.stop()
            after = contents(db)
            differing = sorted(part for part in replay.fresh_kill if after.get(part) != replay.fresh_kill[part])  # type: ignore[attr-defined]
            if job["status"] != "completed" or status["status"] != "ready" or update.is_error or differing:
                return Outcome("WRONG", f"job {job['status']}, index {status['status']}, differing: {differing}")
            return Outcome("result", f"recovered; equal to a fresh index (killed at try {attempt + 1})")
        moment = f"{float(point[1:]):.0%} of a fresh index's time" if point.startswith("@") else point
        return Case(f"kill: SIGKILL of the server at {moment}, restart, compare with fresh", run, 600, probe=False)
    return [make(point) for point in points] + [make(f"@{share:.2f}") for share in shares]


# --- running ---------------------------------------------------------------------------------------------

async def run_case(replay: Replay, case: Case) -> Outcome:
    try:
        with anyio.fail_after(case.seconds):
            outcome = await case.run(replay)
    except TimeoutError:
        outcome = Outcome("HUNG", f"no answer within {case.seconds:g} s")
    except Exception as error:  # noqa: BLE001 - a broken connection means the server went away
        outcome = Outcome("DIED" if not await replay.server.alive() else "UNCLEAR",
                          f"{type(error).__name__}: {str(error)[:160]}")
    if case.probe and outcome.kind not in ("DIED", "HUNG") and not await replay.server.alive():
        outcome = Outcome("DIED", f"after: {outcome.kind} {outcome.detail}")
    if outcome.kind in ("DIED", "HUNG"):
        await replay.server.stop()
        await replay.server.start()
    return outcome


async def main_async(args: argparse.Namespace) -> int:
    logging.getLogger("mcp").setLevel(logging.CRITICAL)  # the client logs each tool error; the table says it
    async with anyio.create_task_group() as task_group:
        Server.task_group = task_group
        code = await replay_all(args)
        task_group.cancel_scope.cancel()
    return code


async def replay_all(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="hostile-replay-"))
    work.chmod(0o755)  # the start-up cases run the server as nobody too
    replay = Replay(work)
    replay.trees = build_trees(work)
    replay.trees["kill"] = Path(shutil.copytree(CORPORA / KILL_CORPUS, work / "kill"))
    await replay.server.start()
    job = await replay.index("demo", "demo")
    assert job["status"] == "completed", job
    draw = random.Random(args.seed)
    cases = (path_cases() + id_cases() + query_cases() + symbol_cases() + argument_cases() + tree_cases()
             + job_cases() + startup_cases(replay.db) + protocol_cases()
             + kill_cases(["discovered", "planned", "parsed:2", "written:1", "linking", "edges", "ranked", "linked",
                           "finished"], [draw.uniform(0.05, 0.9) for _ in range(args.random_kills)]))
    if args.only:
        cases = [case for case in cases if args.only in case.name]
    tally: Counter[str] = Counter()
    started = time.monotonic()
    for number, case in enumerate(cases, 1):
        outcome = await run_case(replay, case)
        tally[outcome.kind] += 1
        print(f"{number:3} {outcome.kind:12} {case.name[:70]:70}  {outcome.detail[:110]!r}", flush=True)
    await replay.server.stop()
    bad = sum(count for kind, count in tally.items() if kind not in ("result", "clear error"))
    print(f"\n{len(cases)} cases in {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{kind} {count}" for kind, count in tally.most_common())
          + f"; {len(cases) - bad} of {len(cases)} ended as a result or a clear error with the server alive")
    if not args.keep:
        with contextlib.suppress(OSError):
            os.chmod(work / "unreadable" / "locked", 0o755)
        subprocess.run(["rm", "-rf", str(work)], check=False)  # shutil.rmtree recurses too deep for the nested tree
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--random-kills", type=int, default=3, help="SIGKILLs at seeded random moments")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    return anyio.run(main_async, parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
