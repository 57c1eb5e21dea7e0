// Package serde converts between Kafka record bytes and typed rows in the
// formats ksqlDB supports without a schema registry: JSON, DELIMITED, KAFKA and
// NONE. Its output matches ksqlDB's byte for byte where that is observable
// (number rendering, DELIMITED quoting), and its input coercions are ksqlDB's.
//
// API: NewDecoder and NewEncoder build a codec for a list of columns once;
// Validate reports (in ksqlDB's words) why a format cannot carry a column list;
// ParseFormat and ParseDelimiter resolve WITH-clause settings. FromJSON, ToJSON
// and ToRESTJSON convert single values to and from encoding/json values;
// AppendJSON and AppendRESTJSON write them directly (the REST rendering is
// also what TO_JSON_STRING needs).
//
// Contract:
//   - Codecs are safe for concurrent use. Decoders never retain the input
//     slice.
//   - nil bytes (a tombstone, or a null key) decode to a nil row with no error,
//     and a nil row encodes to nil bytes. For keys, the caller treats a nil row
//     as "every key column is NULL"; keeping it nil lets a null key round-trip.
//     Non-nil bytes can decode to a nil row too: the JSON text null when the
//     columns are wrapped in an object. Callers treat it like a tombstone.
//   - A single unwrapped column (JSON with Options.Unwrapped, KAFKA) whose value
//     is NULL encodes to nil bytes, as ksqlDB does. JSON text "null" decodes to
//     a nil row when wrapped and to a row holding one NULL when unwrapped.
//   - Decode errors are *DecodeError naming the column (and the path inside
//     it), e.g. `cannot deserialize field "AMOUNT": expected DOUBLE, got string
//     "abc"`, or `invalid JSON: ... at offset N` for malformed input. Values
//     quoted in messages are cut to 40 bytes.
//   - Encode errors only arise from Go values that break types.Value's
//     representation (a bug upstream) or rows of the wrong length.
//
// JSON semantics (ksqlDB's KsqlJsonDeserializer and Connect's JsonConverter):
//   - Object members match columns and STRUCT fields by exact name first, then
//     by the member name upper-cased. Missing members are NULL, unknown ones
//     are ignored, and of repeated members the last wins.
//   - Numbers and numeric strings are accepted for INT, BIGINT, DOUBLE,
//     DECIMAL, TIMESTAMP (ms), DATE (days) and TIME (ms of day). Fractions are
//     truncated toward zero for integer types; out-of-range integers are an
//     error (Java would silently wrap). DECIMAL takes the column's scale
//     exactly and rejects values that would need rounding or too many
//     integer digits. BOOLEAN accepts only true/false. BYTES is base64.
//   - STRING accepts anything: numbers keep their literal text (Java
//     BigDecimal.toString for non-integers), objects become compact JSON, and
//     arrays become "[a, b]" as ksqlDB renders them.
//   - Output: column names as given, DECIMAL as a plain number with the column's
//     scale (1.50), DOUBLE as Java prints it (1.0, 1.0E10; NaN and infinities as
//     strings), BYTES base64, STRUCT fields in declaration order.
//   - Like Jackson, content after the first complete JSON value is ignored, and
//     a leading UTF-8 byte order mark is skipped. Empty input is an error.
//
// DELIMITED follows commons-csv as ksqlDB configures it: "" escapes a quote
// inside a quoted field, only the first line is read, an empty field is NULL
// for every type, BOOLEAN is "true" (any case) or false, and times are
// numbers. Output quotes fields with commons-csv's MINIMAL policy, under which
// a first field starting with anything but a letter or digit is quoted ("-10").
//
// Performance: the JSON decoder is a hand-written, schema-directed scanner
// that decodes straight into the row without building a map or tree. It
// matches member names with one hash probe, or none when a key equals the
// one at the same position in the first object decoded (records of a topic
// share a layout), scans strings eight bytes at a time, and skips unknown
// members without allocating. A record costs two allocations: one slab the
// top-level values are boxed from (types.Slab), and one buffer its strings
// share (so a retained string keeps at most 1 KiB alive, and a retained
// value 16 bytes per column). RowDecoder.DecodeInto writes into the caller's
// row; Options.Discard checks columns nobody reads without building them.
// The JSON encoder appends to the caller's buffer (Appender). See
// docs/performance.md and BenchmarkNexmarkDecode.
package serde
