package server

import (
	"context"
	"errors"
	"log/slog"

	"github.com/streamsql/streamsql/engine"
)

// pump streams one subscription's rows until its query ends, it is
// unsubscribed or the socket ends.
func (ms *multiSession) pump(ctx context.Context, sub *subscription) {
	defer ms.pumps.Done()
	defer close(sub.done)
	var frame []byte
	for {
		row, err := sub.q.Next(ctx)
		if err == nil {
			frame, err = appendSubRow(frame[:0], sub, row)
		}
		if err != nil {
			ms.ended(ctx, sub, err)
			return
		}
		if !ms.send(frame) {
			ms.cancel()
			return
		}
	}
}

// appendSubRow renders {"op":"row","id":..,"row":[...]} (with "tombstone":true for deletes).
func appendSubRow(b []byte, sub *subscription, row engine.Row) ([]byte, error) {
	b = append(b, sub.prefix...)
	b, err := appendRow(b, sub.q.Columns(), row.Values)
	if row.Tombstone {
		b = append(b, `,"tombstone":true`...)
	}
	return append(b, '}'), err
}

// ended tells the client why a subscription's query stopped by itself. A
// slow consumer closes the whole socket with 1013.
func (ms *multiSession) ended(ctx context.Context, sub *subscription, err error) {
	if ctx.Err() != nil {
		return // unsubscribed, or the socket is ending: the query is closed there
	}
	ms.remove(sub)
	var end *engine.End
	if errors.As(err, &end) {
		ms.reply(wsReply{Op: "done", ID: sub.id, Message: end.Message})
		return
	}
	ms.reply(wsReply{Op: "error", ID: sub.id, Message: errorMessage(err)})
	if errors.Is(err, engine.ErrSlowConsumer) {
		ms.log.Warn("websocket subscriber too slow", slog.String("id", sub.id), slog.String("queryId", sub.q.ID()))
		ms.closeWith(closeTryAgainLater, err.Error())
	}
}

// remove forgets sub (if still registered) and closes its query.
func (ms *multiSession) remove(sub *subscription) {
	ms.mu.Lock()
	if ms.subs[sub.id] == sub {
		delete(ms.subs, sub.id)
	}
	ms.mu.Unlock()
	sub.q.Close()
}

// unsubscribe stops subscription id and waits for its pump, so that no row of
// it follows; it reports whether id was subscribed.
func (ms *multiSession) unsubscribe(id string) bool {
	ms.mu.Lock()
	sub, ok := ms.subs[id]
	delete(ms.subs, id)
	ms.mu.Unlock()
	if !ok {
		return false
	}
	sub.cancel()
	sub.q.Close()
	<-sub.done
	return true
}

// stopAll stops every subscription and waits for the pumps; no subscription
// starts afterwards.
func (ms *multiSession) stopAll() {
	ms.mu.Lock()
	ms.closing = true
	subs := ms.subs
	ms.subs = map[string]*subscription{}
	ms.mu.Unlock()
	for _, sub := range subs {
		sub.cancel()
		sub.q.Close()
	}
	ms.pumps.Wait()
}

// reply sends one protocol message; a failed write ends the socket.
func (ms *multiSession) reply(r wsReply) {
	b, err := marshal(r)
	if err != nil || !ms.send(b) {
		ms.cancel()
	}
}

// send writes one text frame, serialised with the other subscriptions'.
func (ms *multiSession) send(frame []byte) bool {
	ms.wmu.Lock()
	defer ms.wmu.Unlock()
	return ms.write(frame)
}

// closeWith sends the socket's one close frame and wakes serve.
func (ms *multiSession) closeWith(code int, reason string) {
	ms.endOnce.Do(func() {
		ms.wmu.Lock() // after any frame being written
		ms.close(code, reason)
		ms.wmu.Unlock()
		close(ms.ending)
	})
}
