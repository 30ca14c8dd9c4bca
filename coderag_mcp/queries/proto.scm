; Messages, enums and services are classes (nested messages qualify: `Order.Item`); an rpc is a
; method of its service.
(message (message_name (identifier) @name)) @definition.class
(enum (enum_name (identifier) @name)) @definition.class
(service (service_name (identifier) @name)) @definition.class
(rpc (rpc_name (identifier) @name)) @definition.function
(extend (full_ident) @module) @reference.inherit

(import path: (string) @module) @reference.import

; The message types a field or an rpc uses, as written (`google.protobuf.Timestamp`, which names
; `Timestamp`).
(field (type (message_or_enum_type) @module)) @reference.type
(map_field (type (message_or_enum_type) @module)) @reference.type
(rpc (message_or_enum_type) @module) @reference.type
