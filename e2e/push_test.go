package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// pushQueries runs `SELECT * FROM s EMIT CHANGES LIMIT 3` three ways at once
// (/query-stream delimited, /query-stream JSON, /ws/query), produces three
// records once every query has sent its header, and requires each to deliver
// exactly those rows and then end.
func (sc *scenario) pushQueries(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	delimited := sc.rest.queryStream(ctx, t, pushSQL, "application/vnd.ksqlapi.delimited.v1")
	array := json.NewDecoder(sc.rest.queryStream(ctx, t, pushSQL, "application/json"))
	ws := wsQuery(t, sc.srv.baseURL(), pushSQL)
	if err := ws.SetReadDeadline(time.Now().Add(waitTimeout)); err != nil {
		t.Fatal(err)
	}

	// A query has its start offsets once its header is out.
	checkStreamHeader(t, "delimited", readLine(t, delimited))
	expectDelim(t, array, '[')
	checkStreamHeader(t, "json", decodeRaw(t, array))
	checkWSSchema(t, readFrame(t, ws))

	ins := []input{{"f", "frank", 15}, {"g", "gina", 2}, {"h", "hank", 25}}
	sc.produce(t, ins...)
	want := rowsOf(ins)

	var got []pushRow
	for range len(ins) {
		got = append(got, parsePushRow(t, readLine(t, delimited)))
	}
	checkRows(t, "delimited", got, want)
	if rest, err := io.ReadAll(delimited); err != nil || len(rest) != 0 {
		t.Fatalf("delimited: want the response to end after LIMIT 3, got %q, %v", rest, err)
	}

	got = nil
	for range len(ins) {
		got = append(got, parsePushRow(t, decodeRaw(t, array)))
	}
	checkRows(t, "json", got, want)
	expectDelim(t, array, ']')
	if _, err := array.Token(); err != io.EOF {
		t.Fatalf("json: want the response to end after ']', got %v", err)
	}

	got = nil
	for range len(ins) {
		var frame struct {
			Row struct {
				Columns json.RawMessage `json:"columns"`
			} `json:"row"`
		}
		raw := readFrame(t, ws)
		if err := json.Unmarshal(raw, &frame); err != nil || frame.Row.Columns == nil {
			t.Fatalf("websocket: want a {\"row\":{\"columns\":[...]}} frame, got %s (%v)", raw, err)
		}
		got = append(got, parsePushRow(t, frame.Row.Columns))
	}
	checkRows(t, "websocket", got, want)
	_, msg, err := ws.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
		t.Fatalf("websocket: want close 1000 after LIMIT 3, got frame %s, error %v", msg, err)
	}
	sc.waitBig(t)
}

func readLine(t *testing.T, r *bufio.Reader) json.RawMessage {
	t.Helper()
	line, err := r.ReadBytes('\n')
	if err != nil {
		t.Fatalf("delimited: reading a line: %v (read %q)", err, line)
	}
	return bytes.TrimSuffix(line, []byte{'\n'})
}

func decodeRaw(t *testing.T, dec *json.Decoder) json.RawMessage {
	t.Helper()
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("json: reading an array element: %v", err)
	}
	return raw
}

func expectDelim(t *testing.T, dec *json.Decoder, d json.Delim) {
	t.Helper()
	tok, err := dec.Token()
	if err != nil || tok != d {
		t.Fatalf("json: want %q, got %v (%v)", d, tok, err)
	}
}

func readFrame(t *testing.T, ws *websocket.Conn) []byte {
	t.Helper()
	typ, msg, err := ws.ReadMessage()
	var closeErr *websocket.CloseError
	switch {
	case errors.As(err, &closeErr):
		t.Fatalf("websocket: closed early: %d %s", closeErr.Code, closeErr.Text)
	case err != nil:
		t.Fatalf("websocket: reading a frame: %v", err)
	case typ != websocket.TextMessage:
		t.Fatalf("websocket: want a text frame, got type %d", typ)
	}
	return msg
}

// checkWSSchema checks the first /ws/query frame: the FieldInfo list.
func checkWSSchema(t *testing.T, raw []byte) {
	t.Helper()
	var fields []struct {
		Name   string `json:"name"`
		Schema struct {
			Type string `json:"type"`
		} `json:"schema"`
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatalf("websocket: schema frame %s: %v", raw, err)
	}
	var got []string
	for _, f := range fields {
		got = append(got, f.Name+" "+f.Schema.Type)
	}
	if jsonText(got) != `["ID STRING","NAME STRING","AMOUNT DOUBLE"]` {
		t.Fatalf("websocket: schema frame %s: want ID STRING, NAME STRING, AMOUNT DOUBLE", raw)
	}
}
