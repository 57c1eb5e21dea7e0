package funcs

import (
	"encoding/base64"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/types"
)

func init() {
	register(&Func{Name: "TO_JSON_STRING", Category: CatJSON,
		Description: "The JSON text of any value; struct fields and map keys are sorted.",
		Overloads: []*Overload{{Params: ps(p("input", tT)), Returns: tString,
			Eval: pure(func(a []types.Value) types.Value { return toJSONString(a[0]) })}}})
}

// toJSONString renders v as ksqlDB's TO_JSON_STRING: compact JSON; dates,
// times and timestamps as ISO strings; bytes as base64; struct fields and map
// keys in sorted order.
func toJSONString(v types.Value) string {
	var b strings.Builder
	writeJSONValue(&b, v)
	return b.String()
}

func writeJSONValue(b *strings.Builder, v types.Value) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int32:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			writeJSONString(b, types.FormatDouble(x))
		} else {
			b.WriteString(types.FormatDouble(x))
		}
	case types.Dec:
		b.WriteString(x.String())
	case string:
		writeJSONString(b, x)
	case []byte:
		writeJSONString(b, base64.StdEncoding.EncodeToString(x))
	case types.TimestampValue:
		writeJSONString(b, types.FormatTimestamp(x))
	case types.DateValue:
		writeJSONString(b, types.FormatDate(x))
	case types.TimeValue:
		writeJSONString(b, types.FormatTime(x))
	case []types.Value:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONValue(b, e)
		}
		b.WriteByte(']')
	case *types.MapValue:
		names := make([]string, len(x.Keys))
		for i, k := range x.Keys {
			names[i] = javaString(k)
		}
		writeJSONObject(b, names, x.Vals)
	case *types.StructValue:
		names := make([]string, len(x.Fields))
		for i, f := range x.Type.Fields {
			names[i] = f.Name
		}
		writeJSONObject(b, names, x.Fields)
	}
}

// writeJSONObject writes entries sorted by name, later duplicates winning.
func writeJSONObject(b *strings.Builder, names []string, vals []types.Value) {
	idx := map[string]int{}
	for i, n := range names {
		idx[n] = i
	}
	sorted := make([]string, 0, len(idx))
	for n := range idx {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	b.WriteByte('{')
	for i, n := range sorted {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, n)
		b.WriteByte(':')
		writeJSONValue(b, vals[idx[n]])
	}
	b.WriteByte('}')
}
