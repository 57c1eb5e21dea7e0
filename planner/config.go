package planner

import (
	"strconv"
	"strings"
)

// Config holds the properties that change how statements are planned.
type Config struct {
	DefaultKeyFormat   string // ksql.persistence.default.format.key
	DefaultValueFormat string // ksql.persistence.default.format.value
	WrapSingleValues   *bool  // ksql.persistence.wrap.single.values; nil = format default
	TableScanEnabled   bool   // ksql.query.pull.table.scan.enabled
	OutputTopicPrefix  string // ksql.output.topic.name.prefix: prefixes default sink topic names
	CollectListLimit   int    // ksql.functions.collect_list.limit
	CollectSetLimit    int    // ksql.functions.collect_set.limit
}

// ConfigFromProps reads the planner-relevant entries of a property map.
func ConfigFromProps(props map[string]string) Config {
	c := Config{TableScanEnabled: true}
	for k, v := range props {
		switch strings.ToLower(k) {
		case "ksql.persistence.default.format.key":
			c.DefaultKeyFormat = strings.ToUpper(v)
		case "ksql.persistence.default.format.value":
			c.DefaultValueFormat = strings.ToUpper(v)
		case "ksql.persistence.wrap.single.values":
			b := strings.EqualFold(v, "true")
			c.WrapSingleValues = &b
		case "ksql.output.topic.name.prefix":
			c.OutputTopicPrefix = v
		case "ksql.functions.collect_list.limit":
			c.CollectListLimit, _ = strconv.Atoi(v)
		case "ksql.functions.collect_set.limit":
			c.CollectSetLimit, _ = strconv.Atoi(v)
		case "ksql.query.pull.table.scan.enabled":
			c.TableScanEnabled = strings.EqualFold(v, "true")
		}
	}
	return c
}
