package server

import (
	"bytes"
	"encoding/base64"
	"log/slog"
	"net/http"

	"github.com/streamsql/streamsql/engine"
)

// protobufFormat frames /query responses for Accept:
// application/vnd.ksql.v1+protobuf. The array and its framing are those of
// queryFormat; the header adds the rows' proto3 schema and each row is
//
//	{"row":{"protobufBytes":"<base64 of the row message>"}}
//
// Tombstones keep the JSON row shape, as upstream.
type protobufFormat struct {
	queryFormat
	schema string // protoSchemaText of the columns
}

type protobufHeader struct {
	Header struct {
		QueryID     string `json:"queryId"`
		Schema      string `json:"schema"`
		ProtoSchema string `json:"protoSchema"`
	} `json:"header"`
}

func (f *protobufFormat) header(buf *bytes.Buffer, q engine.Query) {
	var h protobufHeader
	h.Header.QueryID = q.ID()
	h.Header.Schema = schemaString(q.Columns())
	h.Header.ProtoSchema = f.schema
	b, _ := marshal(h) // only strings: cannot fail
	buf.WriteByte('[')
	buf.Write(b)
	f.separate(buf, false)
}

// protoRow appends a row given as its encoded message.
func (f *protobufFormat) protoRow(buf *bytes.Buffer, msg []byte) {
	f.separate(buf, true)
	buf.WriteString(`{"row":{"protobufBytes":"`)
	enc := base64.NewEncoder(base64.StdEncoding, buf)
	enc.Write(msg)
	enc.Close()
	buf.WriteString(`"}}`)
	f.separate(buf, false)
}

// streamProtobuf is stream for the protobuf format: rows are encoded from
// their values rather than from their JSON rendering. A result whose columns
// have no protobuf representation is refused before anything is written.
func (s *Server) streamProtobuf(w http.ResponseWriter, r *http.Request, q engine.Query) {
	defer q.Close()
	cols := q.Columns()
	schema, err := protoSchemaText(cols)
	if err != nil {
		s.writeError(w, r, &engine.Error{Code: engine.CodeBadRequest,
			Message: "cannot return the result as " + mediaProtobuf + ": column " + err.Error()})
		return
	}
	f := &protobufFormat{queryFormat: queryFormat{pull: q.Pull()}, schema: schema}
	ctx := r.Context()
	log := s.log.With(slog.String("path", r.URL.Path), slog.String("queryId", q.ID()))
	sw := s.newStreamWriter(w, r)
	f.header(&sw.buf, q)
	var scratch []byte
	for sw.send(log) {
		row, err := q.Next(ctx)
		if err == nil {
			scratch, err = f.appendRow(&sw.buf, cols, row, scratch[:0])
		}
		if err != nil {
			if s.finishStream(ctx.Err() != nil, log, &sw.buf, f, err) {
				sw.send(log)
			}
			return
		}
	}
}

// appendRow encodes row (as JSON for a tombstone) and frames it, using
// scratch as working space; it returns the grown scratch.
func (f *protobufFormat) appendRow(buf *bytes.Buffer, cols []engine.Column, row engine.Row, scratch []byte) ([]byte, error) {
	if row.Tombstone {
		rendered, err := appendRow(scratch, cols, row.Values)
		if err == nil {
			f.row(buf, rendered, true)
		}
		return rendered, err
	}
	msg, err := appendProtoRow(scratch, cols, row.Values)
	if err == nil {
		f.protoRow(buf, msg)
	}
	return msg, err
}
