package e2e

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

const pullSchema = "`USER` STRING KEY, `CNT` BIGINT, `TOTAL` INTEGER"

// aggRow is one row of table per_user: COUNT(*) and SUM(n) of a user's clicks.
type aggRow struct{ cnt, total int64 }

// expectPerUser is what `SELECT user, COUNT(*) AS cnt, SUM(n) AS total FROM
// clicks GROUP BY user` must hold once it has seen clicks, each exactly once.
func expectPerUser(clicks []click) map[string]aggRow {
	out := map[string]aggRow{}
	for _, c := range clicks {
		r := out[c.user]
		out[c.user] = aggRow{cnt: r.cnt + 1, total: r.total + c.n}
	}
	return out
}

// parseClicks decodes records read back from topic clicks.
func parseClicks(t *testing.T, recs []record) []click {
	t.Helper()
	out := make([]click, 0, len(recs))
	for _, r := range recs {
		v := decode(t, []byte(r.Value))
		n := num(t, field(t, v, "n"))
		out = append(out, click{user: r.Key, n: int64(n)})
	}
	return out
}

// latestPerUser is the table that topic PER_USER's records describe: the
// latest value of every key, a tombstone deleting it. Each value must be a
// JSON object with exactly CNT and TOTAL.
func latestPerUser(t *testing.T, recs []record) map[string]aggRow {
	t.Helper()
	out := map[string]aggRow{}
	for _, r := range recs {
		if r.Value == "" {
			delete(out, r.Key)
			continue
		}
		v, ok := decode(t, []byte(r.Value)).(map[string]any)
		if !ok || len(v) != 2 {
			t.Fatalf("PER_USER record %s at %d/%d has value %s: want an object with exactly CNT and TOTAL",
				r.Key, r.Partition, r.Offset, r.Value)
		}
		out[r.Key] = aggRow{cnt: int64(num(t, v["CNT"])), total: int64(num(t, v["TOTAL"]))}
	}
	return out
}

// parsePull decodes the answer of POST /query `SELECT * FROM per_user;`: a
// header with the table's schema, then one row [USER, CNT, TOTAL] per key.
func parsePull(t *testing.T, body any) map[string]aggRow {
	t.Helper()
	items, ok := body.([]any)
	if !ok || len(items) == 0 {
		t.Fatalf("pull query: want a JSON array starting with a header, got %s", jsonText(body))
	}
	if got := str(t, items[0], "header", "schema"); got != pullSchema {
		t.Fatalf("pull query: header schema %q, want %q", got, pullSchema)
	}
	out := make(map[string]aggRow, len(items)-1)
	for _, it := range items[1:] {
		cols := list(t, it, "row", "columns")
		user, ok := cols[0].(string)
		if len(cols) != 3 || !ok {
			t.Fatalf("pull query: row %s: want [USER, CNT, TOTAL]", jsonText(it))
		}
		if _, dup := out[user]; dup {
			t.Fatalf("pull query: key %s appears twice", user)
		}
		out[user] = aggRow{cnt: int64(num(t, cols[1])), total: int64(num(t, cols[2]))}
	}
	return out
}

// keyDiff is a key whose row differs from the model.
type keyDiff struct {
	key       string
	got, want aggRow
}

// tableDiff is how a table differs from the model.
type tableDiff struct {
	want    map[string]aggRow
	missing []string // in the model, not in the table
	extra   []string // in the table, not in the model
	wrong   []keyDiff
}

func diffTables(got, want map[string]aggRow) tableDiff {
	d := tableDiff{want: want}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[k]
		switch {
		case !ok:
			d.missing = append(d.missing, k)
		case g != want[k]:
			d.wrong = append(d.wrong, keyDiff{key: k, got: g, want: want[k]})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			d.extra = append(d.extra, k)
		}
	}
	return d
}

func (d tableDiff) empty() bool { return len(d.missing)+len(d.extra)+len(d.wrong) == 0 }

// String says what is wrong: keys missing and unexpected, then CNT diffs split
// into double counts (positive) and lost records (negative, missing keys
// included), the same for TOTAL, and the first wrong keys.
func (d tableDiff) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d keys expected: %d missing %s, %d unexpected %s, %d with a wrong row\n",
		len(d.want), len(d.missing), sample(d.missing), len(d.extra), sample(d.extra), len(d.wrong))
	var over, under, overKeys, underKeys, totalWrong int64
	for _, w := range d.wrong {
		switch diff := w.got.cnt - w.want.cnt; {
		case diff > 0:
			over, overKeys = over+diff, overKeys+1
		case diff < 0:
			under, underKeys = under+diff, underKeys+1
		}
		if w.got.total != w.want.total {
			totalWrong++
		}
	}
	for _, k := range d.missing {
		under, underKeys = under-d.want[k].cnt, underKeys+1
	}
	fmt.Fprintf(&b, "  CNT: %d keys double-counted (%+d records in all), %d keys lost records (%+d in all, missing keys included)\n",
		overKeys, over, underKeys, under)
	fmt.Fprintf(&b, "  TOTAL: %d keys with a wrong SUM(n)\n", totalWrong)
	for i, w := range d.wrong {
		if i == 8 {
			fmt.Fprintf(&b, "  ... and %d more keys\n", len(d.wrong)-i)
			break
		}
		fmt.Fprintf(&b, "  %s: CNT %d want %d (%+d), TOTAL %d want %d (%+d)\n", w.key,
			w.got.cnt, w.want.cnt, w.got.cnt-w.want.cnt, w.got.total, w.want.total, w.got.total-w.want.total)
	}
	return b.String()
}

// sample lists up to 5 keys.
func sample(keys []string) string {
	if len(keys) > 5 {
		return fmt.Sprintf("%v...", keys[:5])
	}
	return fmt.Sprint(keys)
}

// sumCount is the number of records a table has counted.
func sumCount(rows map[string]aggRow) int64 {
	var n int64
	for _, r := range rows {
		n += r.cnt
	}
	return n
}

// TestTableDiffReport checks the crash test's report: double counts show as
// positive CNT diffs, lost records (missing keys included) as negative ones.
func TestTableDiffReport(t *testing.T) {
	want := expectPerUser([]click{{"a", 1}, {"a", 2}, {"b", 3}, {"c", 4}, {"d", 5}})
	got := map[string]aggRow{"a": {cnt: 3, total: 5}, "b": {cnt: 1, total: 3}, "c": {cnt: 0, total: 0}, "x": {cnt: 1, total: 9}}
	const report = `4 keys expected: 1 missing [d], 1 unexpected [x], 2 with a wrong row
  CNT: 1 keys double-counted (+1 records in all), 2 keys lost records (-2 in all, missing keys included)
  TOTAL: 2 keys with a wrong SUM(n)
  a: CNT 3 want 2 (+1), TOTAL 5 want 3 (+2)
  c: CNT 0 want 1 (-1), TOTAL 0 want 4 (-4)
`
	if d := diffTables(got, want); d.String() != report {
		t.Fatalf("report:\n%s\nwant:\n%s", d, report)
	}
	if d := diffTables(want, want); !d.empty() {
		t.Fatalf("a table differs from itself: %s", d)
	}
}
