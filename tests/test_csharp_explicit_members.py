"""A C# call on a value of a class never reaches an explicit implementation of an interface's method its base declares
(`string IValidator.Validate(IValidationContext context)`): only a value of the interface's type reaches that.
FluentValidation's 407 calls of `validator.Validate(x)` on its validators, subclasses of `AbstractValidator<T>`,
reached the explicit `IValidator.Validate` and not `Validate(T instance)` (an agent's audit, the sixty-eighth session);
the class's own explicit implementations were already left out.

And a value of one of the project's types is passed only as a parameter of a type it is (itself, a base, an interface
it implements): `Validate(new Person())` took `Validate(ValidationContext<T> context)` as well, an override of that one
hid `Validate(T)` its base declares, and `SetValidator(new PersonValidator())` reached `SetValidator(IPropertyValidator
..)` rather than `SetValidator(IValidator<T> validator, params string[] ruleSets)`."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_relink_migration

pytestmark = pytest.mark.anyio

VALIDATORS = {
    "Validators.cs": '''
namespace Rep;

public class Person { }
public interface IValidationContext { }

public interface IValidator { string Validate(IValidationContext context); }
public interface IValidator<T> : IValidator { string Validate(T instance); }

public abstract class AbstractValidator<T> : IValidator<T> {
    string IValidator.Validate(IValidationContext context) => "explicit";
    public string Validate(T instance) => "instance";
    public virtual string Validate(ValidationContext<T> context) => "context";
}

public class ValidationContext<T> : IValidationContext { }
public class PersonValidator : AbstractValidator<Person> { }

public class TrackingValidator<T> : AbstractValidator<T> {
    public override string Validate(ValidationContext<T> context) => "tracked";
}

public interface IPropertyValidator<T> { }
public interface IRuleBuilder<T> {
    void SetValidator(IPropertyValidator<T> validator);
    void SetValidator(IValidator<T> validator, params string[] ruleSets);
}
''',
    "Caller.cs": '''
namespace Rep;

public class Caller {
    public string ByClass() {
        var validator = new PersonValidator();
        return validator.Validate(new Person());
    }

    public string ByInterface(IValidator validator, IValidationContext context) {
        return validator.Validate(context);
    }

    public string OnOverride() {
        var validator = new TrackingValidator<Person>();
        return validator.Validate(new Person());
    }

    public void Rules(IRuleBuilder<Person> rules) {
        rules.SetValidator(new PersonValidator());
    }
}
''',
}


def calls_of(db: Path, project: str, name: str) -> list[tuple[object, ...]]:
    return query(db, f"""SELECT substr(e.source_id, {len(project) + 2}), substr(e.target_id, {len(project) + 2})
                           FROM code_edges AS e WHERE e.edge_type = 'CALLS' AND e.target_id LIKE '%.{name}%'
                          ORDER BY 1, 2""")


async def test_a_call_on_a_class_reaches_the_overloads_that_take_what_it_passes(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, VALIDATORS, "p") as service:
        db = service.store.path
    calls = calls_of(db, "p", "Validate")
    assert [target for source, target in calls if source == "Caller.cs:Caller.ByClass"] == [
        "Validators.cs:AbstractValidator.Validate@11"]
    assert ("Caller.cs:Caller.ByInterface", "Validators.cs:IValidator.Validate") in calls
    assert [target for source, target in calls if source == "Caller.cs:Caller.OnOverride"] == [
        "Validators.cs:AbstractValidator.Validate@11"]
    assert calls_of(db, "p", "SetValidator") == [
        ("Caller.cs:Caller.Rules", "Validators.cs:IRuleBuilder.SetValidator@25")]


async def test_an_index_made_before_migration_124_links_csharp_again(tmp_path: Path) -> None:
    files = {**VALIDATORS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 124)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "mixed", "Caller.cs", "tool.sh", "explicit implementation")
    assert ("Caller.cs:Caller.ByClass", "Validators.cs:AbstractValidator.Validate@11") in calls_of(db, "mixed",
                                                                                                 "Validate")


NAMESAKES = {
    "src/Options.cs": '''
namespace Rep;

public class BaseOptions { }
public interface IOther { }

public class Builder {
    public void Use(BaseOptions options) { }
    public void Use(IOther other) { }
    public void Wrap(IOther other) { }
    public static void Wrap(params IOther[] others) { }
}
''',
    "a/First.cs": '''
namespace Rep.First;

public class Opts : IOther { }

public class First {
    public void Run(Builder builder, IOther other) {
        builder.Use(new Opts());
        builder.Wrap(other);
    }
}
''',
    "z/Second.cs": '''
namespace Rep.Second;

public class Opts : BaseOptions { }

public class Second {
    public void Run(Builder builder) {
        builder.Use(new Opts());
    }
}
''',
}


async def test_a_project_type_is_told_by_every_class_of_its_name_and_a_value_reaches_no_static_method(
        tmp_path: Path) -> None:
    # Polly's two test classes `TestOptions`, one a `ResilienceStrategyOptions`: the first version asked the class of
    # the name nearest to the first call the link read, for every call after it; and `policy.Wrap(other)` on a value
    # reached the static `Wrap(params ISyncPolicy[])` beside the instance's `Wrap`.
    async with indexed_project(tmp_path, NAMESAKES, "p") as service:
        db = service.store.path
    uses = calls_of(db, "p", "Use")
    assert ("z/Second.cs:Second.Run", "src/Options.cs:Builder.Use") in uses
    assert ("a/First.cs:First.Run", "src/Options.cs:Builder.Use@8") in uses
    assert [target for source, target in calls_of(db, "p", "Wrap")] == ["src/Options.cs:Builder.Wrap"]
