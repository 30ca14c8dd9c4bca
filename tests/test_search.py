"""Ranking: the code a developer means comes first, from an identifier in any style or a description."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coderag_mcp.file_roles import is_test_path, vendored_package
from coderag_mcp.models import ChunkType, IndexStatus, SearchHit, SearchResponse
from coderag_mcp.render import search_text
from coderag_mcp.search import DIVERSITY_DECAY, candidate_count, diversify, field_matches, role_weight
from coderag_mcp.store import ChunkHit
from coderag_mcp.terms import query_terms, split_identifier
from coderag_mcp.service import CodeIndexService

from .conftest import indexed_project, write_tree

pytestmark = pytest.mark.anyio

PROJECT = {
    "src/config/loader.py": '''
        """Reading configuration."""


        def parseConfig(text):
            """Parse configuration text into settings."""
            return dict(line.split("=") for line in text.splitlines())


        def load_file(path):
            with open(path) as handle:
                return parseConfig(handle.read())
        ''',
    "src/net/http_client.py": '''
        class HttpClient:
            """Sends requests over HTTP and retries on failure."""

            def send_request(self, url, retries=3):
                """Send a GET request, retrying on connection errors."""
                for attempt in range(retries):
                    pass

            def close(self):
                pass

            def retry_delay(self, attempt):
                return 2 ** attempt

            def headers(self):
                return {}
        ''',
    "src/net/cache.go": '''
        package net

        // ResponseCache keeps HTTP responses in memory.
        type ResponseCache struct{}

        // Lookup finds a cached response for a URL.
        func (c *ResponseCache) Lookup(url string) string { return "" }
        ''',
    "tests/test_http_client.py": '''
        from src.net.http_client import HttpClient


        def test_send_request_retries_on_failure():
            client = HttpClient()
            client.send_request("http://example.com", retries=2)
            client.send_request("http://example.com", retries=3)
        ''',
}


@pytest.fixture
async def indexed(tmp_path: Path) -> CodeIndexService:  # type: ignore[misc]
    async with indexed_project(tmp_path, PROJECT, "p") as service:
        yield service


async def top(service: CodeIndexService, query: str, **filters: object) -> list[str]:
    result = await service.search_code("p", query, **filters)  # type: ignore[arg-type]
    return [hit.qualified_name for hit in result.hits]


@pytest.mark.parametrize("query", ["parseConfig", "parse_config", "ParseConfig", "parse config"])
async def test_every_identifier_style_finds_the_definition_first(indexed: CodeIndexService, query: str) -> None:
    assert (await top(indexed, query))[0] == "parseConfig"


async def test_a_description_need_not_match_every_word(indexed: CodeIndexService) -> None:
    results = await top(indexed, "how do we retry a failed network request with backoff")
    assert results[0] in ("HttpClient.send_request", "HttpClient.retry_delay")
    assert "HttpClient.send_request" in results[:3]


async def test_the_implementation_ranks_above_its_tests(indexed: CodeIndexService) -> None:
    results = await top(indexed, "send request retries on failure")
    assert results.index("HttpClient.send_request") < results.index("test_send_request_retries_on_failure")
    # The query's words do not lift tests (in a project about testing every query says "test"): the
    # test still comes near the top, and path= confines a search to the tests.
    about_tests = await top(indexed, "tests for send request retries")
    assert about_tests.index("HttpClient.send_request") < about_tests.index("test_send_request_retries_on_failure") < 3
    assert (await top(indexed, "tests for send request retries", path="tests/"))[0] == (
        "test_send_request_retries_on_failure")


async def test_one_file_does_not_flood_the_top(indexed: CodeIndexService) -> None:
    # Every method of HttpClient matches through its qualified name; past two, each weighs half the one
    # before, so the other files' hits come between them.
    result = await indexed.search_code("p", "http client", limit=10)
    files = [hit.file_path for hit in result.hits]
    assert files[:2] == ["src/net/http_client.py"] * 2
    assert files[3] != "src/net/http_client.py"
    assert files.count("src/net/http_client.py") == 5  # the rest still come
    last = len(files) - 1 - files[::-1].index("src/net/http_client.py")
    assert any(file != "src/net/http_client.py" for file in files[2:last])


@pytest.mark.parametrize("query", ["http client", "send request retries on failure", "parseConfig", "close"])
async def test_hits_come_in_the_order_of_the_score_shown(indexed: CodeIndexService, query: str) -> None:
    # The diversity rule and the definitions of a one-identifier query weigh the score; they never
    # reorder behind it (a 15.9 under a 4.7 would tell an agent the ranking is arbitrary).
    scores = [hit.score for hit in (await indexed.search_code("p", query, limit=20)).hits]
    assert scores and scores == sorted(scores, reverse=True)


async def test_indexing_another_project_never_moves_a_projects_results(indexed: CodeIndexService,
                                                                       tmp_path: Path) -> None:
    queries = ["http client", "send request retries on failure", "parse configuration text", "ResponseCache lookup",
               "retry delay", "load file"]

    async def answers() -> list[list[tuple[str, str, float]]]:
        return [[(hit.file_path, hit.qualified_name, hit.score) for hit in (await indexed.search_code("p", q)).hits]
                for q in queries]

    before = await answers()
    # Another project with many of the same words, in many more chunks: shared BM25 statistics
    # (document counts, average length) would reweigh every term of the first project.
    other = {f"lib/http_{number}.py": f'''
        class HttpRequest{number}:
            """An HTTP request to send, with retries and a client configuration."""

            def send(self, client, retries={number}):
                return client.request(self, retries=retries)

            def parse_config(self, text):
                return text.split("=")
        ''' for number in range(60)}
    await indexed.init_index("other", str(write_tree(tmp_path / "other", other)), background=False)
    assert (await indexed.search_code("other", "http request")).hits
    assert await answers() == before


async def test_filters_apply_inside_the_query(indexed: CodeIndexService) -> None:
    assert {hit.language for hit in (await indexed.search_code("p", "http response url", language="go")).hits} == {"go"}
    in_config = await indexed.search_code("p", "parse configuration text", path="src/config")
    assert in_config.hits and all(hit.file_path.startswith("src/config/") for hit in in_config.hits)
    classes = await indexed.search_code("p", "http response cache client", kind=ChunkType.CLASS)
    assert {hit.qualified_name for hit in classes.hits} == {"HttpClient", "ResponseCache"}


async def test_hits_explain_themselves(indexed: CodeIndexService) -> None:
    hit = (await indexed.search_code("p", "ResponseCache lookup")).hits[0]
    assert (hit.file_path, hit.start_line, hit.kind.value) in {("src/net/cache.go", 4, "class"),
                                                               ("src/net/cache.go", 7, "method")}
    assert any(signal.startswith("name:") for signal in hit.matched)
    assert "Lookup" in hit.snippet or "ResponseCache" in hit.snippet


async def test_a_snippet_shows_the_line_that_holds_most_of_the_query(tmp_path: Path) -> None:
    """Not the first line with any of its words: in a long function that is often a common one's."""
    body = "\n".join(f"    request.step{number}()" for number in range(12))
    files = {"adapter.py": f"def send(request):\n{body}\n    # Handle request timeout\n"
                           "    if request.timeout:\n        raise TimeoutError(request.timeout)\n"}
    async with indexed_project(tmp_path, files, "snip") as service:
        hit = (await service.search_code("snip", "how request timeout is handled")).hits[0]
    assert hit.symbol == "send"
    assert "# Handle request timeout" in hit.snippet and "step0" not in hit.snippet


@pytest.mark.parametrize(("snippet", "shown"), [
    ("    }\n    });\n\n    // Handle request timeout\n    if (config.timeout) {\n      abort();",
     ["// Handle request timeout", "if (config.timeout) {", "  abort();"]),
    # A Javadoc's lines of markup alone (FilenameUtils.normalize's hit in commons-io).
    ("     * </p>\n     *\n     * @param fileName The file name to normalize.\n     * @return The normalized name.",
     ["* @param fileName The file name to normalize.", "* @return The normalized name."]),
])
def test_a_hit_in_text_spends_no_line_on_brackets_or_markup_above_the_match(snippet: str, shown: list[str]) -> None:
    hit = SearchHit(file_path="lib/http.js", start_line=1, end_line=9, symbol="http", qualified_name="lib.http",
                    kind=ChunkType.MODULE, language="javascript", signature=None, snippet=snippet, score=1.0, matched=[])
    text = search_text(SearchResponse(project_id="p", query="request timeout", index_status=IndexStatus.READY,
                                      hits=[hit]))
    assert text.splitlines()[2:] == ["   | " + line for line in shown]


@pytest.mark.parametrize("query", ['"unbalanced', "NEAR(a b)", "AND OR NOT", "url:http -x *", "parse_config*",
                                   "src/net/cache.go", "HttpClient.send_request()"])
async def test_fts_syntax_in_queries_is_just_text(indexed: CodeIndexService, query: str) -> None:
    result = await indexed.search_code("p", query)
    assert isinstance(result.hits, list)


async def test_private_and_dunder_names_are_found(tmp_path: Path) -> None:
    files = {
        "pkg/_compat.py": "def _encode_files(files):\n    return files\n",
        "pkg/context.py": "class AppContext:\n    def __exit__(self, *args):\n        pass\n\n"
                          "    def push(self):\n        \"\"\"Push it on the stack.\"\"\"\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        assert (await top(service, "_encode_files"))[0] == "_encode_files"
        assert (await top(service, "AppContext.__exit__"))[0] == "AppContext.__exit__"
        assert (await service.search_code("p", "_compat")).hits[0].file_path == "pkg/_compat.py"
        # The other words match nothing: the stop words are searched after all.
        assert (await top(service, "frobnicate it on"))[0] == "AppContext.push"


async def test_plurals_and_tenses_meet_the_names(tmp_path: Path) -> None:
    files = {
        "web/redirects.py": "def resolve_redirect(response):\n    return response.location\n",
        "web/jar.py": 'def merge_cookie(jar, cookie):\n    jar.add(cookie)\n\n\n'
                      'def clear(jar):\n    """Drop the cookies and log redirects resolved."""\n',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        # Only `clear` has these very words; the names have their stems, and names weigh more.
        assert (await top(service, "resolving redirects"))[0] == "resolve_redirect"
        assert (await top(service, "cookies merged"))[0] == "merge_cookie"
        # An exact identifier is still matched whole.
        assert (await top(service, "resolve_redirect"))[0] == "resolve_redirect"


async def test_vendored_copies_rank_below_the_projects_own_code(tmp_path: Path) -> None:
    files = {
        "web/redirects.py": "def follow(response):\n    return response.headers['location']\n",
        "web/packages/urllib3/redirects.py": "def follow_redirect(response):\n    return response.get_redirect_location()\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        about_redirects = await service.search_code("p", "follow redirect location")
        assert about_redirects.hits[0].file_path == "web/redirects.py"  # though the copy matches better
        naming_the_library = await service.search_code("p", "follow redirect location in urllib3")
        assert naming_the_library.hits[0].file_path == "web/packages/urllib3/redirects.py"


@pytest.mark.parametrize(("path", "library"), [
    ("requests/packages/urllib3/util/url.py", "urllib3"),
    ("requests/packages/six.py", "six"),
    ("requests/packages/__init__.py", None),  # requests' own shim that imports the copies
    ("packages/core/src/index.ts", None),  # a monorepo's own packages
    ("src/extern/fmt/format.h", "fmt"),
    ("test/googletest-1.16.0/googletest/src/gtest.cc", "googletest"),  # a folder named for a release
    ("deps/lua-5.4.6/src/lapi.c", "lua"), ("src/app-2/main.py", None), ("docs/v1.2/conf.py", None),
    ("src/web/views.py", None),
])
def test_vendored_copies_are_told_by_their_folder(path: str, library: str | None) -> None:
    assert vendored_package(path) == library


async def test_a_file_the_query_names_comes_first(tmp_path: Path) -> None:
    files = {
        "web/utils.go": "package web\n\n// Clean tidies a string.\nfunc Clean(s string) string { return s }\n",
        "web/path.go": "package web\n\n// CleanPath cleans a URL path.\nfunc CleanPath(p string) string { return p }\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        assert (await service.search_code("p", "clean path")).hits[0].file_path == "web/path.go"
        assert (await service.search_code("p", "clean path in utils.go")).hits[0].file_path == "web/utils.go"


@pytest.mark.parametrize(("path", "weight"), [
    ("src/flask/app.py", 1.0), ("src/_pytest/fixtures.py", 1.0), ("examples/tutorial/flaskr/db.py", 0.6),
    ("docs/conf.py", 0.6), ("benchmarks/bench_parse.py", 0.6), ("api/v1/service_pb2.py", 0.5),
    ("internal/gen/client.go", 0.5), ("types/index.d.ts", 1.0),
    # Folders in any case: Alamofire's `Example/` and `Documentation/`.
    ("Example/Source/AppDelegate.swift", 0.6), ("Documentation/Alamofire.docc/Usage.swift", 0.6),
    ("Benchmarks/Sources/Run.swift", 0.6), ("Sources/Alamofire/Session.swift", 1.0)])
def test_examples_docs_benchmarks_and_generated_code_are_told_by_their_path(path: str, weight: float) -> None:
    assert role_weight(path) == weight


@pytest.mark.parametrize(("identifier", "parts"), [
    ("parseHTTPConfig2", ["parse", "http", "config", "2"]),
    ("XMLHttpRequest", ["xml", "http", "request"]),
    ("getURLs", ["get", "urls"]),  # an acronym's plural is one part, not `ur` + `ls`
    ("__init__", ["init"]),
])
def test_identifiers_split_where_a_reader_would(identifier: str, parts: list[str]) -> None:
    assert split_identifier(identifier) == parts


def test_contractions_and_stop_words_are_not_searched() -> None:
    assert query_terms("Don't parse nonexistent URLs") == ["pars", "nonexist", "url"]


@given(st.text(alphabet=st.sampled_from("aZ_9é ß.-\t\n\u00a0\x1cQx0(") | st.characters(), max_size=60))
def test_text_is_cut_into_terms_as_the_identifier_pattern_cuts_it(text: str) -> None:
    """expand() cuts words in C (punctuation to spaces, then split); the terms must be those of
    `_IDENTIFIER.findall`, word for word, whatever the text holds (digits first, non-ASCII letters)."""
    from coderag_mcp import terms

    by_pattern = [term for word in terms._IDENTIFIER.findall(text) for term, _typed in terms._word_forms(word)]
    assert terms.expand(text) == " ".join(by_pattern)


def test_the_c_stemmer_stems_as_snowballs_own_python() -> None:
    """Terms are stored stemmed: an index built by one stemmer is searched by queries the other
    stems, so PyStemmer (a dependency, run by snowballstemmer) must agree with the pure-Python one."""
    import re

    import Stemmer
    from snowballstemmer.english_stemmer import EnglishStemmer

    from coderag_mcp import terms

    assert isinstance(terms._ENGLISH, Stemmer.Stemmer)  # the fast one is the one in use
    package = Path(terms.__file__).parent
    words = sorted({word.lower() for source in package.rglob("*.py")
                    for word in re.findall(r"[A-Za-z]{4,}", source.read_text())})
    assert len(words) > 2000
    python = EnglishStemmer()
    assert [terms.stem(word) for word in words] == [python.stemWord(word) for word in words]


async def test_hits_say_which_words_matched_as_typed(indexed: CodeIndexService) -> None:
    hit = (await indexed.search_code("p", "sending requests with retries")).hits[0]
    assert hit.qualified_name == "HttpClient.send_request"
    assert any(signal.startswith("name: ") and "sending" in signal and "requests" in signal for signal in hit.matched)
    assert not any("retri," in signal or signal.endswith("retri") for signal in hit.matched)  # no stems shown



def test_helpers_nested_in_a_shown_function_do_not_take_its_files_turns() -> None:
    # requests 2.32.3, "build basic auth header", before the diversity rule: build_digest_header holds
    # four hash helpers whose qualified names repeat its words; they took auth.py's turns, so
    # `_basic_auth_str` (6th before the rule) fell to 50th. A helper inside a function shown above it
    # repeats that function: it weighs half and takes no turn. A method inside a class is not a repeat.
    def hit(name: str, lines: tuple[int, int], score: float, kind: ChunkType = ChunkType.FUNCTION,
            path: str = "src/requests/auth.py") -> ChunkHit:
        return ChunkHit(file_path=path, lineno=lines[0], end_lineno=lines[1], name=name.rsplit(".", 1)[-1],
                        qualified_name=name, chunk_type=kind, language="python", signature=None, docstring=None,
                        body="", score=score)

    ranked = [hit("HTTPDigestAuth.build_digest_header", (126, 234), 21.16, ChunkType.METHOD),
              *(hit(f"HTTPDigestAuth.build_digest_header.{name}", lines, 20.7) for name, lines in (
                  ("sha_utf8", (153, 156)), ("md5_utf8", (145, 148)), ("sha256_utf8", (161, 164)))),
              hit("_basic_auth_str", (25, 66), 19.46),
              hit("Session", (356, 816), 14.77, ChunkType.CLASS, "src/requests/sessions.py"),
              hit("Session.request", (500, 591), 14.53, ChunkType.METHOD, "src/requests/sessions.py"),
              hit("HTTPBasicAuth", (76, 96), 14.0, ChunkType.CLASS)]
    names = [found.qualified_name for found in diversify(ranked)]
    assert names[:4] == ["HTTPDigestAuth.build_digest_header", "_basic_auth_str", "Session", "Session.request"]
    assert names.index("HTTPBasicAuth") > names.index("HTTPDigestAuth.build_digest_header.sha_utf8")  # 3rd turn
    scores = [found.score for found in diversify(ranked)]
    assert scores == sorted(scores, reverse=True)


def test_a_second_piece_of_a_long_definition_is_left_out() -> None:
    # Django's "how does the ORM build a JOIN": `Query.build_filter` 1st and 2nd, two overlapping pieces of one
    # method (chunking.pieces_of); sympy's `Float` 4th and 9th, two of one class. An agent reads the definition
    # once: a second piece only took the place of another answer. Every other hit keeps its place and score (the
    # left-out piece takes its file's turn as before), and two definitions of one name stay (Java's overloads).
    def hit(name: str, lines: tuple[int, int], score: float, kind: ChunkType = ChunkType.METHOD,
            path: str = "django/db/models/sql/query.py", signature: str | None = None) -> ChunkHit:
        return ChunkHit(file_path=path, lineno=lines[0], end_lineno=lines[1], name=name.rsplit(".", 1)[-1],
                        qualified_name=name, chunk_type=kind, language="python", signature=signature, docstring=None,
                        body="", score=score)

    # sympy's `simplify`, 1st and 4th: its first and third pieces, which do not overlap
    simplify = [hit("simplify", lines, score, ChunkType.FUNCTION, "sympy/simplify/simplify.py", "def simplify(expr)")
                for lines, score in (((631, 750), 30.0), ((420, 539), 12.5))]
    ranked = [simplify[0], hit("Query.build_filter", (1528, 1590), 24.0), hit("Query.build_filter", (1428, 1547), 23.9),
              hit("RunPython", (138, 211), 20.3, ChunkType.CLASS, "django/db/migrations/operations/special.py"),
              hit("Float", (582, 701), 19.0, ChunkType.CLASS, "sympy/core/numbers.py"),
              hit("Query.join", (1060, 1120), 18.0), hit("Query.setup_joins", (1700, 1800), 17.0),
              hit("Float", (682, 1155), 16.0, ChunkType.CLASS, "sympy/core/numbers.py"),
              hit("Parser.parse", (10, 20), 15.0, path="src/Parser.java"),
              hit("Parser.parse", (22, 30), 14.0, path="src/Parser.java"), simplify[1],
              # a property's getter and setter: one name, two definitions
              hit("Node.value", (5, 8), 11.0, path="node.py", signature="def value(self)"),
              hit("Node.value", (10, 13), 10.0, path="node.py", signature="def value(self, value)")]
    shown = [(found.qualified_name, found.lineno, found.score) for found in diversify(ranked)]
    assert shown == [("simplify", 631, 30.0), ("Query.build_filter", 1528, 24.0), ("RunPython", 138, 20.3),
                     ("Float", 582, 19.0), ("Parser.parse", 10, 15.0), ("Parser.parse", 22, 14.0),
                     ("Node.value", 5, 11.0), ("Node.value", 10, 10.0),
                     ("Query.join", 1060, 18.0 * DIVERSITY_DECAY),  # query.py's third turn, as before
                     ("Query.setup_joins", 1700, 17.0 * DIVERSITY_DECAY ** 2)]

RUST_GLOB = '''
    /// Whether the path matches.
    pub fn is_match(pattern: &str, path: &str) -> bool {
        pattern == path
    }

    #[cfg(test)]
    mod MODULE {
        use super::is_match;

        #[test]
        fn glob_pattern_with_star_matches_path() {
            assert!(is_match("a*", "a*"));
        }
    }
    '''


@pytest.mark.parametrize(("module", "code_first"), [("tests", True), ("test", True), ("checks", False)])
async def test_a_rust_files_own_tests_rank_below_its_code(tmp_path: Path, module: str, code_first: bool) -> None:
    # Rust keeps unit tests in the file they test: `mod tests` tells them, not the path. (A module of
    # another name is code: there the test function, which has every word of the query, comes first.)
    async with indexed_project(tmp_path, {"src/glob.rs": RUST_GLOB.replace("MODULE", module)}, "p") as service:
        hits = (await service.search_code("p", "glob pattern with star matches path")).hits
        names = [hit.qualified_name for hit in hits]
        test = f"{module}::glob_pattern_with_star_matches_path"
        assert (names.index("is_match") < names.index(test)) is code_first


async def test_the_code_outranks_its_many_tests_at_an_agents_limit(tmp_path: Path) -> None:
    # Forty tests have every word of the query in their names, the code only two: BM25 ranks every test
    # above it, and the re-ranking (tests weigh less) can only lift the code if it is among the candidates.
    files = {"src/retry.py": '''
        def backoff_delay(attempt):
            """Seconds to wait."""
            return 2 ** attempt
        '''}
    for number in range(40):
        files[f"tests/test_retry_{number}.py"] = f'''
            def test_exponential_backoff_delay_on_retry_{number}():
                assert backoff_delay({number}) == 2 ** {number}
            '''
    async with indexed_project(tmp_path, files, "p") as service:
        hits = (await service.search_code("p", "exponential backoff delay on retry", limit=10)).hits
        assert hits[0].qualified_name == "backoff_delay"


@pytest.mark.parametrize(("path", "test"), [
    # Each language's conventions, as the retrieval benchmark's projects lay tests out.
    ("Tests/SessionTests.swift", True), ("Tests/TestHelpers.swift", True),  # Alamofire: `Tests/`, capital T
    ("src/addDays/test.ts", True),  # date-fns: a test beside each function
    ("okio/src/jvmTest/kotlin/okio/TestUtil.kt", True), ("core/src/commonTest/kotlin/Components.kt", True),
    ("src/test/java/org/apache/commons/csv/Utils.java", True), ("gson/src/testFixtures/Helper.java", True),
    ("test-tsd/select.test-d.ts", True), ("types/__typetests__/handlebars.tst.ts", True),
    ("src/trio/_tests/tutil.py", True), ("src/trio/_core/_tests/type_tests/run.py", True),
    ("moshi-kotlin-tests/src/main/java/X.java", True), ("test/Serilog.Tests/Support/Some.cs", True),
    ("clap_builder/src/builder/tests.rs", True), ("internal/spew/testdata/dumpcgo.go", True),
    ("packages/mobx-react/__mocks__/react-native.js", True), ("packages/integration/fixtures/drizzle/index.ts", True),
    ("tests/test_app.py", True), ("pkg/server_test.go", True), ("spec/models/user_spec.rb", True),
    ("src/app.spec.ts", True), ("src/test_utils.py", True), ("conftest.py", True),
    # flysystem: PHPUnit tests beside their code, and a suite's base class
    ("src/Ftp/FtpAdapterTest.php", True), ("src/AdapterTestUtilities/FilesystemAdapterTestCase.php", True),
    # Product code, whatever its name says: jinja's template tests, kotlinpoet's specs, testing libraries.
    ("src/jinja2/tests.py", False), ("kotlinpoet/src/main/java/com/squareup/kotlinpoet/TypeSpec.kt", False),
    ("okhttp-testing-support/src/main/kotlin/okhttp3/EventRecorder.kt", False), ("suite/suite.go", False),
    ("mock/mock.go", False), ("prometheus/testutil/lint.go", False),
    ("src/contest.py", False), ("protests/march.py", False), ("src/latest.rs", False), ("src/attest/mod.rs", False),
    ("src/Latest.php", False), ("src/main/java/junit/framework/TestCase.java", False),  # JUnit's own TestCase
])
def test_tests_are_told_by_each_languages_conventions(path: str, test: bool) -> None:
    assert is_test_path(path) is test


@pytest.mark.parametrize("layout", ["date-fns", "swift"])
async def test_the_code_outranks_tests_laid_out_by_its_languages_conventions(tmp_path: Path, layout: str) -> None:
    # date-fns keeps each function's tests beside it as `test.ts`, Swift packages in `Tests/`: neither was told
    # from the product, and a test holding every word of the query came first.
    if layout == "date-fns":
        code = ("src/addBusinessDays/index.ts", '''
            /** Add business days to a date: the weekend, saturday and sunday, is skipped. */
            export function addBusinessDays(date: Date, amount: number): Date {
              // Saturday and Sunday are the weekend: skipped.
              return shift(date, amount);
            }
            ''')
        test = ("src/addBusinessDays/test.ts", '''
            function expectsWeekendSkipped(from: Date, to: Date) {
              expect(addBusinessDays(from, 1)).toEqual(to);  // saturday and sunday skipped
            }
            describe("addBusinessDays", () => {
              it("skips the weekend: saturday and sunday", () => expectsWeekendSkipped(new Date(2014, 8, 5), new Date(2014, 8, 8)));
            });
            ''')
        query, wanted = "weekend saturday sunday skipped", "addBusinessDays"
    else:
        code = ("Source/Retrier.swift", '''
            /// Retries a failed request after a delay.
            public final class OfflineRetrier {
                public func retry(after delay: Double) -> Bool { return delay > 0 }
            }
            ''')
        test = ("Tests/OfflineRetrierTests.swift", '''
            final class OfflineRetrierTests: XCTestCase {
                func testOfflineRetrierRetriesFailedRequestAfterDelay() { XCTAssertTrue(OfflineRetrier().retry(after: 1)) }
                func testOfflineRetrierRetriesFailedRequestAfterLongDelay() { XCTAssertTrue(OfflineRetrier().retry(after: 9)) }
            }
            ''')
        query, wanted = "offline retrier retries a failed request after a delay", "OfflineRetrier"
    async with indexed_project(tmp_path, dict([code, test]), "p") as service:
        hits = (await service.search_code("p", query, limit=10)).hits
        assert (hits[0].file_path, hits[0].symbol) == (code[0], wanted), [(hit.file_path, hit.symbol) for hit in hits]


def test_a_term_of_underscores_alone_matches_no_field() -> None:
    # `[1]_` (a footnote in a doc comment pasted as a query) leaves the term `_`, which squashed is
    # empty: it was found in every field of every candidate, empty ones too, and gave each the same points.
    hit = ChunkHit(file_path="src/points.py", lineno=1, end_lineno=2, name="gauss_points", qualified_name="gauss_points",
                   chunk_type=ChunkType.FUNCTION, language="python", signature=None, docstring=None,
                   body="def gauss_points(n):\n    return n\n", score=1.0)
    assert field_matches(hit, ["_", "point"]) == {"name": ["point"], "path": ["point"], "body": ["point"]}


@pytest.mark.parametrize(("limit", "query", "candidates"), [
    (10, "exponential backoff on retry", 90), (50, "exponential backoff on retry", 150),
    (10, "parse_config", 30), (10, "parseConfig", 30), (50, "parse_config", 150)])
def test_a_description_is_reranked_from_more_candidates_than_a_name(limit: int, query: str, candidates: int) -> None:
    assert candidate_count(limit, query) == candidates


async def test_a_word_ending_in_y_meets_the_names_that_hold_it(tmp_path: Path) -> None:
    # The stemmer makes "copy" and "directory" `copi` and `directori`: found in "copies", they were found in
    # no name written `copyDirectory`, whose words the query is.
    files = {"FileUtils.java": '''
        public class FileUtils {
            /** Copies a whole folder to a new place, preserving the dates. */
            public static void copyDirectory(File source, File target) { walk(source, target); }

            /** The size of a directory, counted recursively. */
            public static long sizeOfDirectory(File directory) { return sum(directory); }

            /** Lists the files of a directory, recursively. */
            public static List listFiles(File directory, boolean recursive) { return list(directory); }

            /** Deletes a directory recursively. */
            public static void deleteDirectory(File directory) { clean(directory); }
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        hit = (await service.search_code("p", "copy a directory recursively")).hits[0]
    assert hit.qualified_name == "FileUtils.copyDirectory"
    assert "name: copy, directory" in hit.matched


@pytest.mark.parametrize("query", ["FilenameUtils.normalize", "FilenameUtils#normalize()", "filenameutils.normalize"])
async def test_a_qualified_name_finds_its_definition_first(tmp_path: Path, query: str) -> None:
    files = {"FilenameUtils.java": '''
        public class FilenameUtils {
            /**
             * Normalizes a path, removing double and single dot segments. The method works on both Unix
             * and Windows, whatever the system it runs on: a leading separator stays, a trailing one is
             * kept, and a double separator becomes one. A segment that climbs above the root makes the
             * result null, as does a null input.
             *
             * @param fileName the name to work on, null returns null
             * @return the name with its segments resolved, or null when they climb too far
             */
            public static String normalize(String fileName) {
                if (fileName == null) {
                    return null;
                }
                return doNormalize(fileName, SYSTEM_SEPARATOR, true);
            }

            /** Normalizes a path, leaving out the trailing separator. */
            public static String normalizeNoEndSeparator(String fileName) { return doNormalize(fileName, false); }

            /** Whether two file names are equal once each is normalized by {@link FilenameUtils#normalize}. */
            public static boolean equalsNormalized(String fileName1, String fileName2) {
                return normalize(fileName1).equals(normalize(fileName2));
            }

            /** Whether two file names are equal once normalized on this system's case rules. */
            public static boolean equalsNormalizedOnSystem(String fileName1, String fileName2) {
                return normalize(fileName1).equalsIgnoreCase(normalize(fileName2));
            }
        }
        ''', "Text.java": '''
        public class Text {
            /** Normalizes the text's line endings. */
            public static String normalize(String text) { return text.replace("\\r\\n", "\\n"); }
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        assert (await top(service, query))[0] == "FilenameUtils.normalize"
