"""Acceptance (issue 9): a repository with one small file in every language the index parses for
definitions, indexed through the real service; `find_symbol` finds each definition at its file and
line, with the file's language.

To add a language: one entry in FILES (a short realistic file, the symbol to look up and the
line its definition starts on). The last test fails when a language with a query has no entry.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.languages import LANGUAGES

from .conftest import indexed_project

pytestmark = pytest.mark.anyio

# language -> (path, source, symbol to find (qualified), line of its definition)
FILES: dict[str, tuple[str, str, str, int]] = {
    # --- the 16 languages before issue 9 ---
    "python": ("app/geometry.py", "import math\n\n\ndef circle_area(r):\n    return math.pi * r * r\n",
               "circle_area", 4),
    "javascript": ("web/cart.js", "import { api } from './api.js';\n\nexport function cartTotal(items) {\n"
                   "  return items.reduce((a, b) => a + b, 0);\n}\n", "cartTotal", 3),
    "typescript": ("web/user.ts", "type Id = string;\n\nexport class UserStore {\n  get(id: Id) { return id; }\n}\n",
                   "UserStore.get", 4),
    "tsx": ("web/Badge.tsx", "import React from 'react';\n\nexport function Badge() {\n  return <span />;\n}\n",
            "Badge", 3),
    "go": ("svc/queue.go", "package svc\n\ntype Queue struct{}\n\nfunc (q *Queue) Push(v int) {}\n",
           "Queue.Push", 5),
    "rust": ("core/src/lib.rs", "use std::fmt;\n\npub struct Ledger;\n\nimpl Ledger {\n    pub fn balance(&self) -> i64 { 0 }\n}\n",
             "Ledger.balance", 6),
    "java": ("src/main/java/shop/Invoice.java", "package shop;\n\npublic class Invoice {\n"
             "    public int total() { return 0; }\n}\n", "Invoice.total", 4),
    "c": ("lib/ring.c", "#include <stdlib.h>\n\nint ring_next(int i) {\n    return i + 1;\n}\n", "ring_next", 3),
    "cpp": ("lib/graph.cpp", "#include <vector>\n\nclass Graph {\npublic:\n    int order() const { return 0; }\n};\n",
            "Graph.order", 5),
    "csharp": ("Billing/Meter.cs", "using System;\n\nnamespace Billing {\n    public class Meter {\n"
               "        public int Read() { return 0; }\n    }\n}\n", "Meter.Read", 5),
    "ruby": ("lib/mailer.rb", "require 'net/smtp'\n\nclass Mailer\n  def deliver(msg)\n  end\nend\n",
             "Mailer.deliver", 4),
    "php": ("src/Router.php", "<?php\nnamespace App;\n\nclass Router {\n    public function dispatch($r) {}\n}\n",
            "Router.dispatch", 5),
    "kotlin": ("app/Session.kt", "package app\n\nclass Session {\n    fun expire() {}\n}\n", "Session.expire", 4),
    "scala": ("core/Pricing.scala", "package core\n\nobject Pricing {\n  def discount(p: Int): Int = p\n}\n",
              "Pricing.discount", 4),
    "lua": ("game/inventory.lua", "local M = {}\n\nfunction M.add_item(bag, item)\nend\n\nreturn M\n",
            "M.add_item", 3),
    "bash": ("scripts/deploy.sh", "#!/bin/bash\nset -e\n\nrollout() {\n  echo go\n}\n", "rollout", 4),
    # --- issue 9, group B ---
    "swift": ("Sources/App/Cache.swift", "import Foundation\n\nstruct Cache {\n    func evict() {}\n}\n",
              "Cache.evict", 4),
    "dart": ("lib/wallet.dart", "import 'dart:math';\n\nclass Wallet {\n  int spend(int n) {\n    return n;\n  }\n}\n",
             "Wallet.spend", 4),
    "zig": ("src/ring.zig", "const std = @import(\"std\");\n\npub fn ringSize(n: u32) u32 {\n    return n;\n}\n",
            "ringSize", 3),
    "objc": ("Sources/Player.m", "#import \"Player.h\"\n\n@implementation Player\n- (void)jump {\n}\n@end\n",
             "Player.jump", 4),
    "fortran": ("src/heat.f90", "module heat\ncontains\n  subroutine diffuse(t)\n    real :: t\n  end subroutine diffuse\n"
                "end module heat\n", "heat.diffuse", 3),
    "solidity": ("contracts/Escrow.sol", "pragma solidity ^0.8.0;\n\ncontract Escrow {\n"
                 "    function release() external {}\n}\n", "Escrow.release", 4),
    "d": ("source/tally.d", "import std.stdio;\n\nint tally(int[] xs) {\n    return 0;\n}\n", "tally", 3),
    "cuda": ("kernels/scale.cu", "#include <cuda_runtime.h>\n\n__global__ void scale(float *x) {\n    x[0] *= 2;\n}\n",
             "scale", 3),
    "glsl": ("shaders/fog.frag", "#version 330\n\nfloat fog_factor(float d) {\n    return exp(-d);\n}\n",
             "fog_factor", 3),
    "verilog": ("rtl/blinker.v", "`timescale 1ns/1ps\n\nmodule blinker(input clk, output led);\nendmodule\n",
                "blinker", 3),
    "vhdl": ("rtl/uart.vhd", "library ieee;\nuse ieee.std_logic_1164.all;\n\nentity uart is\nend entity;\n",
             "uart", 4),
    "proto": ("proto/ledger.proto", "syntax = \"proto3\";\n\nmessage Entry {\n  int64 amount = 1;\n}\n",
              "Entry", 3),
    "graphql": ("schema/catalog.graphql", "scalar Date\n\ntype Product {\n  name: String\n}\n", "Product", 3),
    "svelte": ("src/Toggle.svelte", "<button on:click={flip}>x</button>\n\n<script>\n  let on = false;\n"
               "  function flip() {\n    on = !on;\n  }\n</script>\n", "flip", 5),
    "vue": ("src/Clock.vue", "<template>\n  <p>{{ now }}</p>\n</template>\n\n<script lang=\"ts\">\n"
            "export function tick(): number {\n  return Date.now();\n}\n</script>\n", "tick", 6),
    # --- issue 9, group A ---
    "elixir": ("lib/bank.ex", "defmodule Bank do\n  @moduledoc false\n\n  def deposit(acc, n) do\n    acc + n\n  end\nend\n",
               "Bank.deposit", 4),
    "erlang": ("src/counter.erl", "-module(counter).\n-export([bump/1]).\n\nbump(N) ->\n    N + 1.\n", "bump", 4),
    "haskell": ("src/Stack.hs", "module Stack where\n\nimport Data.List\n\npush :: Int -> [Int] -> [Int]\npush x xs = x : xs\n",
                "push", 6),  # the equation; the type signature above is part of its chunk
    "ocaml": ("lib/tree.ml", "open Printf\n\nlet depth t =\n  t + 1\n", "depth", 3),
    "ocaml_interface": ("lib/tree.mli", "(* Trees. *)\n\nval height : int -> int\n", "height", 3),
    "fsharp": ("src/Tax.fs", "module Tax\n\nopen System\n\nlet rate income =\n    income / 10\n", "Tax.rate", 5),
    "elm": ("src/Score.elm", "module Score exposing (total)\n\nimport List\n\ntotal xs =\n    List.sum xs\n",
            "total", 5),
    "julia": ("src/Stats.jl", "using LinearAlgebra\n\nfunction spread(xs)\n    maximum(xs) - minimum(xs)\nend\n",
              "spread", 3),
    "r": ("R/fit.R", "library(stats)\n\nfit_line <- function(x, y) {\n  lm(y ~ x)\n}\n", "fit_line", 3),
    "clojure": ("src/shop/cart.clj", "(ns shop.cart)\n\n(defn cart-sum [xs]\n  (reduce + xs))\n", "cart-sum", 3),
    "commonlisp": ("src/queue.lisp", "(in-package :cl-user)\n\n(defun enqueue (q x)\n  (cons x q))\n", "enqueue", 3),
    "racket": ("lib/path.rkt", "#lang racket\n\n(define (path-join a b)\n  (string-append a b))\n", "path-join", 3),
    "scheme": ("lib/list.scm", "; Lists.\n\n(define (last-of xs)\n  (car (reverse xs)))\n", "last-of", 3),
    "perl": ("lib/Report.pm", "package Report;\nuse strict;\n\nsub render {\n    return 1;\n}\n1;\n", "render", 4),
    "nim": ("src/ledger.nim", "import std/strutils\n\nproc balance*(amounts: seq[int]): int =\n  result = 0\n",
            "balance", 3),
    "powershell": ("scripts/Backup.ps1", "param($Path)\n\nfunction Invoke-Backup {\n    Write-Output $Path\n}\n",
                   "Invoke-Backup", 3),
    "groovy": ("src/Build.groovy", "import groovy.json.JsonSlurper\n\nclass Build {\n    def run() {\n        return 1\n    }\n}\n",
               "run", 4),
}


async def test_find_symbol_finds_a_definition_in_every_language(tmp_path: Path) -> None:
    files = {path: source for path, source, _symbol, _line in FILES.values()}
    async with indexed_project(tmp_path, files, "polyglot") as service:
        wrong = []
        for language, (path, _source, symbol, line) in FILES.items():
            found = await service.find_symbol("polyglot", symbol)
            hits = [(hit.file_path, hit.line, hit.language) for hit in found.definitions
                    if hit.qualified_name == symbol]
            if hits != [(path, line, language)]:
                wrong.append(f"{language}: {symbol} -> {hits or found.note}")
        assert not wrong, "\n".join(wrong)
    assert len(FILES) >= 40


def test_every_language_with_a_query_has_a_file_here() -> None:
    missing = [spec.name for spec in LANGUAGES if spec.name not in FILES]
    assert not missing, f"add a file for {missing} to FILES"
