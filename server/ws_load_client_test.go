package server_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
)

// loadSub is one subscriber of TestWSLoad: WHERE g = its group, so it must
// receive seq = g, g+N, g+2N... in order, each exactly once.
type loadSub struct {
	g       int
	conn    *websocket.Conn
	connect time.Duration // dial until the schema frame
	want    int
	got     int
	lat     []time.Duration // produce → receive, per row
	err     error
	done    chan struct{}
}

var loadDialer = websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 256}

// dialQuery opens /ws/query for sql and reads the schema frame.
func dialQuery(base, sql string, v2 bool) (*websocket.Conn, error) {
	props := map[string]any{}
	if !v2 {
		props["ksql.query.push.v2.enabled"] = "false"
	}
	req, _ := json.Marshal(map[string]any{"ksql": sql, "streamsProperties": props})
	conn, resp, err := loadDialer.Dial(base+"?request="+url.QueryEscape(string(req)), nil)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, _, err := conn.ReadMessage(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	_ = conn.SetReadDeadline(time.Time{})
	return conn, nil
}

// connectAll connects cfg.subs subscribers, cfg.parallel at a time, and
// starts their readers; it returns them and the time all took.
func connectAll(t *testing.T, base string, cfg loadConfig, total int) ([]*loadSub, time.Duration) {
	t.Helper()
	subs := make([]*loadSub, cfg.subs)
	errs := make(chan error, cfg.subs)
	sem := make(chan struct{}, cfg.parallel)
	var wg sync.WaitGroup
	start := time.Now()
	for g := range subs {
		want := (total - g + cfg.subs - 1) / cfg.subs
		s := &loadSub{g: g, want: want, lat: make([]time.Duration, 0, want), done: make(chan struct{})}
		subs[g] = s
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t0 := time.Now()
			conn, err := dialQuery(base, fmt.Sprintf("SELECT seq, ts FROM feed WHERE g = %d EMIT CHANGES;", s.g), cfg.v2)
			if err != nil {
				errs <- fmt.Errorf("subscriber %d: %w", s.g, err)
				close(s.done)
				return
			}
			s.conn, s.connect = conn, time.Since(t0)
			go s.read(cfg.subs)
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	close(errs)
	for err := range errs {
		for _, s := range subs {
			if s.conn != nil {
				s.conn.Close()
			}
		}
		require.NoError(t, err)
	}
	return subs, wall
}

// read checks every row against the next expected sequence number, then that
// no row follows the last one.
func (s *loadSub) read(n int) {
	defer close(s.done)
	var frame struct {
		Row struct {
			Columns []int64 `json:"columns"`
		} `json:"row"`
	}
	for next := int64(s.g); s.got < s.want; next += int64(n) {
		_, msg, err := s.conn.ReadMessage()
		now := time.Now()
		if err != nil {
			s.err = fmt.Errorf("after %d of %d rows: %w", s.got, s.want, err)
			return
		}
		if err := json.Unmarshal(msg, &frame); err != nil || len(frame.Row.Columns) != 2 {
			s.err = fmt.Errorf("unexpected frame %s (%v)", msg, err)
			return
		}
		if seq := frame.Row.Columns[0]; seq != next {
			s.err = fmt.Errorf("row %d: got seq %d, want %d (a gap or a foreign row)", s.got, seq, next)
			return
		}
		s.lat = append(s.lat, now.Sub(time.Unix(0, frame.Row.Columns[1])))
		s.got++
	}
	_ = s.conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, msg, err := s.conn.ReadMessage(); err == nil {
		s.err = fmt.Errorf("a row after the last one: %s", msg)
	} else if ne := (net.Error)(nil); !errors.As(err, &ne) || !ne.Timeout() {
		s.err = fmt.Errorf("after the last row: %w", err)
	}
}

func waitAll(t *testing.T, subs []*loadSub, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for _, s := range subs {
		select {
		case <-s.done:
		case <-deadline:
			for _, s := range subs {
				s.conn.Close() // unblocks the readers
			}
			t.Fatalf("subscriber %d has %d of %d rows after %s", s.g, s.got, s.want, timeout)
		}
	}
}

// slowSub reads nothing until startReading, then everything until the close.
type slowSub struct {
	conn   *websocket.Conn
	go_    chan struct{}
	once   sync.Once
	done   chan struct{}
	frames int
	code   int
	reason string
}

func dialSlow(t *testing.T, base string, cfg loadConfig) *slowSub {
	t.Helper()
	conn, err := dialQuery(base, "SELECT seq, LPAD('x', 8000, 'x') AS pad FROM feed EMIT CHANGES;", cfg.v2)
	require.NoError(t, err)
	s := &slowSub{conn: conn, go_: make(chan struct{}), done: make(chan struct{})}
	go s.read()
	return s
}

func (s *slowSub) startReading() { s.once.Do(func() { close(s.go_) }) }

func (s *slowSub) read() {
	defer close(s.done)
	defer s.conn.Close()
	<-s.go_
	_ = s.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		_, _, err := s.conn.ReadMessage()
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			s.code, s.reason = ce.Code, ce.Text
			return
		}
		if err != nil {
			s.reason = err.Error()
			return
		}
		s.frames++
	}
}

// result waits for the close and returns its code, reason and the rows read.
func (s *slowSub) result() (int, string, int) {
	s.startReading()
	<-s.done
	return s.code, s.reason, s.frames
}

// report logs the figures of a run.
func report(t *testing.T, cfg loadConfig, total int, subs []*loadSub, wall time.Duration,
	before, during runtimeSample, slowFrames int) {
	var conn, lat []time.Duration
	for _, s := range subs {
		conn = append(conn, s.connect)
		lat = append(lat, s.lat...)
	}
	n := cfg.subs + 1 // with the slow one
	clientG := cfg.subs + 2
	t.Logf("load: %d subscribers (+1 slow), %d rows/s for %s = %d rows, shared reader %v",
		cfg.subs, cfg.rate, cfg.dur, total, cfg.v2)
	t.Logf("connect (dial → schema frame, %d at a time): p50 %s p99 %s max %s; all in %s",
		cfg.parallel, pct(conn, 0.50), pct(conn, 0.99), pct(conn, 1), wall.Round(time.Millisecond))
	t.Logf("delivery latency (produce → client) over %d rows: p50 %s p99 %s max %s",
		len(lat), pct(lat, 0.50), pct(lat, 0.99), pct(lat, 1))
	t.Logf("heap: %d KiB before, %d KiB during: %.1f KiB per subscriber (server and in-process client)",
		before.heap>>10, during.heap>>10, float64(during.heap-before.heap)/1024/float64(n))
	t.Logf("goroutines: %d before, %d during: %.2f per subscriber on the server (%d client goroutines excluded)",
		before.goroutines, during.goroutines, float64(during.goroutines-before.goroutines-clientG)/float64(n), clientG)
	t.Logf("slow subscriber: closed with 1013 after %d of %d rows", slowFrames, total)
}

// pct returns the p-quantile of ds (nearest rank).
func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[int(p*float64(len(s)-1))].Round(10 * time.Microsecond)
}
