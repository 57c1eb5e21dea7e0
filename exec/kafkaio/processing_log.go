package kafkaio

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/streamsql/streamsql/exec"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ProcessingLogTopic is ksqlDB's default processing log topic for a service id
// (ksql.logging.processing.topic.name): "<service id>ksql_processing_log".
func ProcessingLogTopic(serviceID string) string { return serviceID + "ksql_processing_log" }

const defaultLogBuffer = 1024

// ProcessingLogConfig configures a ProcessingLogWriter.
type ProcessingLogConfig struct {
	// Brokers and Topic name where entries go; with no Brokers, entries go
	// only to Logger. The topic is created (1 partition) if missing.
	Brokers  []string
	ClientID string
	Topic    string
	// Logger also receives every entry, at warn level; nil means none.
	Logger *slog.Logger
	// Buffer bounds the entries waiting to be written; default 1024.
	Buffer int
}

// ProcessingLogWriter is an exec.ProcessingLog that writes each entry as a JSON
// object {"queryId","topic","partition","offset","reason","time"} (time in ms
// since the epoch) to a topic and to a slog logger. Log never blocks: entries
// that find the buffer full are dropped and counted.
type ProcessingLogWriter struct {
	cfg     ProcessingLogConfig
	cl      *kgo.Client // nil without brokers
	ch      chan logEntry
	dropped atomic.Int64
	done    chan struct{}
	once    sync.Once
	mu      sync.RWMutex // guards closed against Log sending on a closed ch
	closed  bool
}

type logEntry struct {
	QueryID   string `json:"queryId"`
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Reason    string `json:"reason"`
	Time      int64  `json:"time"`
}

// NewProcessingLogWriter starts a writer; ctx bounds creating the topic.
func NewProcessingLogWriter(ctx context.Context, cfg ProcessingLogConfig) (*ProcessingLogWriter, error) {
	if cfg.Buffer <= 0 {
		cfg.Buffer = defaultLogBuffer
	}
	w := &ProcessingLogWriter{cfg: cfg, ch: make(chan logEntry, cfg.Buffer), done: make(chan struct{})}
	if len(cfg.Brokers) > 0 {
		if cfg.Topic == "" {
			return nil, errors.New("kafkaio: processing log has brokers but no topic")
		}
		if _, err := ensureTopic(ctx, cfg.Brokers, cfg.ClientID, cfg.Topic, 1, nil); err != nil {
			return nil, err
		}
		cl, err := newClient(cfg.Brokers, cfg.ClientID, cfg.Logger,
			kgo.DefaultProduceTopic(cfg.Topic),
			kgo.MaxBufferedRecords(cfg.Buffer),
			kgo.RecordDeliveryTimeout(defaultFlushTimeout))
		if err != nil {
			return nil, err
		}
		w.cl = cl
	}
	go w.drain()
	return w, nil
}

// Log queues e; it drops e, counting it, if the buffer is full or the writer
// is closed.
func (w *ProcessingLogWriter) Log(e exec.ProcessingLogEntry) {
	le := logEntry{e.QueryID, e.Topic, e.Partition, e.Offset, e.Reason, time.Now().UnixMilli()}
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		w.dropped.Add(1)
		return
	}
	select {
	case w.ch <- le:
	default:
		w.dropped.Add(1)
	}
}

// Dropped returns how many entries were lost: buffer full, closed writer, or
// failed produce.
func (w *ProcessingLogWriter) Dropped() int64 { return w.dropped.Load() }

// Close writes the queued entries, flushes them to the topic and stops the
// writer. Entries logged afterwards are dropped.
func (w *ProcessingLogWriter) Close() error {
	w.once.Do(func() {
		w.mu.Lock()
		w.closed = true
		close(w.ch)
		w.mu.Unlock()
		<-w.done
	})
	return nil
}

func (w *ProcessingLogWriter) drain() {
	defer close(w.done)
	for e := range w.ch {
		w.write(e)
	}
	if w.cl != nil {
		ctx, cancel := context.WithTimeout(context.Background(), defaultFlushTimeout)
		defer cancel()
		if err := w.cl.Flush(ctx); err != nil && w.cfg.Logger != nil {
			w.cfg.Logger.Warn("flush processing log", "topic", w.cfg.Topic, "error", err)
		}
		w.cl.Close()
	}
}

func (w *ProcessingLogWriter) write(e logEntry) {
	if l := w.cfg.Logger; l != nil {
		l.Warn("record skipped", "query", e.QueryID, "topic", e.Topic,
			"partition", e.Partition, "offset", e.Offset, "reason", e.Reason)
	}
	if w.cl == nil {
		return
	}
	val, err := json.Marshal(e)
	if err != nil { // cannot happen: logEntry holds only strings and numbers
		w.dropped.Add(1)
		return
	}
	w.cl.TryProduce(context.Background(), &kgo.Record{Value: val, Timestamp: time.UnixMilli(e.Time)}, w.produced)
}

func (w *ProcessingLogWriter) produced(_ *kgo.Record, err error) {
	if err == nil {
		return
	}
	w.dropped.Add(1)
	if w.cfg.Logger != nil {
		w.cfg.Logger.Warn("write processing log", "topic", w.cfg.Topic, "error", err)
	}
}
