package e2e

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// input is one record produced to topic s: key id, value {"name","amount"}
// with lower-case field names, as producers write them.
type input struct {
	id     string
	name   string
	amount float64
}

// line renders the record for `kcat -P -K:`.
func (in input) line() string {
	return fmt.Sprintf(`%s:{"name":%q,"amount":%v}`, in.id, in.name, in.amount)
}

// bigRow is one record of topic BIG: key ID, value {"NAME","DOUBLED"}.
type bigRow struct {
	id      string
	name    string
	doubled float64
}

// expectBig is what `CREATE STREAM big AS SELECT id, UCASE(name) AS name,
// amount * 2 AS doubled FROM s WHERE amount > 10` must have written for ins,
// sorted by key.
func expectBig(ins []input) []bigRow {
	var out []bigRow
	for _, in := range ins {
		if in.amount > 10 {
			out = append(out, bigRow{id: in.id, name: strings.ToUpper(in.name), doubled: in.amount * 2})
		}
	}
	return sortBig(out)
}

func sortBig(rows []bigRow) []bigRow {
	slices.SortFunc(rows, func(a, b bigRow) int { return cmp.Compare(a.id, b.id) })
	return rows
}

// parseBig decodes BIG's records, sorted by key. Each value must be a JSON
// object with exactly the fields NAME (string) and DOUBLED (number): the key
// column ID lives in the record key, as in ksqlDB.
func parseBig(t *testing.T, recs []record) []bigRow {
	t.Helper()
	out := make([]bigRow, 0, len(recs))
	for _, r := range recs {
		v, ok := decode(t, []byte(r.Value)).(map[string]any)
		if !ok || len(v) != 2 {
			t.Fatalf("BIG record %s has value %s: want an object with exactly NAME and DOUBLED", r.Key, r.Value)
		}
		out = append(out, bigRow{id: r.Key, name: str(t, v, "NAME"), doubled: num(t, field(t, v, "DOUBLED"))})
	}
	return sortBig(out)
}

// checkBig fails unless got equals want exactly.
func checkBig(t *testing.T, got, want []bigRow) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("topic BIG holds\n  %v\nwant\n  %v", got, want)
	}
}

// pushRow is one row of `SELECT * FROM s`: ID, NAME, AMOUNT.
type pushRow struct {
	id     string
	name   string
	amount float64
}

func rowsOf(ins []input) []pushRow {
	out := make([]pushRow, len(ins))
	for i, in := range ins {
		out[i] = pushRow(in)
	}
	return sortRows(out)
}

func sortRows(rows []pushRow) []pushRow {
	slices.SortFunc(rows, func(a, b pushRow) int { return cmp.Compare(a.id, b.id) })
	return rows
}

// parsePushRow decodes one row's columns, [id, name, amount].
func parsePushRow(t *testing.T, raw json.RawMessage) pushRow {
	t.Helper()
	cols, ok := decode(t, raw).([]any)
	if !ok || len(cols) != 3 {
		t.Fatalf("push query row %s: want an array of 3 columns", raw)
	}
	id, ok1 := cols[0].(string)
	name, ok2 := cols[1].(string)
	if !ok1 || !ok2 {
		t.Fatalf("push query row %s: ID and NAME must be strings", raw)
	}
	return pushRow{id: id, name: name, amount: num(t, cols[2])}
}

// checkRows fails unless the rows are exactly want, in any order.
func checkRows(t *testing.T, via string, got, want []pushRow) {
	t.Helper()
	if got = sortRows(got); !slices.Equal(got, want) {
		t.Fatalf("%s: push query rows\n  %v\nwant\n  %v", via, got, want)
	}
}

// checkStreamHeader checks the /query-stream header of `SELECT * FROM s`.
func checkStreamHeader(t *testing.T, via string, raw json.RawMessage) {
	t.Helper()
	h := decode(t, raw)
	if id := str(t, h, "queryId"); id == "" {
		t.Fatalf("%s: empty queryId in header %s", via, raw)
	}
	names, types := jsonText(field(t, h, "columnNames")), jsonText(field(t, h, "columnTypes"))
	if names != `["ID","NAME","AMOUNT"]` || types != `["STRING","STRING","DOUBLE"]` {
		t.Fatalf("%s: header %s: want columnNames [ID NAME AMOUNT], columnTypes [STRING STRING DOUBLE]", via, raw)
	}
}
