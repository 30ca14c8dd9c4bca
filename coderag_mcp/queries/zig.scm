; Zig has no class syntax: a type is a constant bound to a container, `const Point = struct {...};`
; (struct, enum, union, opaque). Functions are `fn` declarations, methods those inside a container.
(Decl (VarDecl variable_type_function: (IDENTIFIER) @name (ErrorUnionExpr (SuffixExpr (ContainerDecl))))) @definition.class
(Decl (FnProto function: (IDENTIFIER) @name)) @definition.function

; Calls: `f(x)`, `obj.method(x)`, `std.debug.print(...)`.
(SuffixExpr variable_type_function: (IDENTIFIER) @name . (FnCallArguments)) @reference.call
(FieldOrFnCall function_call: (IDENTIFIER) @name) @reference.call

; `const std = @import("std");` (the name is the file's or package's).
((SuffixExpr (BUILTINIDENTIFIER) @builtin (FnCallArguments (ErrorUnionExpr (SuffixExpr (STRINGLITERALSINGLE) @module))))
  @reference.import (#eq? @builtin "@import"))

; Types of parameters, results and fields (builtin types such as `u32` are other nodes).
(ParamType (ErrorUnionExpr (SuffixExpr . variable_type_function: (IDENTIFIER) @name .))) @reference.type
(FnProto (ErrorUnionExpr (SuffixExpr . variable_type_function: (IDENTIFIER) @name .))) @reference.type
(ContainerField field_member: (IDENTIFIER) (ErrorUnionExpr (SuffixExpr . variable_type_function: (IDENTIFIER) @name .))) @reference.type
