"""What a file is for, told by its path as each language's conventions place it: a test (or a test's data or
helper), an example, docs, a benchmark, generated code, or a vendored copy of another library. Search weighs
such files below the product's own code, the repo map shows tests last, and a call in the product's code is not
linked by name alone to a test's definition.

Tests are told by their paths only. Surveyed on the retrieval benchmark's 55 projects and 5 more (Alamofire,
serilog, fmt, jq, redis; 2026-12-05), content told little more and was wrong more often: of the files no path
rule below marks, 291 import a test framework, 250 of them date-fns's `src/<name>/test.ts` (now a path rule) and
most of the rest a testing library's own product (testify's `suite.go` imports `testing`, okhttp's
`MockWebServerRule` JUnit); 40 define a function or class named like a test, nearly all product code (flask's
`test_client`, jinja's `Test` node, redis's `TEST(` blocks inside `dict.c`).
"""

from __future__ import annotations

import functools
import re

_TEST_PATH = re.compile(
    # Test folders, in any case (Swift's `Tests/`), and `__tests__`, `__typetests__`.
    r"(^|/)(?i:tests?|specs?|testing)/|(^|/)__\w*tests?__/"
    # A folder of tests named with its subject: `test-tsd/`, `moshi-kotlin-tests/`, `Serilog.Tests/`, trio's
    # `_tests/`, `type_tests/`.
    r"|(^|/)(tests?|specs?)[-_.][^/]*/|(^|/)[^/]*[-_.](tests?|specs?)/"
    # Test data and fixtures (Go's `testdata/`, jest's `__mocks__/`), end-to-end suites. (Not `mock/` or `testutil/`:
    # testify's `mock` package and client_golang's `testutil` are what those projects ship.)
    r"|(^|/)(testdata|fixtures|__mocks__|__fixtures__|e2e)/"
    # Gradle's and Kotlin Multiplatform's test source sets: `src/test/`, `src/jvmTest/`, `src/testFixtures/`.
    r"|(^|/)src/(\w*Test|test\w*)/"
    # Test files by name: `test_x.py`, `test.ts` (date-fns's `src/add/test.ts`; not `tests.py`: jinja's is its
    # template tests), Rust's unit tests written apart (`tests.rs`), `x_test.go`, `x_spec.rb`, `x.test.ts`,
    # `x.spec.js`, tsd's `x.test-d.ts`, tstyche's `x.tst.ts`, `XTest.java`, `XTests.swift`, PHPUnit's `XTest.php`
    # beside its code (flysystem's `src/Ftp/FtpAdapterTest.php`), a suite's base `XTestCase.php` (not JUnit's own
    # `TestCase.java`), pytest's `conftest.py`.
    r"|(^|/)test_[^/]*$|(^|/)test\.[a-z]+$|(^|/)tests\.rs$|_(test|spec)\.[a-z]+$|\.(test|spec|tst)(-d)?\.[a-z]+$"
    r"|(Tests?|\wTestCase)\.(java|kt|cs|scala|swift|m|mm|groovy|php)$|(^|/)conftest\.py$")


# Tests as told before the forty-second session: kept for migration 57 (the projects whose files changed role) and to
# measure the rule above against it (`--variant LEGACY_TEST_PATHS=1` of bench/retrieval_bench.py; 0 otherwise).
TEST_PATH_BEFORE_57 = re.compile(r"(^|/)(tests?|__tests__|spec|specs|testing)/|(^|/)test_[^/]*$|_test\.[a-z]+$|"
                                 r"\.(test|spec)\.[a-z]+$|Tests?\.(java|kt|cs|scala)$|(^|/)conftest\.py$")
LEGACY_TEST_PATHS = 0


def is_test_path(path: str) -> bool:
    return _is_test_path(path, bool(LEGACY_TEST_PATHS))


# A link asks of each definition's file and each guessed reference's (sympy: 64,358 times, of 1,376 files), and one
# search of the pattern is 6-8 us: each path is read once.
@functools.lru_cache(maxsize=65_536)
def _is_test_path(path: str, legacy: bool) -> bool:
    return bool((TEST_PATH_BEFORE_57 if legacy else _TEST_PATH).search(path))


def listing_order(path: str) -> int:
    """Where a file's definitions go among others of equal match in a listing: the product's own code (0), then
    examples, docs, benchmarks and generated code (1), then tests (2). requests' `prepare_url` listed the fixture in
    `tests/conftest.py` before the method `PreparedRequest.prepare_url` it stands in for."""
    return 2 if is_test_path(path) else 1 if path_role(path) else 0


# Examples, docs, benchmarks and generated code, by their folders in any case (Alamofire's `Example/`,
# `Documentation/`) and generated files by their names.
_ROLE_PATHS = (
    ("generated", re.compile(r"(_pb2(_grpc)?\.pyi?|\.pb\.go|_generated\.[a-z]+|\.generated\.[a-z]+|\.gen\.[a-z]+|"
                             r"\.min\.js)$|(^|/)(?i:generated|gen)/")),
    ("example", re.compile(r"(^|/)(?i:examples?|samples?|demos?|tutorials?|playground)/")),
    ("docs", re.compile(r"(^|/)(?i:docs?|documentation|website)/")),
    ("bench", re.compile(r"(^|/)(?i:bench|benches|benchmarks?|perf)/")),
)


def path_role(path: str) -> str | None:
    """"generated", "example", "docs" or "bench", the first its path says; None for anything else (tests and
    vendored copies are told apart by `is_test_path` and `vendored_package`)."""
    for role, pattern in _ROLE_PATHS:
        if pattern.search(path):
            return role
    return None


# Folders that hold copies of other projects inside a repository. `packages` counts only below the
# top level (`requests/packages/urllib3`), since a top-level `packages/` is usually a monorepo's own.
# (`vendor`, `_vendor`, `third_party` and the like are not indexed at all: discover.py skips them.)
_VENDOR_DIRS = frozenset({"extern", "external", "externals", "thirdparty", "3rdparty"})
# A folder named for a release of a library (yaml-cpp's `test/googletest-1.16.0/`, `deps/lua-5.4.6/`) is a copy of it.
_RELEASE_FOLDER = re.compile(r"([A-Za-z][\w+]*?(?:-[A-Za-z][\w+]*?)*)-v?\d+(?:\.\d+)+")


def vendored_package(path: str) -> str | None:
    """The name of the library a file is a vendored copy of (`urllib3` for
    `requests/packages/urllib3/util/url.py`), or None for the project's own code."""
    parts = path.split("/")
    for depth, folder in enumerate(parts[:-1]):
        if (release := _RELEASE_FOLDER.fullmatch(folder)) is not None:
            return release.group(1)
        if folder in _VENDOR_DIRS or (folder == "packages" and depth > 0):
            name = parts[depth + 1]
            if name.startswith("__init__."):  # the project's own module that manages the copies
                return None
            return name.rsplit(".", 1)[0] if depth + 1 == len(parts) - 1 else name
    return None
