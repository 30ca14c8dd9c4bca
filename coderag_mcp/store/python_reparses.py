"""The migrations that have the next update parse Python files again, each for what a change of the parser reads
differently in them (the other languages' are selected_reparses.py's, the list of migrations migrations.py's)."""

from __future__ import annotations

from .reparse_migrations import reparse, reparse_files
from .selected_reparses import reparse_chunks_holding


# Python's `@overload` stubs are their implementation's lines (definition_text.take_overloads): each was a definition
# of its own, and a call of lark's `Lark.open` or click's `@click.command` reached every stub (click: 3,131 edges).
REPARSE_PYTHON_OVERLOADS = reparse_chunks_holding("python", ("%@%overload%",),
                                                  "Python overload stubs are their implementation in this version: "
                                                  "run update_index to parse the Python files that hold one again.")

# The classes `isinstance` and `issubclass` test for are uses of them whatever their case (queries/python.scm):
# dateutil's `isinstance(other, tzlocal)` was none. And a pytest mark (`@pytest.mark.gettz`) is no use of a project's
# `gettz` (dateutil's 37 were listed as such). Python files holding either.
REPARSE_PYTHON_INSTANCE_TESTS = reparse_chunks_holding(
    "python", ("%isinstance(%", "%issubclass(%", "%pytest.mark.%"),
    "Classes tested by isinstance are uses of them, and pytest marks are not, in this version: run update_index to "
    "parse the Python files holding either again.")

# A Python value given or made (`self.console = console or get_console()`, `x = make() if given is None else given`)
# holds what the call returns (queries/python.scm): rich's `self.console.print(..)` calls were guesses.
REPARSE_PYTHON_GIVEN_OR_MADE = reparse_chunks_holding(
    "python", ("% or %(%", "% if % else %(%"), "Values given or made by a call are typed in this version: run "
                                               "update_index to parse the Python files holding one again.")

# A Python call on what a call returns (`env.from_string(src).render()`, `tmpl = env.get_template(name)`), on what a
# function without a return annotation returns (its `return` statements, python_qualifiers.RETURNED) and on a test's
# parameter a pytest fixture gives (`def test_x(env)`: what the fixture returns or yields) reaches that class's method
# since this version (python_chains.py): jinja's sure call sites 2,371 -> 3,320, flask's 1,175 -> 1,613.
REPARSE_PYTHON_CHAINS_AND_FIXTURES = reparse(
    ("python",), "Python calls on what a call returns and on a fixture a test takes reach the method of that class in "
                 "this version: run update_index to parse the Python files again.")

# A Python class whose base is a generic subscripted (`class Prompt(PromptBase[str])`, `class Stack(List[T])`) inherits
# from it since this version: rich's `Prompt.ask(..)` reached no `PromptBase.ask`. And a call on `self` of a method no
# project class along its MRO defines, where a base is known to be outside the project (`class _TrackThread(Thread)`'s
# `self.start()`), is no longer guessed to be a project method of the name (python_lookups.bases); nor is a call on a
# value of the language's own (`self._spans: List[Span]`, `"|".join(..)`, `re.compile(..).match(..)`:
# python_builtin_values.py): rich's weak call sites 375 -> 205. A local alias called (`_Segment = Segment`,
# `get_style = console.get_style`) reaches what it names (python_qualifiers.ALIAS_CALL).
REPARSE_PYTHON_GENERIC_BASES = reparse(
    ("python",), "A Python class deriving from a subscripted generic base inherits its methods, a local alias called "
                 "reaches what it names, and a method of a base from outside the project, or of a value of the "
                 "language (a list, a string, a file), is no guess, in this version: run update_index to parse the "
                 "Python files again.")

# A Python call of an instance is a call of its class's `__call__` since this version (python_called_instances.py):
# marshmallow's 238 `validator(value)` and `validate.URL()(value)` reached nothing. Any file may call a variable.
REPARSE_PYTHON_CALLED_INSTANCES = reparse(
    ("python",), "Python calls of an instance reach the __call__ of its class in this version: run update_index to "
                 "parse the Python files again.")

# A Python local assigned an attribute of another local (`line = rhs.body`, `prep = mpoly.prepared`, then
# `bt = line.bracket_tracker`) holds what the attribute's class declares since this version
# (python_qualifiers.holds): black's `bt.delimiter_count_with_priority()` and Django's `graph.leaf_nodes()` of
# `graph = loader.graph` were guesses. And a call of what a factory returns reaches the function it defines and returns
# (python_graph.returned_closures): black's `is_valid_index(idx)` of `is_valid_index = is_valid_index_factory(LL)`.
REPARSE_PYTHON_ATTRIBUTE_ALIASES = reparse(
    ("python",), "Python locals assigned an attribute of another local are typed in this version: run update_index "
                 "to parse the Python files again.")

# A Python attribute followed by a colon is read, not written, unless it starts its line and annotates an assignment
# (python_attributes._written): rich's `if new_text != self.plain:` in `plain`'s setter was the setter's use, not the
# getter's. Each file with a USES edge into a later definition of a Python method's name (a property's setter) is
# parsed again.
REPARSE_PYTHON_READS_BEFORE_COLONS = reparse_files(
    """SELECT DISTINCT s.project_id, s.file_path FROM code_edges AS e
         JOIN code_nodes AS t ON t.id = e.target_id JOIN code_nodes AS s ON s.id = e.source_id
        WHERE e.edge_type = 'USES' AND t.node_type = 'METHOD' AND t.id LIKE '%@%' AND t.file_path LIKE '%.py'
          AND s.file_path LIKE '%.py'""",
    "A Python attribute read before a colon is a read in this version: run update_index to parse the Python files "
    "using a property setter again.")

# A Python loop variable holds what its collection is declared to hold (python_loops.py): `for leaf in self.leaves` of
# `leaves: List[Leaf]`, over another class's attribute, a property or a function declared to return one; black's and
# rich's calls and reads on such variables were guesses. A class's attributes declared collections are stored with
# their elements, and any file may loop over them. And an annotation's union holds each of its classes, a module's
# type alias (`LN = Union[Leaf, Node]`) what it stands for (python_annotations.py): black's `node: LN` named no class.
# Every Python file is parsed again.
REPARSE_PYTHON_LOOP_VARIABLES = reparse(
    ("python",), "Python loop variables over declared collections, unions and type aliases are typed in this "
                 "version: run update_index to parse the Python files again.")

# An item of a declared collection holds its elements' class (python_qualifiers.item_of): `self.leaves[0].render()` of
# `leaves: List[Leaf]`, `nodes[name].parent` of `nodes: Dict[str, Node]`; a loop over a mapping's values
# (`for k, v in d.items()`, `d.values()`) or over a slice (`for leaf in leaves[1:]`) too; a class stores its attributes'
# items (`by_name{}`) beside their elements. black's reads of such items were no references, its calls on them guesses
# (sure read pairs 1,479 -> 1,570). Every Python file is parsed again.
REPARSE_PYTHON_ITEMS = reparse(
    ("python",), "Python items of declared collections and mappings are typed in this version: run update_index to "
                 "parse the Python files again.")

# An item a method of a declared collection gives holds its elements' class too (python_chains.ITEM_CALLS):
# `table.get(key).render()` of `table: Dict[str, Node]`, `found = self.by_name.get(key)`, `leaf = self.stack.pop()`; the
# call's return before (a mapping's `get`: nothing). A collection of `type[C]` holds the class C itself, and a mapping's
# item is never its key (python_annotations.is_mapping). `self` and `cls` outside a method are names like any other
# (`def visit(self: Translator)`). An attribute read on a class by its name is kept (`Color.RED`), a collection made
# from another holds its items (`ys = sorted(xs)`), `except E as err` binds an E, a class in a tuple of exceptions is
# one use, not two, a class defined in a function declares its variables, an attribute made from a collection
# (`self.routes = list(routes)`) holds its items, `x = await f()` what f returns, `x = cast(Foo, y)` a Foo, `with
# session() as s` what a @contextmanager yields. And a project whose folder is itself a package (`sphinx/`) finds its
# modules by the folder's name (python_modules.py): sphinx's sure call pairs 2,854 -> 5,999. Every Python file is parsed
# again (and so linked again).
REPARSE_PYTHON_ITEM_CALLS = reparse(
    ("python",), "Python references are read better in this version (an item a collection method gives, classes held "
                 "in collections, self and cls outside a method, reads on a class by its name, except clauses, casts, "
                 "what context managers yield, the variables of a class defined in a function, the modules of a "
                 "project whose folder is a package): run update_index to parse the Python files again.")

# `cls(..)` in a classmethod is a call of the class since this version (python_qualifiers.OWN_CLASS): werkzeug's
# `return cls(**out)` in `EnvironBuilder.from_environ` and five more of its alternative constructors reached nothing;
# and a variable assigned the call of another holds what that call gives (python_qualifiers.called_local): 59 of
# starlette's tests' `client = test_client_factory(app)`, then `client.get(..)`, reached nothing or only guesses; and a
# local alias of a method called is a call of it (tornado's `_ = self.translate`, then `_("May")`).
REPARSE_PYTHON_CALLED_LOCALS = reparse(("python",), "Python calls of cls in a classmethod reach the class, a "
                                                    "variable holds what calling another gives, and a local alias of a "
                                                    "method called is a call of it, in this version: run update_index "
                                                    "to parse the Python files again.")
