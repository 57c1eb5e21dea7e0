package planner

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/sql"
	"github.com/streamsql/streamsql/types"
)

// reservedColumns cannot be declared by users.
var reservedColumns = map[string]bool{
	"ROWTIME": true, "ROWPARTITION": true, "ROWOFFSET": true, "WINDOWSTART": true, "WINDOWEND": true,
}

// BuildSource validates a CREATE STREAM/TABLE statement into a catalog entry.
func BuildSource(st *sql.CreateSource, text string, cat *Catalog, cfg Config) (*Source, error) {
	ps, err := newPropSet(st.Props)
	if err != nil {
		return nil, err
	}
	src := &Source{Name: st.Name.Name, Table: st.Kind == sql.KindTable, SQL: text, IsSource: st.Source}
	topic, _, ok := ps.str("KAFKA_TOPIC")
	if !ok {
		return nil, errorf(st.Pos(), "Missing required property \"KAFKA_TOPIC\" which has no default value.")
	}
	src.Topic = topic
	if src.KeyFormat, src.ValueFormat, err = ps.formats(nil, cfg); err != nil {
		return nil, err
	}
	if st.Elements == nil {
		return nil, errorf(st.Pos(), "the statement does not define any columns: schema inference needs a schema registry format, which streamsql does not support")
	}
	if src.Columns, err = buildColumns(st, cat); err != nil {
		return nil, err
	}
	if err := checkKeyTypes(src.Columns, st.Pos()); err != nil {
		return nil, err
	}
	if src.Partitions, err = ps.integer("PARTITIONS", 0); err != nil {
		return nil, err
	}
	if err := windowedSource(src, ps); err != nil {
		return nil, err
	}
	if err := finishSource(src, ps, st.Pos(), cfg); err != nil {
		return nil, err
	}
	return src, nil
}

// buildColumns converts table elements, checking key rules and duplicates.
func buildColumns(st *sql.CreateSource, cat *Catalog) ([]Column, error) {
	var keys, rest []Column
	seen := map[string]bool{}
	for _, el := range st.Elements {
		name := el.Name.Name
		if reservedColumns[name] {
			return nil, errorf(el.Pos(), "`%s` is a reserved column name. You cannot use it as a name for a column.", name)
		}
		if seen[name] {
			return nil, errorf(el.Pos(), "Duplicate column names: `%s`", name)
		}
		seen[name] = true
		t, err := ResolveType(el.Type, cat)
		if err != nil {
			return nil, err
		}
		col := Column{Name: name, Type: t}
		switch el.Constraint {
		case sql.KeyConstraint:
			if st.Kind == sql.KindTable {
				return nil, errorf(el.Pos(), "Column `%s` is a 'KEY' column: please use 'PRIMARY KEY' for tables.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.", name)
			}
			col.Role = KeyColumn
		case sql.PrimaryKeyConstraint:
			if st.Kind == sql.KindStream {
				return nil, errorf(el.Pos(), "Column `%s` is a 'PRIMARY KEY' column: please use 'KEY' for streams.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.", name)
			}
			col.Role = KeyColumn
		case sql.HeadersConstraint, sql.HeaderConstraint:
			col.Role = HeaderColumn
			col.HeaderKey = el.HeaderKey
		}
		if col.Role == KeyColumn {
			keys = append(keys, col)
		} else {
			rest = append(rest, col)
		}
	}
	if st.Kind == sql.KindTable && len(keys) == 0 {
		return nil, errorf(st.Pos(), "Tables require a PRIMARY KEY. Please define the PRIMARY KEY.")
	}
	return append(keys, rest...), nil
}

// finishSource applies the format and timestamp rules shared by CREATE and
// CREATE AS SELECT.
func finishSource(src *Source, ps *propSet, pos sql.Pos, cfg Config) error {
	var keys, values []Column
	for _, c := range src.Columns {
		switch c.Role {
		case KeyColumn:
			keys = append(keys, c)
		case ValueColumn:
			values = append(values, c)
		}
	}
	if err := checkFormat(src.KeyFormat.Name, keys, true); err != nil {
		return errorf(pos, "Key format does not support schema.\nformat: %s\nschema: Persistence{columns=%s, features=[]}\nreason: %s",
			src.KeyFormat.Name, columnList(keys, true), err)
	}
	if err := checkFormat(src.ValueFormat.Name, values, false); err != nil {
		return errorf(pos, "%s", err)
	}
	if len(keys) == 1 {
		src.KeyFormat.Unwrapped = true
	}
	wrap, set, err := ps.boolean("WRAP_SINGLE_VALUE")
	if err != nil {
		return err
	}
	if set && wrap && (src.ValueFormat.Name == "KAFKA" || src.ValueFormat.Name == "DELIMITED") {
		return errorf(pos, "Format '%s' does not support 'WRAP_SINGLE_VALUE' set to 'true'.", src.ValueFormat.Name)
	}
	if set && len(values) != 1 {
		return errorf(pos, "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas")
	}
	switch {
	case src.ValueFormat.Name == "KAFKA":
		src.ValueFormat.Unwrapped = true
	case set:
		src.ValueFormat.Unwrapped = !wrap
	case len(values) == 1 && cfg.WrapSingleValues != nil:
		src.ValueFormat.Unwrapped = !*cfg.WrapSingleValues
	}
	if set && !wrap && src.ValueFormat.Name == "DELIMITED" {
		src.ValueFormat.Unwrapped = false // DELIMITED has no wrapping
	}
	return timestampColumn(src, ps)
}

// timestampColumn validates TIMESTAMP and TIMESTAMP_FORMAT.
func timestampColumn(src *Source, ps *propSet) error {
	name, pos, ok := ps.str("TIMESTAMP")
	if !ok {
		return nil
	}
	name = upperUnquoted(name)
	var col *Column
	for i := range src.Columns {
		if src.Columns[i].Name == name {
			col = &src.Columns[i]
		}
	}
	if col == nil {
		return errorf(pos, "The TIMESTAMP column set in the WITH clause does not exist in the schema: '%s'", name)
	}
	src.TimestampColumn = name
	src.TimestampFormat, _, _ = ps.str("TIMESTAMP_FORMAT")
	switch col.Type.Kind {
	case types.BigInt, types.Timestamp:
		return nil
	case types.String:
		if src.TimestampFormat != "" {
			return nil
		}
	}
	return errorf(pos, "Timestamp column, `%s`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.", name)
}

// checkFormat reports a column type the format cannot carry.
func checkFormat(format string, cols []Column, key bool) error {
	switch format {
	case "NONE":
		if len(cols) > 0 {
			what := "value"
			if key {
				what = "key"
			}
			return fmt.Errorf("The 'NONE' format can only be used when no columns are defined. Got: %d %s columns", len(cols), what)
		}
	case "KAFKA":
		if len(cols) > 1 {
			return fmt.Errorf("The 'KAFKA' format only supports a single field. Got: %s", columnList(cols, key))
		}
		for _, c := range cols {
			switch c.Type.Kind {
			case types.Array, types.Map, types.Struct, types.Boolean:
				return fmt.Errorf("The 'KAFKA' format does not support type '%s'", c.Type.Kind)
			}
		}
	case "DELIMITED":
		for _, c := range cols {
			switch c.Type.Kind {
			case types.Array, types.Map, types.Struct:
				return fmt.Errorf("The 'DELIMITED' format does not support type '%s', column: `%s`", c.Type.Kind, c.Name)
			}
		}
	case "JSON":
		for _, c := range cols {
			if c.Type.Kind == types.Map && c.Type.Key.Kind != types.String {
				return fmt.Errorf("JSON only supports MAP types with STRING keys")
			}
		}
	}
	return nil
}

// columnList renders columns as ksqlDB does in format errors; key columns
// are marked KEY.
func columnList(cols []Column, key bool) string {
	s := "["
	for i, c := range cols {
		if i > 0 {
			s += ", "
		}
		s += "`" + c.Name + "` " + c.Type.String()
		if key {
			s += " KEY"
		}
	}
	return s + "]"
}

// upperUnquoted upper-cases a name given as a string property unless it is quoted.
func upperUnquoted(s string) string {
	if len(s) >= 2 && (s[0] == '`' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return toUpper(s)
}

func toUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// windowedSource applies WINDOW_TYPE and WINDOW_SIZE: the source's keys carry
// a window.
func windowedSource(src *Source, ps *propSet) error {
	kind, pos, ok := ps.str("WINDOW_TYPE")
	if !ok {
		if _, pos, ok := ps.str("WINDOW_SIZE"); ok {
			return errorf(pos, "WINDOW_SIZE should only be set if WINDOW_TYPE is set.")
		}
		return nil
	}
	switch k := strings.ToUpper(kind); k {
	case "SESSION":
		src.Windowed = k
		if _, pos, ok := ps.str("WINDOW_SIZE"); ok {
			return errorf(pos, "'WINDOW_SIZE' should not be set for SESSION windows.")
		}
		return nil
	case "TUMBLING", "HOPPING":
		src.Windowed = k
	default:
		return errorf(pos, "Invalid value %s for property WINDOW_TYPE: String must be one of: SESSION, HOPPING, TUMBLING, null", kind)
	}
	size, spos, ok := ps.str("WINDOW_SIZE")
	if !ok {
		return errorf(pos, "Tumbling and Hopping window types should set WINDOW_SIZE in the WITH clause.")
	}
	ms, err := parseDuration(size)
	if err != nil {
		return errorf(spos, "Configuration WINDOW_SIZE is invalid: %v", err)
	}
	src.WindowSize = ms
	return nil
}

var durationUnits = map[string]int64{
	"MILLISECOND": 1, "MILLISECONDS": 1, "SECOND": 1000, "SECONDS": 1000, "MINUTE": 60000, "MINUTES": 60000,
	"HOUR": 3600000, "HOURS": 3600000, "DAY": 86400000, "DAYS": 86400000,
}

// parseDuration reads "n UNIT" as ksqlDB's WINDOW_SIZE does.
func parseDuration(s string) (int64, error) {
	parts := strings.Fields(s)
	if len(parts) != 2 {
		return 0, fmt.Errorf("Invalid duration: '%s'. Expected '<number> <unit>', e.g. '10 SECONDS'", s)
	}
	n, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("Invalid duration: '%s'. %v", s, err)
	}
	unit, ok := durationUnits[strings.ToUpper(parts[1])]
	if !ok {
		return 0, fmt.Errorf("Invalid duration: '%s'. Unknown time unit: '%s'", s, strings.ToUpper(parts[1]))
	}
	return n * unit, nil
}
