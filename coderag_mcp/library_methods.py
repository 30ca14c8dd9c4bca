"""Method names a language's core library defines on its own objects (Ruby's Kernel, Enumerable, Array, Hash, String,
IO, Proc and Exception; .NET's, for C#). A call of one on a receiver nobody typed (`params.map`, `@error.puts`,
`cookies.key?(k)`) is the library's far more often than the project's one method of that name: name_graph.py then
offers the project's method as a guess, not as the call's target. Read on rack and sinatra (2026-12-05): of 20 such
calls linked by name alone, 6 were the project's method (`watcher.path` in sinatra's reloader, `jar.shift` in its
cookie specs) and 14 the library's (rack's `params.map` was `Rack::Builder#map`, `@mime_parts.size`
`RewindableInput#size`).
"""

from __future__ import annotations

from .overload_parameters import read_shape

RUBY = frozenset("""
puts print p pp format sprintf raise send public_send respond_to? is_a? kind_of? instance_of? nil? frozen? freeze dup
clone tap then yield_self inspect to_s hash eql? equal? object_id class method methods instance_variable_get
instance_variable_set instance_variables define_singleton_method extend display itself between? clamp
each each_with_index each_with_object map flat_map collect select filter reject find detect find_index find_all include?
member? count size length empty? any? all? none? one? first last min max min_by max_by sort sort_by sum reduce inject
group_by partition zip take drop take_while drop_while uniq compact flatten reverse join push pop shift unshift append
prepend insert concat delete delete_at delete_if keep_if slice fetch dig key? has_key? value? has_value? keys values
merge merge! update store to_a to_h to_hash each_pair each_key each_value transform_values transform_keys filter_map
each_slice each_cons tally cycle lazy sample shuffle clear replace
split strip lstrip rstrip chomp chop chars bytes lines upcase downcase capitalize start_with? end_with? sub gsub sub!
gsub! match match? scan index rindex to_i to_f to_sym to_str encode force_encoding encoding bytesize byteslice unpack
unpack1 pack ljust rjust center squeeze tr succ ord chr hex valid_encoding? b
read write close closed? gets each_line readline readlines rewind seek pos flush sync binmode eof? string path
read_nonblock write_nonblock readpartial call to_proc arity curry message backtrace full_message cause strftime utc
iso8601 putc lineno map! collect! select! filter! reject! uniq! compact! flatten! sort! sort_by! reverse! shuffle!
slice! squeeze! strip! lstrip! rstrip! chomp! chop! upcase! downcase! capitalize! swapcase! tr! each_char
""".split())

# Ruby's Kernel: called without a receiver (`puts "done"` in a Rakefile, `respond_to?(name)` in a class method), one
# of these is Ruby's unless the caller's class chain or its file's top level defines the name (ruby_calls.py):
# sinatra's Rakefiles' `puts` were `Streaming::Stream#puts`, okjson's `putc` `Stream#putc`, `Base.set`'s
# `respond_to?` `Request::AcceptEntry#respond_to?`.
RUBY_KERNEL = frozenset("""
puts print p pp putc printf sprintf format raise fail warn abort exit exit! at_exit sleep loop rand srand lambda proc
catch throw system spawn exec fork trap require require_relative load autoload binding block_given? caller
caller_locations gets open readline readlines select respond_to? is_a? kind_of? instance_of? nil? send public_send
__send__ freeze frozen? dup clone tap then inspect to_s hash object_id instance_variable_get instance_variable_set
instance_variable_defined? instance_variables method methods define_singleton_method extend
""".split())

# RSpec's words: in a spec (a file under spec/ or named `_spec.rb`), a call of one is RSpec's unless the spec's own
# file defines it (name_graph.py). sinatra's and rack-protection's 680 `expect(..).to eq(..)` were `Helpers#to` (`alias
# to uri`), their `describe` and `context` a Minitest helper's. (`before` and `after` are left out: an app's filters
# in a spec's `mock_app do .. end` are as often written so.)
RSPEC = frozenset("""
describe context it specify xit xdescribe xcontext fit fdescribe fcontext let let! subject expect
is_expected to not_to to_not shared_examples shared_context shared_examples_for it_behaves_like it_should_behave_like
include_examples include_context eq eql equal be be_a be_an be_nil be_truthy be_falsey be_within raise_error
match_array contain_exactly have_key have_attributes allow receive and_return double instance_double
""".split())

# .NET's own objects' methods a C# value nobody typed is called with (IEnumerator, delegates and reflection, LINQ,
# collections, strings, streams, tasks). Read on Newtonsoft.Json (2026-12-06): of its 1,113 such calls linked by name
# alone, most reached LinqBridge.cs, a LINQ its .NET 2.0 build compiles in (`ms.ToArray()` on a MemoryStream was its
# `Enumerable.ToArray`), all 22 `MoveNext()` a dictionary wrapper's enumerator, 23 of 25 `.Invoke(..)` (a MethodInfo's,
# a delegate's) its FSharpFunction's.
CSHARP = frozenset("""
MoveNext Invoke BeginInvoke EndInvoke DynamicInvoke Dispose DisposeAsync GetEnumerator GetHashCode Equals ToString
CompareTo GetType Add AddRange Remove RemoveAt RemoveAll Clear Contains ContainsKey TryGetValue TryAdd IndexOf Insert
CopyTo ToArray ToList ToDictionary Any All Select SelectMany Where First FirstOrDefault Last LastOrDefault Single
SingleOrDefault OrderBy OrderByDescending ThenBy GroupBy Sum Average Min Max Count Cast OfType Distinct Skip Take
Concat Reverse Aggregate Zip Append AppendLine AppendFormat Write WriteLine Read ReadLine ReadToEnd Flush Close Split
Trim TrimStart TrimEnd Substring StartsWith EndsWith Replace Format Join ContinueWith ConfigureAwait Wait GetAwaiter
GetResult SetResult SetException SetCanceled Cancel ThrowIfCancellationRequested GetValue SetValue GetCustomAttributes
MakeGenericType GetMethod GetProperty GetField GetProperties GetMethods IsAssignableFrom IsInstanceOfType
GetGenericArguments GetGenericTypeDefinition Peek Push Pop Enqueue Dequeue
""".split())

# Swift's standard library and Foundation (Array, Set, Dictionary, String, Sequence, Collection, Codable's
# containers): swift-argument-parser's 44 `argumentSpecs.append("..")` on a `[String]` were its one
# `ArgumentSet.append`, `visited.insert(current)` on a Set `Tree.insert`, `container.decodeIfPresent(..)` its own.
SWIFT = frozenset("""
append insert remove removeFirst removeLast removeAll removeSubrange replaceSubrange popLast popFirst first last map
compactMap flatMap filter reduce forEach contains sorted sort reversed reverse joined split firstIndex lastIndex
dropFirst dropLast prefix suffix enumerated min max allSatisfy starts elementsEqual index distance formIndex
updateValue removeValue merge merging mapValues compactMapValues union intersection subtract subtracting formUnion
isSubset isSuperset symmetricDifference hasPrefix hasSuffix lowercased uppercased replacingOccurrences
trimmingCharacters components padding range encode decode decodeIfPresent encodeIfPresent container nestedContainer
singleValueContainer unkeyedContainer superDecoder superEncoder resume cancel finish yield wait signal lock unlock
""".split())

LIBRARY_METHODS: dict[str, frozenset[str]] = {"ruby": RUBY, "csharp": CSHARP, "swift": SWIFT}
# The argument labels those Swift methods take (beside none, `_`): a call labelled otherwise (Kingfisher's
# `data.kf.contains(jpeg: .SOF2)`) is the project's method that takes it, not the library's.
SWIFT_LIBRARY_LABELS = frozenset("""
where contentsOf at forKey by separator maxSplits omittingEmptySubsequences keepingCapacity returning throwing into
offsetBy from to of with options range
""".split())

# .NET's and its test frameworks' classes that code calls by name (`Task.FromResult(..)`, `Assert.NotNull(..)`): a
# call on one that the project does not define is the library's, never the project's method of that name by name
# (Polly's 163 `Task.FromResult` and `ValueTask.FromResult` were its `Outcome.FromResult`).
DOTNET_TYPES = frozenset("""
Task ValueTask Random Assert Trace Debug Math MathF Console Convert Enum Guid DateTime DateTimeOffset TimeSpan String
Array Environment Path File Directory Interlocked Volatile Activator Encoding BitConverter Buffer GC Thread ThreadPool
Stopwatch Regex Uri Nullable Tuple ValueTuple Expression Enumerable Queryable Marshal Unsafe MemoryMarshal
CancellationToken KeyValuePair ImmutableArray ImmutableList ImmutableDictionary Parallel TaskScheduler Type Object
ArgumentNullException ArgumentException ArgumentOutOfRangeException ObjectDisposedException Monitor Timeout
StringComparer EqualityComparer Comparer JsonSerializer Mock Substitute Arg It Times Should
""".split())


# Swift's standard library functions that hand their closure a value of a library type (`withCheckedContinuation {
# continuation in ... }`): the closure's parameter is of that type, and a call on it (`continuation.resume()`) is the
# library's, or an extension of the type's in the project. Kingfisher's `continuation.resume()` reached its
# `SessionDataTask.resume()` by name.
SWIFT_CLOSURE_VALUES = {
    "withCheckedContinuation": "CheckedContinuation", "withCheckedThrowingContinuation": "CheckedContinuation",
    "withUnsafeContinuation": "UnsafeContinuation", "withUnsafeThrowingContinuation": "UnsafeContinuation",
    "withTaskGroup": "TaskGroup", "withThrowingTaskGroup": "ThrowingTaskGroup",
    "withDiscardingTaskGroup": "DiscardingTaskGroup", "withThrowingDiscardingTaskGroup": "ThrowingDiscardingTaskGroup",
    "withUnsafeBytes": "UnsafeRawBufferPointer", "withUnsafeMutableBytes": "UnsafeMutableRawBufferPointer",
    "withUnsafeBufferPointer": "UnsafeBufferPointer", "withUnsafeMutableBufferPointer": "UnsafeMutableBufferPointer",
    "withUnsafePointer": "UnsafePointer", "withUnsafeMutablePointer": "UnsafeMutablePointer",
    "withCString": "UnsafePointer",
}


def library_method(language: str | None, name: str, module: str | None = None) -> bool:
    """Whether `language`'s core library defines a method `name` on its own objects (for Swift, taking the labels of
    the call whose shape is the reference's module: call_shapes.py, `(_:?,forKey:?)`)."""
    if name not in LIBRARY_METHODS.get(language or "", ()):
        return False
    shape = read_shape(module) if language == "swift" else None
    return shape is None or all(argument.label is None or argument.label in SWIFT_LIBRARY_LABELS
                                for argument in shape.arguments)
