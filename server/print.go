package server

import (
	"bytes"
	"encoding/json"

	"github.com/streamsql/streamsql/engine"
)

// printFormat frames PRINT over /query as ksqlDB does: plain text, one line
// per record (and per format line), no JSON array around them.
type printFormat struct{}

func (printFormat) header(*bytes.Buffer, engine.Query) {}

func (printFormat) row(buf *bytes.Buffer, cols []byte, _ bool) {
	var vals []string
	if err := json.Unmarshal(cols, &vals); err != nil || len(vals) == 0 {
		buf.Write(cols)
	} else {
		buf.WriteString(vals[0])
	}
	buf.WriteByte('\n')
}

func (printFormat) end(*bytes.Buffer, string) {}

func (printFormat) fail(buf *bytes.Buffer, err error) {
	_, body := errorBody(err)
	b, _ := json.Marshal(body)
	buf.Write(b)
	buf.WriteByte('\n')
}
