package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/streamsql/streamsql/engine"
)

// GET /ws is streamsql's own WebSocket protocol: several push queries on one
// socket. Every message is a JSON object with an "op".
//
// Client → server:
//
//	{"op":"subscribe","id":"q1","sql":"SELECT ... EMIT CHANGES;","properties":{...}}
//	{"op":"subscribe","id":"q1","sql":"...","resume":true}  re-subscribe after a reconnect
//	{"op":"unsubscribe","id":"q1"}
//
// Server → client:
//
//	{"op":"subscribed","id":"q1","queryId":"transient_..","columns":[{"name":..,"schema":{..}}]}
//	{"op":"row","id":"q1","row":[...]}                 ("tombstone":true for deleted table rows)
//	{"op":"done","id":"q1","message":"Limit Reached"}  the query ended by itself
//	{"op":"unsubscribed","id":"q1"}                    no row of q1 follows
//	{"op":"error","id":"q1","message":".."}            id is empty for a malformed message
//
// Resume starts the query again from the latest offsets (auto.offset.reset is
// forced to latest): rows produced while the client was away are not
// replayed. A resume of an id already subscribed on this socket replaces it.
//
// Each subscription is its own engine query with the engine's bounded row
// buffer. A subscription that falls behind ends with ErrSlowConsumer: the
// client gets {"op":"error",..} and the socket is closed with 1013; other
// sockets, including other subscribers of the same SQL, are unaffected.
// Errors of one subscription otherwise leave the socket and the others open.

// maxSubscriptions bounds the queries one socket may run at once.
const maxSubscriptions = 32

// maxMultiClientMessage bounds the frames a /ws client may send.
const maxMultiClientMessage = 64 << 10

// wsMessage is a client message of the /ws protocol.
type wsMessage struct {
	Op         string         `json:"op"`
	ID         string         `json:"id"`
	SQL        string         `json:"sql"`
	Properties map[string]any `json:"properties"`
	Resume     bool           `json:"resume"`
}

// wsReply is a server message of the /ws protocol other than a row.
type wsReply struct {
	Op      string             `json:"op"`
	ID      string             `json:"id"`
	QueryID string             `json:"queryId,omitempty"`
	Columns []engine.FieldInfo `json:"columns,omitempty"`
	Message string             `json:"message,omitempty"`
}

// multiSession is one /ws connection: the session's reader and pinger, plus
// one pump goroutine per subscription. Data frames are serialised by wmu.
type multiSession struct {
	*session
	wmu sync.Mutex

	mu      sync.Mutex
	subs    map[string]*subscription
	closing bool // set once: no subscription starts after it

	pumps   sync.WaitGroup
	endOnce sync.Once
	ending  chan struct{} // closed when a close frame was sent by a pump
}

// subscription is one running query on a /ws socket.
type subscription struct {
	id     string
	q      engine.Query
	prefix []byte // {"op":"row","id":<id>,"row":
	cancel context.CancelFunc
	done   chan struct{} // closed when the pump has exited
}

// handleMultiWebSocket serves GET /ws.
func (s *Server) handleMultiWebSocket(w http.ResponseWriter, r *http.Request) {
	if !websocket.IsWebSocketUpgrade(r) {
		s.errorf(w, r, engine.CodeBadRequest, "%s expects a WebSocket upgrade request", r.URL.Path)
		return
	}
	upgrader := websocket.Upgrader{HandshakeTimeout: s.opts.WriteTimeout, ReadBufferSize: 1 << 10,
		WriteBufferSize: 4 << 10, CheckOrigin: s.checkOrigin}
	s.sessions.Add(1) // before the hijack, so that Serve's shutdown waits for it
	defer s.sessions.Done()
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.log.Warn("websocket upgrade failed", slog.String("error", err.Error()))
		return
	}
	ms := s.newMultiSession(r.Context(), conn)
	defer ms.finish()
	ms.serve()
}

func (s *Server) newMultiSession(parent context.Context, conn *websocket.Conn) *multiSession {
	ctx, cancel := context.WithCancel(parent)
	sess := &session{s: s, conn: conn, ctx: ctx, cancel: cancel, readerDone: make(chan struct{}),
		log: s.log.With(slog.String("path", "/ws"), slog.String("remote", conn.RemoteAddr().String()))}
	conn.SetReadLimit(maxMultiClientMessage)
	sess.extendReadDeadline()
	conn.SetPongHandler(func(string) error { sess.extendReadDeadline(); return nil })
	ms := &multiSession{session: sess, subs: map[string]*subscription{}, ending: make(chan struct{})}
	sess.wg.Add(2)
	go ms.read()
	go sess.ping()
	return ms
}

// serve waits until the client goes, the server stops or a pump closed the
// socket, then stops every subscription.
func (ms *multiSession) serve() {
	select {
	case <-ms.ctx.Done():
	case <-ms.ending:
	}
	ms.stopAll()
	select {
	case <-ms.readerDone: // the client is gone: nobody to tell
	case <-ms.ending: // already closed
	default:
		ms.closeWith(closeGoingAway, "server shutting down")
	}
}

// read handles client messages until the connection fails or the client closes it.
func (ms *multiSession) read() {
	defer ms.wg.Done()
	defer close(ms.readerDone)
	defer ms.cancel()
	for {
		_, data, err := ms.conn.ReadMessage()
		if err != nil {
			ms.log.Debug("websocket client gone", slog.String("error", err.Error()))
			return
		}
		ms.extendReadDeadline()
		ms.handle(data)
	}
}

// handle runs one client message; a bad message is answered with an error.
func (ms *multiSession) handle(data []byte) {
	var m wsMessage
	if err := json.Unmarshal(data, &m); err != nil {
		ms.reply(wsReply{Op: "error", Message: "malformed message: " + err.Error()})
		return
	}
	switch {
	case m.Op == "subscribe":
		ms.subscribe(m)
	case m.Op == "unsubscribe" && ms.unsubscribe(m.ID):
		ms.reply(wsReply{Op: "unsubscribed", ID: m.ID})
	case m.Op == "unsubscribe":
		ms.reply(wsReply{Op: "error", ID: m.ID, Message: "no subscription with id " + quoteID(m.ID)})
	default:
		ms.reply(wsReply{Op: "error", ID: m.ID, Message: `unknown op ` + quoteID(m.Op) + `: want "subscribe" or "unsubscribe"`})
	}
}

func quoteID(s string) string { b, _ := json.Marshal(s); return string(b) }

// subscribe starts the query of m and its pump.
func (ms *multiSession) subscribe(m wsMessage) {
	if msg := ms.checkSubscribe(m); msg != "" {
		ms.reply(wsReply{Op: "error", ID: m.ID, Message: msg})
		return
	}
	if m.Resume {
		ms.unsubscribe(m.ID)
	}
	req := engine.Request{SQL: m.SQL, Properties: m.Properties}
	if m.Resume {
		req.Properties = maps.Clone(m.Properties)
		if req.Properties == nil {
			req.Properties = map[string]any{}
		}
		req.Properties["auto.offset.reset"] = "latest"
	}
	q, err := ms.s.backend.Query(ms.ctx, req)
	if err != nil {
		ms.reply(wsReply{Op: "error", ID: m.ID, Message: errorMessage(err)})
		return
	}
	ctx, cancel := context.WithCancel(ms.ctx)
	sub, msg := ms.add(m.ID, q, cancel)
	if msg != "" {
		cancel()
		q.Close()
		ms.reply(wsReply{Op: "error", ID: m.ID, Message: msg})
		return
	}
	ms.reply(wsReply{Op: "subscribed", ID: m.ID, QueryID: q.ID(), Columns: fieldInfos(q.Columns())})
	go ms.pump(ctx, sub)
}

// checkSubscribe returns what is wrong with a subscribe message, or "".
func (ms *multiSession) checkSubscribe(m wsMessage) string {
	if m.ID == "" {
		return `subscribe needs a non-empty "id"`
	}
	if m.SQL == "" {
		return `subscribe ` + quoteID(m.ID) + ` needs a "sql" statement`
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if _, dup := ms.subs[m.ID]; dup && !m.Resume {
		return "subscription " + quoteID(m.ID) + ` already exists: unsubscribe first or send "resume":true`
	}
	return ""
}

// add registers a subscription; the pump's WaitGroup slot is taken here, so
// that stopAll cannot miss it.
func (ms *multiSession) add(id string, q engine.Query, cancel context.CancelFunc) (*subscription, string) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	switch {
	case ms.closing:
		return nil, "the connection is closing"
	case ms.subs[id] != nil:
		return nil, "subscription " + quoteID(id) + " already exists"
	case len(ms.subs) >= maxSubscriptions:
		return nil, "too many subscriptions on one connection: unsubscribe one first"
	}
	prefix, _ := marshal(id) // a string: cannot fail
	sub := &subscription{id: id, q: q, done: make(chan struct{}), cancel: cancel,
		prefix: append(append([]byte(`{"op":"row","id":`), prefix...), `,"row":`...)}
	ms.subs[id] = sub
	ms.pumps.Add(1)
	return sub, ""
}

// errorMessage is the text of an engine error for a client.
func errorMessage(err error) string {
	var e *engine.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
