package planner

import (
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// knownProps lists the WITH properties streamsql accepts for sources.
var knownProps = map[string]bool{
	"KAFKA_TOPIC": true, "VALUE_FORMAT": true, "KEY_FORMAT": true, "FORMAT": true,
	"PARTITIONS": true, "REPLICAS": true, "TIMESTAMP": true, "TIMESTAMP_FORMAT": true,
	"VALUE_DELIMITER": true, "KEY_DELIMITER": true, "WRAP_SINGLE_VALUE": true,
	"WINDOW_TYPE": true, "WINDOW_SIZE": true, "RETENTION_MS": true, "SOURCE_CONNECTOR": true,
	"KEY_SCHEMA_ID": true, "VALUE_SCHEMA_ID": true, "KEY_SCHEMA_FULL_NAME": true,
	"VALUE_SCHEMA_FULL_NAME": true, "VALUE_AVRO_SCHEMA_FULL_NAME": true,
}

// propSet is a validated WITH clause.
type propSet struct {
	props sql.Properties
}

func newPropSet(props sql.Properties) (*propSet, error) {
	var unknown []string
	for _, p := range props {
		if !knownProps[p.Key] {
			unknown = append(unknown, p.Key)
		}
	}
	if len(unknown) > 0 {
		return nil, errorf(props[0].Pos(), "invalid config variable(s) in the WITH clause: %s", strings.Join(unknown, ","))
	}
	return &propSet{props: props}, nil
}

// str returns the property as a string ("" when absent).
func (ps *propSet) str(key string) (string, sql.Pos, bool) {
	p := ps.props.Lookup(key)
	if p == nil {
		return "", sql.NoPos, false
	}
	switch v := p.Value.(type) {
	case *sql.StringLit:
		return v.Value, p.Pos(), true
	case *sql.IntegerLit:
		return v.Text, p.Pos(), true
	case *sql.BoolLit:
		return strconv.FormatBool(v.Value), p.Pos(), true
	case *sql.DecimalLit:
		return v.Text, p.Pos(), true
	}
	return "", p.Pos(), true
}

// integer returns an integer property, or def when absent.
func (ps *propSet) integer(key string, def int) (int, error) {
	s, pos, ok := ps.str(key)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, errorf(pos, "invalid value for %s: %q is not a positive integer", key, s)
	}
	return n, nil
}

// boolean returns a boolean property and whether it was set.
func (ps *propSet) boolean(key string) (bool, bool, error) {
	s, pos, ok := ps.str(key)
	if !ok {
		return false, false, nil
	}
	switch strings.ToLower(s) {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	return false, true, errorf(pos, "invalid value for %s: %q is not a boolean", key, s)
}

// formatName validates a format name.
func formatName(name string, pos sql.Pos) (string, error) {
	switch up := strings.ToUpper(name); up {
	case "JSON", "DELIMITED", "KAFKA", "NONE":
		return up, nil
	case "AVRO", "PROTOBUF", "PROTOBUF_NOSR", "JSON_SR":
		return "", errorf(pos, "format %s needs a schema registry, which streamsql does not support", up)
	default:
		return "", errorf(pos, "Unknown format: %s", up)
	}
}

// delimiter decodes a VALUE_DELIMITER / KEY_DELIMITER value.
func delimiter(s string, pos sql.Pos) (string, error) {
	switch strings.ToUpper(s) {
	case "", " ", "\t":
		return "", errorf(pos, "Failed to prepare statement: Configuration VALUE_DELIMITER is invalid: Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'\nExample valid value: ';'")
	case "TAB", "SPACE":
		return strings.ToUpper(s), nil // serde reads the keywords
	}
	if len([]rune(s)) != 1 {
		return "", errorf(pos, "Failed to prepare statement: Configuration VALUE_DELIMITER is invalid: Invalid delimiter value: '%s'. Delimiter must be a single character or TAB,SPACE\nExample valid value: ';'", s)
	}
	return s, nil
}

// formats resolves KEY_FORMAT, VALUE_FORMAT and FORMAT with defaults from
// inherit (the source of a CREATE AS SELECT) or the session properties.
func (ps *propSet) formats(inherit *Source, cfg Config) (key, value Format, err error) {
	f, fpos, hasF := ps.str("FORMAT")
	k, kpos, hasK := ps.str("KEY_FORMAT")
	v, vpos, hasV := ps.str("VALUE_FORMAT")
	if hasF && (hasK || hasV) {
		which := "KEY_FORMAT"
		if hasV {
			which = "VALUE_FORMAT"
		}
		return key, value, errorf(fpos, "Cannot supply both '%s' and 'FORMAT' properties, as 'FORMAT' sets both key and value formats. Either use just 'FORMAT', or use 'KEY_FORMAT' and 'VALUE_FORMAT'.", which)
	}
	if hasF {
		k, kpos, hasK, v, vpos, hasV = f, fpos, true, f, fpos, true
	}
	switch {
	case hasV:
	case inherit != nil:
		v, hasV = inherit.ValueFormat.Name, true
	case cfg.DefaultValueFormat != "":
		v, hasV = cfg.DefaultValueFormat, true
	default:
		return key, value, errorf(sql.NoPos, "Statement is missing the 'VALUE_FORMAT' property from the WITH clause. Either provide one or set a default via the 'ksql.persistence.default.format.value' config.")
	}
	switch {
	case hasK:
	case inherit != nil:
		k = inherit.KeyFormat.Name
	case cfg.DefaultKeyFormat != "":
		k = cfg.DefaultKeyFormat
	default:
		k = "KAFKA"
	}
	if key.Name, err = formatName(k, kpos); err != nil {
		return key, value, err
	}
	if value.Name, err = formatName(v, vpos); err != nil {
		return key, value, err
	}
	if d, pos, ok := ps.str("VALUE_DELIMITER"); ok {
		if value.Name != "DELIMITED" {
			return key, value, errorf(pos, "%s does not support the following configs: [delimiter]", value.Name)
		}
		if value.Delimiter, err = delimiter(d, pos); err != nil {
			return key, value, err
		}
	} else if inherit != nil && inherit.ValueFormat.Name == value.Name {
		value.Delimiter = inherit.ValueFormat.Delimiter
	}
	for _, prop := range []string{"VALUE_AVRO_SCHEMA_FULL_NAME", "VALUE_SCHEMA_FULL_NAME"} {
		if _, pos, ok := ps.str(prop); ok {
			return key, value, errorf(pos, "%s does not support the following configs: [fullSchemaName]", value.Name)
		}
	}
	if d, pos, ok := ps.str("KEY_DELIMITER"); ok {
		if key.Delimiter, err = delimiter(d, pos); err != nil {
			return key, value, err
		}
	}
	return key, value, nil
}
