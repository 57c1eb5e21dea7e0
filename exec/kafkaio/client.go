package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"
)

// newClient returns a franz-go client for brokers. The client connects lazily,
// so errors here are configuration errors only.
func newClient(brokers []string, clientID string, log *slog.Logger, opts ...kgo.Opt) (*kgo.Client, error) {
	base, err := clientOpts(brokers, clientID, log)
	if err != nil {
		return nil, err
	}
	cl, err := kgo.NewClient(append(base, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("kafkaio: client for %s: %w", addrList(brokers), err)
	}
	return cl, nil
}

// newTransactSession is newClient for a transactional consumer-producer in a
// group.
func newTransactSession(brokers []string, clientID string, log *slog.Logger, opts ...kgo.Opt) (*kgo.GroupTransactSession, error) {
	base, err := clientOpts(brokers, clientID, log)
	if err != nil {
		return nil, err
	}
	s, err := kgo.NewGroupTransactSession(append(base, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("kafkaio: transactional client for %s: %w", addrList(brokers), err)
	}
	return s, nil
}

// clientOpts are the options every client of this package starts from.
func clientOpts(brokers []string, clientID string, log *slog.Logger) ([]kgo.Opt, error) {
	if len(brokers) == 0 {
		return nil, errors.New("kafkaio: no broker addresses configured")
	}
	base := []kgo.Opt{
		kgo.SeedBrokers(brokers...),
		// Uncompressed batches, as Kafka Streams produces by default:
		// franz-go's default snappy cost several percent of the server's
		// CPU per output record for little gain next to a LAN broker.
		kgo.ProducerBatchCompression(kgo.NoCompression()),
	}
	base = append(base, currentSecurityOpts()...)
	if clientID != "" {
		base = append(base, kgo.ClientID(clientID))
	}
	if log != nil {
		base = append(base, kgo.WithLogger(kgoLogger{log}))
	}
	return base, nil
}

// addrList formats broker addresses for error messages.
func addrList(brokers []string) string { return strings.Join(brokers, ",") }

// kgoLogger forwards franz-go's warnings and errors to slog.
type kgoLogger struct{ l *slog.Logger }

func (kgoLogger) Level() kgo.LogLevel { return kgo.LogLevelWarn }

func (k kgoLogger) Log(level kgo.LogLevel, msg string, keyvals ...any) {
	lvl := slog.LevelWarn
	if level == kgo.LogLevelError {
		lvl = slog.LevelError
	}
	k.l.Log(context.Background(), lvl, "kafka client: "+msg, keyvals...)
}
