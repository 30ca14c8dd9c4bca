"""C#'s generic types beside their namesakes (csharp_generics.py), as the Polly audit found them: `Policy` and
`Policy<TResult>` both define `Policy.Handle`, in one file, and Polly's 1,499 calls like `Policy.Handle<E>()` reached
the generic type's overloads as well; `new PolicyBuilder<TResult>(..)` and a base `: ResilienceStrategy<T>` reached the
namesake without type parameters; MediatR's `IRequestHandler<TRequest>` and `IRequestHandler<TRequest, TResponse>`
differ by their number of type parameters alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.csharp_generics import declared_arity, split_arity, with_arity
from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, query,
                       update_after_reparse_migration)

pytestmark = pytest.mark.anyio

FILES = {
    "src/Polly/Policy.HandleSyntax.cs": '''
namespace Polly {
    public partial class Policy {
        public static PolicyBuilder Handle<TException>() { return new PolicyBuilder(); }
    }

    public partial class Policy<TResult> {
        public static PolicyBuilder<TResult> Handle<TException>() { return new PolicyBuilder<TResult>(); }
    }
}
''',
    "src/Polly/PolicyBuilder.cs": '''
namespace Polly {
    public sealed class PolicyBuilder {
        public PolicyBuilder() { }
    }
}
''',
    "src/Polly/PolicyBuilder.TResult.cs": '''
namespace Polly {
    public sealed class PolicyBuilder<TResult> {
        public PolicyBuilder() { }
    }
}
''',
    "src/Polly/ResultPredicates.cs": '''
namespace Polly {
    public class ResultPredicates<TResult> {
        public bool AnyMatch(TResult result) { return false; }
    }
}
''',
    "src/Polly/Policy.cs": '''
namespace Polly {
    public abstract partial class Policy : PolicyBase {
        internal ResultPredicates<int> ResultPredicates { get; }
        public bool Matches(int result) { return ResultPredicates.AnyMatch(result); }
    }
    public abstract class PolicyBase { }
}
''',
    "src/Polly/Retry/RetrySyntax.cs": "namespace Polly {\n    public partial class Policy { }\n}\n",
    "src/Polly/Timeout/TimeoutSyntax.cs": "namespace Polly {\n    public partial class Policy { }\n}\n",
    "src/Polly/Cache/CacheSyntax.cs": "namespace Polly {\n    public partial class Policy { }\n}\n",
    "src/Polly/Retry/RetryPolicy.cs": '''
namespace Polly.Retry {
    public class RetryPolicy : Policy { }
}
''',
    "src/MediatR/IRequestHandler.cs": '''
namespace MediatR {
    public interface IRequestHandler<in TRequest, TResponse> { }
    public interface IRequestHandler<in TRequest> { }
}
''',
    "test/Specs.cs": '''
using Polly;
using MediatR;

namespace Specs {
    public class Specs {
        public void Handles() {
            var plain = Policy.Handle<System.Exception>();
            var typed = Policy<int>.Handle<System.Exception>();
            var builder = new PolicyBuilder<int>();
            var other = new PolicyBuilder();
        }
    }
    public class PingHandler : IRequestHandler<Ping> { }
    public class PongHandler : IRequestHandler<Ping, Pong> { }
    public class Ping { }
    public class Pong { }
}
''',
}


def _edges(db: Path) -> set[tuple[str, str, str, str]]:
    return {(source.split(":", 2)[2], kind, target.split(":", 1)[1], resolution) for source, kind, target, resolution
            in query(db, """SELECT e.source_id, e.edge_type, e.target_id, r.resolution FROM code_edges AS e
                              JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                             WHERE e.source_id LIKE 'p:test/Specs.cs:%' OR e.source_id LIKE 'p:src/Polly/Retry/%'
                                OR e.source_id LIKE 'p:src/Polly/Policy.cs:%'""")}


async def test_a_generic_type_is_not_its_namesake(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
    edges = _edges(db)
    handle = {(kind, target) for source, kind, target, _how in edges if source == "Specs.Handles"}
    assert ("CALLS", "src/Polly/Policy.HandleSyntax.cs:Policy.Handle") in handle  # `Policy.Handle<E>()`
    assert ("CALLS", "src/Polly/Policy.HandleSyntax.cs:Policy.Handle@7") in handle  # `Policy<int>.Handle<E>()`
    # each once: the plain call reaches no overload of Policy<TResult>, the typed one none of Policy
    assert [use for use in query(db, """SELECT r.uses FROM code_edges AS e JOIN coderag_edge_resolutions AS r
                                          ON r.edge_id = e.id WHERE e.target_id LIKE '%:Policy.Handle%'
                                           AND e.source_id LIKE 'p:test/%' ORDER BY e.target_id""")] == [
        ('{"=Policy\\t`1()":"MEMBER"}',), ('{"=Policy`1\\t`1()":"MEMBER"}',)]
    assert ("CALLS", "src/Polly/PolicyBuilder.TResult.cs:PolicyBuilder") in handle
    assert ("CALLS", "src/Polly/PolicyBuilder.cs:PolicyBuilder") in handle
    bases = {(source, target) for source, kind, target, _how in edges if kind == "INHERITS"}
    assert ("PingHandler", "src/MediatR/IRequestHandler.cs:IRequestHandler@3") in bases
    assert ("PongHandler", "src/MediatR/IRequestHandler.cs:IRequestHandler") in bases
    # A partial class's declarations are one class: its base is the declaration in the file named for it.
    assert ("RetryPolicy", "src/Polly/Policy.cs:Policy") in bases
    # A property named as its generic type reaches the type's method.
    assert ("Policy.Matches", "CALLS", "src/Polly/ResultPredicates.cs:ResultPredicates.AnyMatch", "MEMBER") in edges


def test_arities_are_read_from_signatures_and_qualifiers() -> None:
    assert declared_arity("public partial class Policy<TResult> : PolicyBase<TResult>", "Policy") == 1
    assert declared_arity("public interface IRequestHandler<in TRequest, TResponse>", "IRequestHandler") == 2
    assert declared_arity("public readonly record struct Outcome<T>(T Value)", "Outcome") == 1
    assert declared_arity("public partial class Policy : PolicyBase<object>", "Policy") == 0
    assert declared_arity(None, "Policy") == 0
    assert split_arity(with_arity("new", 2)) == ("new", 2) and split_arity("=Policy") == ("=Policy", 0)


async def test_an_index_made_before_migration_89_parses_csharp_again(tmp_path: Path) -> None:
    files = {**FILES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 89)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "test/Specs.cs", "tools/build.py", "C# generic types")
