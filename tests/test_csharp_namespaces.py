"""C#'s namespaces (csharp_namespaces.py), as the eShopOnWeb audit found them: the folders write no root namespace
(src/ApplicationCore/Entities/ declares `Microsoft.eShopWeb.ApplicationCore.Entities`), so 217 `using`s reached no
file and their types were guesses; a test class named for the class it tests took `new
eShopWeb.ApplicationCore.Specifications.X(..)` for itself; and a type of the caller's own namespace lost to a namesake
of another namespace; and a target-typed `new(..)` (`new List<CatalogBrand> { new("Azure"), .. }`, 23 of its call sites)
was no reference at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, query, resolved_edges,
                       update_after_reparse_migration)

pytestmark = pytest.mark.anyio

FILES = {
    "src/ApplicationCore/Entities/CatalogItem.cs": '''
namespace Microsoft.eShopWeb.ApplicationCore.Entities
{
    public class CatalogItem
    {
        public CatalogItem(string name) { }
        public void UpdateDetails(string name) { }

        public readonly record struct CatalogItemDetails(string Name);
    }
}
''',
    "src/ApplicationCore/Specifications/CatalogFilterSpecification.cs": '''
using Microsoft.eShopWeb.ApplicationCore.Entities;

namespace Microsoft.eShopWeb.ApplicationCore.Specifications;

public class CatalogFilterSpecification : Specification
{
    public CatalogFilterSpecification(int? brandId) { }
    public bool IsSatisfiedBy(CatalogItem item) { return true; }
}
''',
    "src/ApplicationCore/Specification.cs": '''
namespace Microsoft.eShopWeb.ApplicationCore;

public abstract class Specification { }
''',
    "src/Web/Services/CatalogService.cs": '''
using Microsoft.eShopWeb.ApplicationCore.Entities;
using Microsoft.eShopWeb.ApplicationCore.Specifications;

namespace Microsoft.eShopWeb.Web.Services;

public class CatalogService
{
    public void Run()
    {
        var spec = new CatalogFilterSpecification(1);
        var item = new CatalogItem("a");
        var details = new CatalogItem.CatalogItemDetails("b");
        var response = new DeleteResponse();
    }
}
''',
    "src/Web/Services/CatalogService.DeleteResponse.cs": '''
namespace Microsoft.eShopWeb.Web.Services
{
    public class DeleteResponse { }
}
''',
    "src/BlazorShared/Models/DeleteResponse.cs": '''
namespace BlazorShared.Models
{
    public class DeleteResponse { }
}
''',
    "tests/UnitTests/Specifications/CatalogFilterSpecification.cs": '''
namespace Microsoft.eShopWeb.UnitTests.ApplicationCore.Specifications;

public class CatalogFilterSpecification
{
    public void MatchesExpectedNumberOfItems()
    {
        var spec = new eShopWeb.ApplicationCore.Specifications.CatalogFilterSpecification(1);
    }
}
''',
}


async def test_usings_and_types_are_found_by_the_namespaces_files_declare(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
    edges = resolved_edges(db)
    run = {(target, how) for source, kind, target, how in edges if source == "CatalogService.Run"}
    # A `using` reaches the files declaring its namespace, though no folder is named for its first parts.
    assert ("src/ApplicationCore/Specifications/CatalogFilterSpecification.cs:CatalogFilterSpecification",
            "IMPORT") in run
    assert ("src/ApplicationCore/Entities/CatalogItem.cs:CatalogItem", "IMPORT") in run
    assert ("src/Web/Services/CatalogService.cs", "IMPORTS",
            "src/ApplicationCore/Entities/CatalogItem.cs", "IMPORT") in edges
    # A type of the caller's own namespace, in another file, before its namesake elsewhere.
    assert ("src/Web/Services/CatalogService.DeleteResponse.cs:DeleteResponse", "IMPORT") in run
    assert not any("BlazorShared" in target for target, _how in run)
    # A type written in a class.
    assert ("src/ApplicationCore/Entities/CatalogItem.cs:CatalogItem.CatalogItemDetails", "MEMBER") in run
    # A base of a namespace around the file's own, with no `using`.
    assert ("CatalogFilterSpecification", "INHERITS", "src/ApplicationCore/Specification.cs:Specification",
            "IMPORT") in edges
    # Written with its namespace: that namespace's class, not the test class of the name around the call.
    assert {(target, how) for source, kind, target, how in edges
            if source == "CatalogFilterSpecification.MatchesExpectedNumberOfItems"} == {
        ("src/ApplicationCore/Specifications/CatalogFilterSpecification.cs:CatalogFilterSpecification", "MEMBER")}


async def test_the_link_reads_namespaces_from_the_index_not_the_folder(tmp_path: Path) -> None:
    """Each file's namespaces are kept at parse, as its module node's signature: a link run when the project's folder
    is gone (moved after indexing, and a migration asks for a link) finds the same types, and reads no file head."""
    from coderag_mcp.graph import link

    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
        before = resolved_edges(db)
        assert query(db, "SELECT signature FROM code_nodes WHERE id = 'p:src/Web/Services/CatalogService.cs'") == [
            ("namespace Microsoft.eShopWeb.Web.Services",)]
        assert query(db, "SELECT signature FROM code_nodes WHERE id = 'p:src/ApplicationCore/Entities/CatalogItem.cs'"
                     ) == [("namespace Microsoft.eShopWeb.ApplicationCore.Entities",)]
        (tmp_path / "repo").rename(tmp_path / "moved")
        async with service.store.transaction() as writer:
            await writer.execute("UPDATE coderag_files SET linked = 0")
        assert await link(service.store, "p", root=str(tmp_path / "repo")) == len(FILES)
    assert ("src/ApplicationCore/Specifications/CatalogFilterSpecification.cs:CatalogFilterSpecification", "IMPORT") in {
        (target, how) for source, kind, target, how in before if source == "CatalogService.Run"}
    assert resolved_edges(db) == before


async def test_an_index_made_before_migration_101_parses_csharp_again(tmp_path: Path) -> None:
    files = {**FILES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 101)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Web/Services/CatalogService.cs", "tools/build.py",
                                             "C# usings")


TARGET_TYPED = {
    "Seed.cs": '''using System.Collections.Generic;

namespace Shop
{
    public class CatalogBrand
    {
        public CatalogBrand(string name) { }
    }

    public class CatalogItem
    {
        public CatalogItem(int id, string name) { }

        public record struct Details(string Name);
    }

    public class Seed
    {
        private readonly CatalogBrand _default = new("x");

        public List<CatalogBrand> Brands()
        {
            return new List<CatalogBrand>
            {
                new("Azure"),
                new("Other"),
            };
        }

        public void Items()
        {
            CatalogItem item = new(1, "a");
            CatalogItem.Details details = new("d");
            var items = new CatalogItem[] { new(2, "b") };
        }
    }
}
''',
}


async def test_a_target_typed_new_makes_its_target_type(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, TARGET_TYPED, "p") as service:
        db = service.store.path
        uses = await service.find_references("p", "CatalogBrand")
    assert {(source, target, how) for source, kind, target, how in resolved_edges(db) if kind == "CALLS"} == {
        ("Seed", "Seed.cs:CatalogBrand", "LOCAL"), ("Seed.Brands", "Seed.cs:CatalogBrand", "LOCAL"),
        ("Seed.Items", "Seed.cs:CatalogItem", "LOCAL"), ("Seed.Items", "Seed.cs:CatalogItem.Details", "MEMBER")}
    # Each at the line it is written on, not its collection's.
    assert sorted(use.line for use in uses.references if use.kind == "CALLS") == [19, 25, 26]
