"""What agents' audits of Polly (C#) and swift-argument-parser found in calls on a receiver: a C# class written by name
whose method has more than 32 definitions in the project still reaches it (Polly's 588 `Policy.Cache(..)`,
`Policy.Timeout(..)` calls had no edge: `Cache` and `Timeout` are Policy's overloads, dozens of them); a .NET class
written by name that the project does not define is .NET's (163 `Task.FromResult(..)` and `ValueTask.FromResult(..)`
were Polly's `Outcome.FromResult`); and a Swift call of a standard library method's name on an untyped receiver is only a guess of
the project's method of that name (44 `argumentSpecs.append("..")` on a `[String]` were `ArgumentSet.append`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, update_after_relink_migration

pytestmark = pytest.mark.anyio

# 40 overloads of Policy.Cache: more definitions of the name than a lookup by name alone reads.
_CACHE_OVERLOADS = "\n".join(f"        public static Policy Cache(int ttl, string key{number}) {{ return null; }}"
                             for number in range(40))

FILES = {
    "src/Polly/Policy.cs": f'''
namespace Polly {{
    public partial class Policy {{
{_CACHE_OVERLOADS}
    }}
}}
''',
    "src/Polly/Outcome.cs": '''
namespace Polly {
    public static class Outcome {
        public static object FromResult(object value) { return value; }
    }
}
''',
    "test/Polly.Specs/CacheSpecs.cs": '''
using System.Threading.Tasks;
using Polly;

namespace Polly.Specs {
    public class CacheSpecs {
        public void Caches() {
            var policy = Policy.Cache(10, "a");
        }
        public Task<int> Completes() {
            return Task.FromResult(1);
        }
        public object Wraps() {
            return Outcome.FromResult(1);
        }
    }
}
''',
    "Sources/Parser/ArgumentSet.swift": '''
struct ArgumentSet {
    var content: [String] = []
    mutating func append(_ other: ArgumentSet) {
        content.append(contentsOf: other.content)
    }
}
''',
    "Sources/Parser/Generator.swift": '''
func specs(for names: [String]) -> [String] {
    var argumentSpecs: [String] = []
    for name in names {
        argumentSpecs.append(name)
    }
    return argumentSpecs
}
''',
}


async def test_calls_on_receivers_written_by_name_and_library_names(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        cache = await service.find_references("p", "Policy.Cache", include_guesses=True)
        from_result = await service.find_references("p", "Outcome.FromResult", include_guesses=True)
        append = await service.find_references("p", "ArgumentSet.append", include_guesses=True)
    assert ("test/Polly.Specs/CacheSpecs.cs", 7) in {(hit.file_path, hit.line) for hit in cache.references}
    # `Task.FromResult(1)` (line 10) is .NET's; `Outcome.FromResult(1)` (line 13) the project's.
    assert [(hit.file_path, hit.line, hit.resolution) for hit in from_result.references] == [
        ("test/Polly.Specs/CacheSpecs.cs", 13, "MEMBER")]
    # On a `[String]`, `append` is the library's: listed only as a guess.
    assert [(hit.file_path, hit.line, hit.resolution) for hit in append.references
            if hit.file_path == "Sources/Parser/Generator.swift"] == [("Sources/Parser/Generator.swift", 4, "GUESS")]


async def test_an_index_made_before_migration_88_links_csharp_and_swift_again(tmp_path: Path) -> None:
    files = {**FILES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 88)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "p", "test/Polly.Specs/CacheSpecs.cs", "tools/build.py",
                                            "library method names")
