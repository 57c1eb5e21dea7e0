package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// response is one actual RQTT response: an admin entity, or the elements of
// one /query response (JSON or protobuf).
type response struct {
	kind   string // "admin", "query" or "queryProto"
	entity map[string]any
	rows   []map[string]any
}

// runRQTT runs a REST test as upstream's RestTestExecutor does: the admin
// statements (those before the first "SELECT ") go to /ksql in one request;
// inputs are produced (after the first query's header with
// waitForActivePushQuery); each query goes to /query; then output topics and
// the responses are compared. An expected error must be the answer to /ksql or
// to a query, with the status and message given.
func runRQTT(ctx context.Context, t *Test, d Driver, p *progress) error {
	c := t.Case
	admin, queries, err := splitStatements(t.Statements)
	if err != nil {
		return err
	}
	if err := createTopics(t, d, p); err != nil {
		return err
	}
	props := t.Properties
	if props == nil {
		props = map[string]any{}
	}
	cl := newRESTClient(d.Handler(), props)
	defer cl.close()

	p.set("sending statements to /ksql")
	actual, err := sendAdmin(ctx, c, cl, admin)
	if err != nil || actual == nil {
		return err
	}
	results, err := runQueries(ctx, t, d, p, cl, queries)
	if err != nil {
		return err
	}
	actual = append(actual, results...)
	var protoErr error
	if c.TestPullWithProto {
		var rs []response
		rs, protoErr = protoQueries(ctx, p, cl, queries)
		actual = append(actual, rs...)
	}
	p.set("comparing outputs")
	if err := verifyOutputs(c, d); err != nil {
		return err
	}
	ordered := c.OutputConditions != nil && c.OutputConditions.VerifyOrder
	err = verifyResponses(actual, c.Responses, t.Statements, ordered)
	if err != nil && protoErr != nil {
		err = fmt.Errorf("%w (a protobuf query failed: %v)", err, protoErr)
	}
	return err
}

// sendAdmin sends the admin statements to /ksql in one request and returns
// one response per entity. When the request failed as expected, it returns
// no responses and no error: the test passed.
func sendAdmin(ctx context.Context, c *Case, cl *restClient, admin []string) ([]response, error) {
	actual := []response{}
	if len(admin) == 0 {
		return actual, nil
	}
	entities, err := cl.ksql(ctx, strings.Join(admin, "\n"))
	if ae := (*apiError)(nil); errors.As(err, &ae) {
		return nil, checkAPIError(c.ExpectedError, ae, "/ksql")
	}
	if err != nil {
		return nil, err
	}
	for _, e := range entities {
		actual = append(actual, response{kind: "admin", entity: e})
	}
	return actual, nil
}

// runQueries produces the inputs and sends each query to /query.
func runQueries(ctx context.Context, t *Test, d Driver, p *progress, cl *restClient, queries []string) ([]response, error) {
	c := t.Case
	produce := func() error { return pipeAll(c.Inputs, d, p) }
	wait := c.InputConditions != nil && c.InputConditions.WaitForActivePushQuery && len(queries) > 0
	if !wait {
		if err := produce(); err != nil {
			return nil, err
		}
	}
	var out []response
	failed := 0
	for i, q := range queries {
		p.set(fmt.Sprintf("running query %d", i))
		var after func() error
		if wait && i == 0 {
			after = produce
		}
		rows, err := cl.query(ctx, q, mediaKsql, after)
		if ae := (*apiError)(nil); errors.As(err, &ae) {
			if err := checkAPIError(c.ExpectedError, ae, fmt.Sprintf("query %d %s", i, clip(q))); err != nil {
				return nil, err
			}
			failed++
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("query %d %s: %w", i, clip(q), err)
		}
		out = append(out, response{kind: "query", rows: rows})
	}
	if ee := c.ExpectedError; ee != nil && (len(out) > 0 || failed == 0) {
		return nil, fmt.Errorf("expected error containing %q, but the statements succeeded", ee.Message)
	}
	return out, nil
}

// protoQueries repeats each query asking for protobuf rows; queries that fail
// give no response, as upstream, but the first failure is returned to
// explain missing responses.
func protoQueries(ctx context.Context, p *progress, cl *restClient, queries []string) ([]response, error) {
	var out []response
	var first error
	for i, q := range queries {
		p.set(fmt.Sprintf("running query %d for protobuf", i))
		rows, err := cl.query(ctx, q, mediaProtobuf, nil)
		if err != nil {
			if first == nil {
				first = fmt.Errorf("query %d: %w", i, err)
			}
			continue
		}
		out = append(out, response{kind: "queryProto", rows: rows})
	}
	return out, first
}

// splitStatements splits statements into admin statements and the queries
// that must all follow them.
func splitStatements(stmts []string) (admin, queries []string, err error) {
	first := len(stmts)
	for i, s := range stmts {
		isQuery := strings.HasPrefix(s, "SELECT ")
		switch {
		case isQuery && first == len(stmts):
			first = i
		case !isQuery && first < len(stmts):
			return nil, nil, fmt.Errorf("invalid test: statement %d follows a query but is not one", i)
		}
	}
	return stmts[:first], stmts[first:], nil
}

// checkAPIError passes when an error response was expected, with this status
// (when given) and a message containing the expected one.
func checkAPIError(ee *ExpectedError, ae *apiError, where string) error {
	switch {
	case ee == nil:
		return fmt.Errorf("%s failed: %s", where, ae)
	case ee.Status != 0 && ee.Status != ae.status:
		return fmt.Errorf("%s: expected error status %d, got %s", where, ee.Status, ae)
	case !strings.Contains(ae.message, ee.Message):
		return fmt.Errorf("%s: expected error containing %q, got %s", where, ee.Message, ae)
	}
	return nil
}
