package engine

import (
	"fmt"
	"strings"
)

// Processing guarantees (processing.guarantee); exactly_once is accepted as
// the older name of exactly_once_v2.
const (
	guaranteeExactlyOnceV2 = "exactly_once_v2"
	guaranteeExactlyOnce   = "exactly_once"
	guaranteeAtLeastOnce   = "at_least_once"
)

// processingGuarantee returns the configured guarantee; exactly-once is the
// default.
func processingGuarantee(props map[string]string) string {
	v := strings.ToLower(strings.TrimSpace(props["processing.guarantee"]))
	if v == "" {
		return guaranteeExactlyOnceV2
	}
	return v
}

func checkGuarantee(props map[string]string) error {
	switch g := processingGuarantee(props); g {
	case guaranteeExactlyOnceV2, guaranteeExactlyOnce, guaranteeAtLeastOnce:
		return nil
	default:
		return fmt.Errorf("engine: processing.guarantee %q is not one of %s, %s, %s", g,
			guaranteeExactlyOnceV2, guaranteeExactlyOnce, guaranteeAtLeastOnce)
	}
}

// failOnDeserializationError reads ksql.fail.on.deserialization.error (false by
// default: bad records go to the processing log and the query goes on).
func failOnDeserializationError(props map[string]string) bool {
	v, ok := props["ksql.fail.on.deserialization.error"]
	if !ok {
		v = props["fail.on.deserialization.error"]
	}
	return strings.EqualFold(strings.TrimSpace(v), "true")
}
