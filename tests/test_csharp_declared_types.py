"""C# calls on values their declarations type (csharp_declared_types.py, csharp_typed_calls.py), as the Polly audit
found them missing: `outerPolicy.ExecuteAsync(..)` on a parameter `IAsyncPolicy<TResult> outerPolicy` reached nothing
(the name has dozens of definitions), `_registry.TryGet(..)` on a field `PolicyRegistry _registry` any `TryGet` by
name, and an extension method (`policyBuilder.Retry()`, written `this PolicyBuilder policyBuilder`) was a guess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coderag_mcp.csharp_signatures import (awaited_type, explicit_implementation, extended_type, held_type,
                                           returns_receiver)
from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, query,
                       update_after_reparse_migration)

pytestmark = pytest.mark.anyio

FILES = {
    "src/Polly/PolicyRegistry.cs": '''
namespace Polly.Registry {
    public class PolicyRegistry : IPolicyRegistry {
        public bool TryGet(string key) { return false; }
        public void Clear() { }
    }
    public interface IPolicyRegistry { }
}
''',
    "src/Polly/Caching/CacheRegistry.cs": '''
namespace Polly.Caching {
    public class CacheRegistry {
        public bool TryGet(string key) { return true; }
        public void Clear() { }
    }
}
''',
    "src/Polly/IAsyncPolicy.cs": '''
namespace Polly {
    public interface IAsyncPolicy<TResult> {
        void ExecuteAsync(int attempt);
    }
    public interface IAsyncPolicy {
        void ExecuteAsync(int attempt);
    }
}
''',
    "src/Polly/PolicyBase.cs": '''
namespace Polly {
    public abstract class PolicyBase {
        public void Describe() { }
    }
    public class RetryPolicy : PolicyBase, IPolicyWrap { }
    public interface IPolicyWrap { }
}
''',
    "src/Polly/RetrySyntax.cs": '''
namespace Polly {
    public static class RetrySyntax {
        public static RetryPolicy Retry(this PolicyBuilder policyBuilder) { return new RetryPolicy(); }
        public static RetryPolicy Retry(this PolicyBuilder policyBuilder, int retryCount) { return null; }
        public static RetryPolicy Retry<TResult>(this PolicyBuilder<TResult> policyBuilder, int retryCount)
            { return null; }
    }
    public static class UseSyntax {
        public static TBuilder Use<TBuilder>(this TBuilder builder, int n) where TBuilder : PolicyBase
            { return builder; }
        public static RetryPolicy Use(this RetryPolicy policy, int n) { return policy; }
    }
    public static class WrapSyntax {
        public static int Depth(this IPolicyWrap wrap) { return 1; }
        public static int Depth<TPolicy>(this IPolicyWrap wrap) { return 2; }
    }
    public static class ListSyntax {
        public static int Fill<T>(this IList<T> list, T value) { return 0; }
    }
    public sealed class PolicyBuilder { }
    public sealed class PolicyBuilder<TResult> { }
    public partial class Policy {
        public static PolicyBuilder Handle<TException>() { return new PolicyBuilder(); }
    }
    public class Backoff {
        public void Retry() { }
        public void OnRetry(Action<int> onRetry) { }
        public void OnRetry(Action<int, Context> onRetry) { }
        public void OnRetry(TimeSpan delay) { }
        public void Run(Action action) { }
        public int Run(Func<int> action) { return action(); }
        public Task RunAsync(Func<CancellationToken, Task> action, CancellationToken token) { return null; }
        public Task<TResult> RunAsync<TResult>(Func<CancellationToken, Task<TResult>> action, CancellationToken token)
            { return null; }
    }
}
''',
    "src/Polly/Other.cs": '''
namespace Polly {
    public class Describer { public void Describe() { } }
    public class Recorder { public void Add(int item) { } public int Get() => 2; }
    public sealed class ContextPool {
        public static ContextPool Shared { get; } = new ContextPool();
        public int Get() => 1;
    }
}
''',
    "test/Specs.cs": '''
using Polly;
using Polly.Registry;

namespace Specs {
    public class Specs {
        private readonly PolicyRegistry _registry = new PolicyRegistry();
        public IAsyncPolicy<int> Pipeline { get; set; }

        public void Run(IAsyncPolicy<int> outerPolicy, PolicyBuilder builder, object o) {
            outerPolicy.ExecuteAsync(1);
            _registry.TryGet("a");
            this._registry.Clear();
            Pipeline.ExecuteAsync(2);
            var policy = new RetryPolicy();
            policy.Describe();
            policy.Use(1);
            builder.Retry();
            builder.Retry(3);
            policy.Depth();
            policy.Depth<RetryPolicy>();
            if (o is CacheRegistry cache) { cache.TryGet("b"); }
            ((PolicyRegistry)o).Clear();
            var items = new List<int>();
            items.Add(3);
            items.Fill(4);
            ContextPool.Shared.Get();
            Policy.Handle<System.Exception>().Retry().Describe();
            new Backoff().OnRetry((attempt, context) => { });
            Action<int, Context> onRetry = (attempt, context) => { };
            new Backoff().OnRetry(onRetry);
            new Backoff().Run(() => { onRetry(1, null); });
            new Backoff().RunAsync(async token => { await Task.Delay(1, token); }, default);
        }
    }
}
''',
}


def _overload(qualified: str, written: str) -> str:
    """The id of RetrySyntax.cs's overload whose line holds `written` (a later overload's id carries its line, from 0;
    the first one's none)."""
    lines = FILES["src/Polly/RetrySyntax.cs"].splitlines()
    line = next(number for number, text in enumerate(lines) if written in text)
    name = qualified.rpartition(".")[2]
    first = not any(f" {name}(" in text or f" {name}<" in text for text in lines[:line])
    return f"src/Polly/RetrySyntax.cs:{qualified}" + ("" if first else f"@{line}")


def _calls(db: Path, project_id: str = "p") -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for target, resolution, uses in query(db, """SELECT e.target_id, r.resolution, r.uses FROM code_edges AS e
                                                   JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                                                  WHERE e.source_id = ? AND e.edge_type = 'CALLS'""",
                                          (f"{project_id}:test/Specs.cs:Specs.Run",)):
        found.setdefault(target.split(":", 1)[1], set()).add((resolution, uses))
    return found


async def test_a_call_on_a_declared_value_reaches_its_types_member(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
    calls = _calls(db)
    # A parameter and a property of a generic interface: its member, of its arity, sure.
    assert {resolution for resolution, _uses in calls["src/Polly/IAsyncPolicy.cs:IAsyncPolicy.ExecuteAsync"]} == {
        "MEMBER"}
    assert "src/Polly/IAsyncPolicy.cs:IAsyncPolicy.ExecuteAsync@6" not in calls
    # A field (also written `this._registry`) and a cast: PolicyRegistry's, not CacheRegistry's namesakes.
    assert {resolution for resolution, _uses in calls["src/Polly/PolicyRegistry.cs:PolicyRegistry.TryGet"]} == {
        "MEMBER"}
    assert {resolution for resolution, _uses in calls["src/Polly/PolicyRegistry.cs:PolicyRegistry.Clear"]} == {
        "MEMBER"}
    assert "src/Polly/Caching/CacheRegistry.cs:CacheRegistry.Clear" not in calls
    # A pattern variable `o is CacheRegistry cache`: CacheRegistry's.
    assert {resolution for resolution, _uses in calls["src/Polly/Caching/CacheRegistry.cs:CacheRegistry.TryGet"]} == {
        "MEMBER"}
    # A local made by `new`: the member its class inherits, not Describer's of the name.
    assert {resolution for resolution, _uses in calls["src/Polly/PolicyBase.cs:PolicyBase.Describe"]} == {"MEMBER"}
    assert "src/Polly/Other.cs:Describer.Describe" not in calls
    # Extension methods written for the type, and for an interface its class implements; an extension's `this` is the
    # receiver, not an argument (`builder.Retry(3)` is no `Retry(this PolicyBuilder)`), and of the same class's
    # overloads, only those written for the receiver's type (not `PolicyBuilder<TResult>`'s).
    assert [(target, uses) for target, found in calls.items() if ".Retry" in target
            for _resolution, uses in found] == [
        ("src/Polly/RetrySyntax.cs:RetrySyntax.Retry",
         '{":PolicyBuilder\\t()":"MEMBER","^=Policy|Handle`1\\t()":"MEMBER"}'),
        (_overload("RetrySyntax.Retry", "policyBuilder, int retryCount"), '{":PolicyBuilder\\t(int)":"MEMBER"}')]
    assert {resolution for resolution, _uses in calls["src/Polly/RetrySyntax.cs:WrapSyntax.Depth"]} == {"MEMBER"}
    # (a call writing one type argument reaches the overload declaring one type parameter, the other none)
    assert [(target, uses) for target, found in calls.items() if ".Depth" in target for _resolution, uses in found] == [
        ("src/Polly/RetrySyntax.cs:WrapSyntax.Depth", '{":RetryPolicy\\t()":"MEMBER"}'),
        (_overload("WrapSyntax.Depth", "Depth<TPolicy>"), '{":RetryPolicy\\t`1()":"MEMBER"}')]
    # A library's List<int>: its own `Add` is no project method of the name; an extension of a library interface it
    # may implement is reached by name.
    assert "src/Polly/Other.cs:Recorder.Add" not in calls
    assert {resolution for resolution, _uses in calls["src/Polly/RetrySyntax.cs:ListSyntax.Fill"]} == {"NAME"}
    # A chain of calls, typed by what each method returns: `Policy.Handle<E>()` a PolicyBuilder, its extension
    # `Retry()` a RetryPolicy, whose base declares `Describe`.
    assert {resolution for resolution, _uses in calls["src/Polly/RetrySyntax.cs:Policy.Handle"]} == {"MEMBER"}
    assert "src/Polly/RetrySyntax.cs:Backoff.Retry" not in calls
    assert {uses for _resolution, uses in calls["src/Polly/PolicyBase.cs:PolicyBase.Describe"]} == {
        '{":RetryPolicy\\t()":"MEMBER","^=Policy|Handle`1|Retry\\t()":"MEMBER"}'}
    # Of extensions written for the type and for any type a constraint allows, the one for the type, as C# prefers.
    assert [target for target in calls if ".Use" in target] == [_overload("UseSyntax.Use", "this RetryPolicy policy")]
    # A lambda of two parameters, or a local declared `Action<int, Context>`, is passed as an `Action<int, Context>`,
    # not an `Action<int>` nor a TimeSpan.
    assert [(target, uses) for target, found in calls.items() if "OnRetry" in target
            for _resolution, uses in found] == [
        (_overload("Backoff.OnRetry", "Action<int, Context>"),
         '{":Backoff\\t(=>2v)":"MEMBER",":Backoff\\t(Action`2)":"MEMBER"}')]
    # A block lambda that returns no value is an `Action`, never a `Func<int>`; an async one a `Func<CancellationToken,
    # Task>`, never a `Func<CancellationToken, Task<TResult>>`.
    assert [target for target in calls if ".Run" in target] == [_overload("Backoff.Run", "Run(Action action)"),
                                                                 _overload("Backoff.RunAsync", "Task RunAsync(")]
    # A class's static property written with it: the member of the property's type.
    assert {resolution for resolution, _uses in calls["src/Polly/Other.cs:ContextPool.Get"]} == {"MEMBER"}
    assert "src/Polly/Other.cs:Recorder.Get" not in calls


LOCALS_FROM_CALLS = {
    "src/Lib/Pipelines.cs": '''
namespace Lib {
    public class Builder {
        public Builder AddRetry() { return this; }
        public Pipeline Build() { return new Pipeline(); }
    }
    public class Pipeline { public void Execute() { } }
    public class Other {
        public Other AddRetry() { return this; }
        public void Execute() { }
    }
    public static class Factory {
        public static Builder Create() { return new Builder(); }
        public static Other Make(int size) { return null; }
        public static Pipeline Make<T>(int size) { return null; }
    }
    public static class BuilderExtensions {
        public static TBuilder AddTimeout<TBuilder>(this TBuilder builder, int seconds) where TBuilder : Builder
            { return builder; }
    }
    public class Result { public static Result Fail(string message) { return null; } }
    public static class Results { public static Result<T> Fail<T>(string message) { return null; } }
    public class Result<T> { }
    public static class ResultExtensions {
        public static ResultAssertions Should(this Result result) { return null; }
        public static ResultAssertions<T> Should<T>(this Result<T> result) { return null; }
    }
}
''',
    "src/Lib/ResultAssertions.cs": '''
namespace Lib {
    public class ResultAssertions {
        public void BeFailure() { }
    }
    public class ResultAssertions<T> {
        public void BeFailure() { }
    }
}
''',
    "test/Specs.cs": '''
using Lib;

namespace Specs {
    public class Specs {
        private Builder MakeBuilder() { return Factory.Create(); }
        private Result Failed(string message) { return null; }
        private Result<T> Failed<T>(T value) { return null; }

        public void Run() {
            var builder = Factory.Create();
            var pipeline = builder.AddRetry().Build();
            pipeline.Execute();
            var own = MakeBuilder();
            own.AddRetry();
            var assertions = Failed("no").Should();
            assertions.BeFailure();
            var loop = loop.Next();
            loop.Execute();
            Factory.Create().AddTimeout(3).Build();
            var made = Factory.Make<int>(1);
            made.Execute();
        }
    }
}
''',
}


async def test_a_call_on_a_local_a_call_made_reaches_the_member_of_what_it_returns(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, LOCALS_FROM_CALLS, "p") as service:
        db = service.store.path
    calls = _calls(db)
    # `var pipeline = builder.AddRetry().Build();` after `var builder = Factory.Create();`: a Pipeline, typed by what
    # each method returns, as the chain written out would be; `var own = MakeBuilder();`, the class's own method's.
    assert calls["src/Lib/Pipelines.cs:Pipeline.Execute"] == {("MEMBER", '{"^=Factory|Create|AddRetry|Build\\t()":'
                                                                         '"MEMBER","^=Factory|Make`1\\t()":"MEMBER"}')}
    assert {uses for _resolution, uses in calls["src/Lib/Pipelines.cs:Builder.AddRetry"]} == {
        '{"^=Factory|Create\\t()":"MEMBER","^self|MakeBuilder\\t()":"MEMBER"}'}
    assert "src/Lib/Pipelines.cs:Other.AddRetry" not in calls
    # An extension that returns the builder it extends (`TBuilder AddTimeout<TBuilder>(this TBuilder b)`) returns the
    # Builder it is called on; `Factory.Make<int>(1)` is the overload with one type parameter, which returns a Pipeline.
    assert calls["src/Lib/Pipelines.cs:Builder.Build"] == {
        ("MEMBER", '{"^=Factory|Create|AddRetry\\t()":"MEMBER","^=Factory|Create|AddTimeout\\t()":"MEMBER"}')}
    assert "src/Lib/Pipelines.cs:Other.Execute" not in calls
    # `Failed("no")` returns a Result or a Result<string> by the overload its argument picks: what it returns is not
    # known here, nor so which ResultAssertions `assertions` is, and both BeFailure are reached (unsure), not the
    # first alone.
    assert {(target, resolution) for target, found in calls.items() if "BeFailure" in target
            for resolution, _uses in found} == {("src/Lib/ResultAssertions.cs:ResultAssertions.BeFailure", "NAME"),
                                                ("src/Lib/ResultAssertions.cs:ResultAssertions.BeFailure@6", "NAME")}
    # (`var loop = loop.Next();`, no C#, is read without end: a call on it is one nobody typed, no sure edge)
    assert not [uses for found in calls.values() for _resolution, uses in found if "?" in uses and "MEMBER" in uses]


AWAITED_LOCALS = {
    "src/Shop/Baskets.cs": '''
using System.Threading.Tasks;

namespace Shop {
    public class Basket { public void AddItem(int id) { } }
    public class Order { public void AddItem(int id) { } public void Ship() { } }
    public interface IBasketService {
        Task<Basket> GetBasketAsync(int id);
        ValueTask<Shop.Order?> FindOrderAsync(int id);
        Task SaveAsync(Basket basket);
        Task<T> LoadAsync<T>(int id);
    }
    public static class Baskets {
        public static async Task<Basket> CreateAsync() { return new Basket(); }
    }
}
''',
    "test/Specs.cs": '''
using Shop;

namespace Specs {
    public class Specs {
        private readonly IBasketService _service;

        public async Task Run() {
            var basket = await _service.GetBasketAsync(1);
            basket.AddItem(2);
            var order = await _service.FindOrderAsync(3).ConfigureAwait(false);
            order.Ship();
            (await Baskets.CreateAsync()).AddItem(4);
            var loaded = await _service.LoadAsync<Order>(5);
            loaded.AddItem(6);
            var task = _service.GetBasketAsync(7);
            var awaited = await task;
            awaited.AddItem(8);
        }
    }
}
''',
}


async def test_a_call_on_a_local_an_awaited_call_gave_reaches_the_member_of_what_its_task_holds(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, AWAITED_LOCALS, "p") as service:
        db = service.store.path
    calls = _calls(db)
    # `var basket = await _service.GetBasketAsync(1);`: the Basket its Task<Basket> holds, not the Order's namesake;
    # a ValueTask<Order?> awaited with `.ConfigureAwait(false)`, an Order; a call on an awaited call in parentheses.
    assert calls["src/Shop/Baskets.cs:Basket.AddItem"] == {
        ("MEMBER", '{"^:IBasketService|~GetBasketAsync\\t(int)":"MEMBER","^=Baskets|~CreateAsync\\t(int)":"MEMBER"}')}
    assert calls["src/Shop/Baskets.cs:Order.Ship"] == {("MEMBER", '{"^:IBasketService|~FindOrderAsync\\t()":"MEMBER"}')}
    # A Task<T> of the method's type parameter, and a local awaiting a task another local holds: not known here, and
    # of two classes' AddItem neither is chosen (as for any receiver nobody typed).
    assert "src/Shop/Baskets.cs:Order.AddItem" not in calls


ARGUMENT_KINDS = {
    "src/Lib/Policies.cs": '''
using System;
using System.Threading;

namespace Lib {
    public enum Outcome { Fault, Good = 2 }
    public static class TestCancellation { public static CancellationToken Token => CancellationToken.None; }
    public static class Checks {
        public static readonly Outcome Usual = Outcome.Good;
        public static bool IsFault(Outcome outcome) { return outcome == Outcome.Fault; }
    }
    public static class Policy {
        public static int HandleResult<TResult>(Func<TResult, bool> predicate) { return 1; }
        public static int HandleResult<TResult>(TResult result) { return 2; }
        public static int Get(CancellationToken token = default) { return 3; }
        public static int Get(string key, CancellationToken token = default) { return 4; }
        public static int Get(bool captured, CancellationToken token = default) { return 5; }
        public static int Wait(TimeSpan timeout) { return 6; }
        public static int Wait(int seconds) { return 7; }
    }
}
''',
    "test/Specs.cs": '''
using Lib;

namespace Specs {
    public class Specs {
        public void Run() {
            Policy.HandleResult(0);
            Policy.HandleResult(Outcome.Fault);
            Policy.HandleResult(Checks.Usual);
            Policy.HandleResult<Outcome>(Checks.IsFault);
            Policy.Get(TestCancellation.Token);
            Policy.Wait(5);
        }
    }
}
''',
}


async def test_a_csharp_argument_a_delegate_cannot_hold_reaches_no_overload_taking_one(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, ARGUMENT_KINDS, "p") as service:
        db = service.store.path
    calls = _calls(db)
    handle_predicate = "src/Lib/Policies.cs:Policy.HandleResult"
    handle_value = "src/Lib/Policies.cs:Policy.HandleResult@13"
    # A number, an enum's value and a static field of the enum's type are no `Func<TResult, bool>`; a method group
    # written with its class (`Checks.IsFault`) is one, and no value.
    assert [json.loads(uses) for _resolution, uses in calls[handle_value]] == [
        {"=Policy\t(int)": "MEMBER", "=Policy\t(=Outcome.Fault)": "MEMBER", "=Policy\t(=Checks.Usual)": "MEMBER"}]
    assert [json.loads(uses) for _resolution, uses in calls[handle_predicate]] == [
        {"=Policy\t`1(=Checks.IsFault)": "MEMBER"}]
    # A static property declared `CancellationToken` is passed as one: no `string` nor `bool`.
    assert [target for target in calls if target.startswith("src/Lib/Policies.cs:Policy.Get")] == [
        "src/Lib/Policies.cs:Policy.Get"]
    # A number is no TimeSpan (nor any .NET type a number never converts to).
    assert [target for target in calls if target.startswith("src/Lib/Policies.cs:Policy.Wait")] == [
        "src/Lib/Policies.cs:Policy.Wait@18"]


def test_the_type_an_extension_method_extends() -> None:
    assert extended_type("public static RetryPolicy Retry(this PolicyBuilder policyBuilder, int count)") == \
        "PolicyBuilder"
    assert extended_type("public static RetryPolicy<T> Retry<T>(this PolicyBuilder<T> policyBuilder)") == \
        "PolicyBuilder`1"
    assert extended_type("public static void M(this Dictionary<string, List<int>> d)") == "Dictionary`2"
    # written for a type parameter: its constraint, else any object
    assert extended_type("public static TBuilder AddPipeline<TBuilder>(this TBuilder builder) where TBuilder : "
                         "ResiliencePipelineBuilderBase") == "ResiliencePipelineBuilderBase"
    assert extended_type("public static Foo<X> Bar<T>(this T b)") == "object"
    assert extended_type("public static void M(int x)") is None
    # an explicit implementation of an interface's method is reached only through the interface
    # an extension that returns the value it extends, as the type it is called on
    assert returns_receiver("public static TBuilder AddTimeout<TBuilder>(this TBuilder builder, TimeSpan timeout) "
                            "where TBuilder : ResiliencePipelineBuilderBase", "AddTimeout")
    assert not returns_receiver("public static TResult Get<TResult>(this Cache<TResult> cache)", "Get")
    assert not returns_receiver("public static Builder Add(this Builder builder)", "Add")
    assert explicit_implementation("IAsyncPolicy<TResult> IAsyncPolicy<TResult>.WithPolicyKey(string key)",
                                   "WithPolicyKey")
    assert not explicit_implementation("public AsyncPolicy WithPolicyKey(string policyKey)", "WithPolicyKey")


def test_the_type_awaiting_a_methods_result_gives() -> None:
    assert awaited_type("public async Task<Basket> GetBasketAsync(int id)", "GetBasketAsync") == "Basket"
    assert awaited_type("ValueTask<Shop.Order?> FindAsync(int id);", "FindAsync") == "Order"
    assert awaited_type("public Task<IReadOnlyList<CatalogItem>> ListAsync(Spec spec)", "ListAsync") == \
        "IReadOnlyList`1"
    assert awaited_type("public Task SaveAsync(Basket basket)", "SaveAsync") is None
    assert awaited_type("public Task<T> LoadAsync<T>(int id)", "LoadAsync") is None
    assert awaited_type("public Task<TEntity?> FirstAsync(Spec spec)", "FirstAsync") is None
    assert awaited_type("public Task<Item[]> AllAsync()", "AllAsync") is None
    assert awaited_type("public Basket Get(int id)", "Get") is None


def test_the_type_a_property_or_field_is_declared_with() -> None:
    assert held_type("public static ResilienceContextPool Shared { get; } = new SharedPool();", "Shared") == \
        "ResilienceContextPool"
    assert held_type("public static readonly ResiliencePipeline<T> Empty = new(PipelineComponent.Empty);", "Empty") == \
        "ResiliencePipeline`1"
    assert held_type("public Dictionary<string, List<int>>? Map => map;", "Map") == "Dictionary`2"
    assert held_type("public static Polly.Core.Pool Bar { get; }", "Bar") == "Pool"
    assert held_type("public void Bar() { }", "Bar") is None


async def test_an_index_made_before_migration_91_parses_csharp_again(tmp_path: Path) -> None:
    files = {**FILES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 91)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "test/Specs.cs", "tools/build.py", "declared with")


async def test_an_index_made_before_migration_93_parses_csharp_again(tmp_path: Path) -> None:
    files = {**LOCALS_FROM_CALLS, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 93)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "test/Specs.cs", "tools/build.py", "local a call")
    assert _calls(db, "mixed")["src/Lib/Pipelines.cs:Pipeline.Execute"] == {
        ("MEMBER", '{"^=Factory|Create|AddRetry|Build\\t()":"MEMBER","^=Factory|Make`1\\t()":"MEMBER"}')}


async def test_an_index_made_before_migration_94_parses_csharp_again(tmp_path: Path) -> None:
    files = {**AWAITED_LOCALS, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 94)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "test/Specs.cs", "tools/build.py", "awaited call")
    assert _calls(db, "mixed")["src/Shop/Baskets.cs:Order.Ship"] == {
        ("MEMBER", '{"^:IBasketService|~FindOrderAsync\\t()":"MEMBER"}')}
