"""What TypeScript and JavaScript bring of their own, for the link (js_graph.py): the globals of the language, the
browser and Node, the methods of the language's own values, and which of those return a value of the language's own
(a String's `trim()`, an Array's `map(..)`), on which a call is the language's again."""

from __future__ import annotations

# Globals of the language, the browser and Node: a project class named `Map` or `Request` is not
# what `new Map()` means in a file that does not import it.
BUILTINS = frozenset("""
Array ArrayBuffer Atomics BigInt BigInt64Array BigUint64Array Boolean DataView Date Error EvalError
FinalizationRegistry Float32Array Float64Array Function Int8Array Int16Array Int32Array Intl JSON Map Math
NaN Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set SharedArrayBuffer String
Symbol SyntaxError TypeError URIError Uint8Array Uint8ClampedArray Uint16Array Uint32Array WeakMap
WeakRef WeakSet Infinity undefined globalThis eval isFinite isNaN parseFloat parseInt decodeURI
decodeURIComponent encodeURI encodeURIComponent escape unescape console process Buffer global module
exports require setTimeout setInterval setImmediate clearTimeout clearInterval clearImmediate
queueMicrotask structuredClone fetch Request Response Headers URL URLSearchParams AbortController
AbortSignal Event EventTarget TextEncoder TextDecoder Blob File FormData ReadableStream WritableStream
TransformStream WebSocket Worker window document navigator location history localStorage
sessionStorage performance crypto atob btoa alert confirm prompt HTMLElement Element Node NodeList
CustomEvent MutationObserver IntersectionObserver ResizeObserver requestAnimationFrame
cancelAnimationFrame Record Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType
Parameters InstanceType Awaited PromiseLike Iterable Iterator AsyncIterable IterableIterator
ReadonlyArray ArrayLike PropertyKey string number boolean any unknown never void object symbol bigint null
""".split())


# The methods of the language's own values (Array, String, Map and Set, Promise, Date, RegExp, Number, Object and
# Function): `x.push(..)`, `date.getTime()` on a value nobody types is one of those far more often than a function of
# the project that happens to share the name (mobx's 542 `push` calls were guessed to a minified file's local
# `push`, date-fns's `getTime()` to its own `getTime(date)`); a method of a project class may still be it.
BUILTIN_METHODS = frozenset("""
at concat copyWithin entries every fill filter find findIndex findLast findLastIndex flat flatMap forEach includes
indexOf join keys lastIndexOf map pop push reduce reduceRight reverse shift slice some sort splice toReversed
toSorted toSpliced unshift values with
charAt charCodeAt codePointAt endsWith localeCompare match matchAll normalize padEnd padStart repeat replace
replaceAll search split startsWith substring substr toLowerCase toUpperCase toLocaleLowerCase toLocaleUpperCase trim
trimEnd trimStart
add clear delete get has set
then catch finally
getDate getDay getFullYear getHours getMilliseconds getMinutes getMonth getSeconds getTime getTimezoneOffset getUTCDate
getUTCDay getUTCFullYear getUTCHours getUTCMilliseconds getUTCMinutes getUTCMonth getUTCSeconds setDate setFullYear
setHours setMilliseconds setMinutes setMonth setSeconds setTime setUTCDate setUTCFullYear setUTCHours
setUTCMilliseconds setUTCMinutes setUTCMonth setUTCSeconds toISOString toJSON toDateString toTimeString
toLocaleDateString toLocaleTimeString toUTCString
exec test
toFixed toExponential toPrecision
hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString valueOf
apply bind call
""".split())

# The methods of the language's own values that return one of its own values again, whatever the values held: an
# Array's `map`, `filter`, `slice` .. (an Array), `join` (a String), `indexOf` (a Number); a String's `trim`, `split`
# ..; a Promise's `then`. Not those returning an element (`find`, `pop`, `at`, a Map's `get`): it may be a project's.
BUILTIN_RESULTS = frozenset("""
concat copyWithin entries every fill filter findIndex findLastIndex flat flatMap forEach includes indexOf join keys
lastIndexOf map push reverse slice some sort splice toReversed toSorted toSpliced unshift values with
charAt charCodeAt codePointAt endsWith localeCompare match matchAll normalize padEnd padStart repeat replace
replaceAll search split startsWith substring substr toLowerCase toUpperCase toLocaleLowerCase toLocaleUpperCase trim
trimEnd trimStart
then catch finally
toFixed toExponential toPrecision toISOString toLocaleString toString valueOf
""".split())
