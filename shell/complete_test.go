package shell

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompleter(t *testing.T) {
	fetches := 0
	c := newCompleter(func(context.Context) ([]string, error) {
		fetches++
		return []string{"ORDERS", "ORDER_ID", "AMOUNT"}, nil
	})
	do := func(line string) []string {
		cands, n := c.Do([]rune(line), len([]rune(line)))
		var out []string
		for _, s := range cands {
			out = append(out, line[len(line)-n:]+string(s))
		}
		return out
	}
	require.Equal(t, []string{"select", "server", "session", "set"}, do("se"))
	require.Equal(t, []string{"SELECT", "SERVER", "SESSION", "SET"}, do("SE"))
	require.Equal(t, []string{"ORDERS", "ORDER_ID"}, do("SELECT * FROM ORD"))
	require.Equal(t, []string{"order_id", "orders"}, do("select * from ord"))
	require.Equal(t, []string{"AMOUNT"}, do("SELECT AMOUNT"), "a whole word completes to itself")
	require.Equal(t, []string{"AMOUNT"}, do("SELECT AM"))
	require.Empty(t, do("SELECT "))
	require.Equal(t, 1, fetches, "names are cached until invalidated")

	c.invalidate()
	do("x")
	require.Equal(t, 2, fetches)

	// A failing fetch leaves the keywords and retries next time.
	failing := newCompleter(func(context.Context) ([]string, error) { return nil, errors.New("down") })
	require.Equal(t, []string{"DESCRIBE"}, failing.candidates("DESCR"))
	require.True(t, failing.stale)
}

func TestComplete(t *testing.T) {
	for text, want := range map[string]bool{
		"SHOW STREAMS;\n":                 true,
		"SHOW STREAMS\n":                  false,
		"SELECT 'a;\n":                    false, // inside a string
		"SELECT 1; SELECT\n":              false,
		"SELECT 1; -- done\n":             true,
		"help\n":                          true,
		"exit\n":                          true,
		"CREATE STREAM s (id INT)\n WITH": false,
	} {
		require.Equal(t, want, complete(text), text)
	}
}

func TestColumnNames(t *testing.T) {
	require.Equal(t, []string{"ID", "M", "a b", "D"},
		columnNames("`ID` STRING KEY, `M` MAP<STRING, STRUCT<`X` INT, `Y` INT>>, `a b` INT, `D` DECIMAL(4, 2)"))
	require.Equal(t, []string{"N"}, columnNames("N BIGINT"))
}
