package broker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"
)

// DefaultListen is the address a broker listens on when Config.Listen is empty.
const DefaultListen = "127.0.0.1:9092"

// Config configures an embedded broker.
type Config struct {
	// DataDir holds the broker's log segments and metadata. Empty keeps
	// everything in memory: nothing survives Close.
	DataDir string
	// Listen is the host:port to listen on; empty means DefaultListen. Port 0
	// picks a free port (see Broker.Addrs).
	Listen string
	// ClusterID is the cluster id reported in metadata; empty means "streamsql".
	// A DataDir remembers the id it was created with, which then wins.
	ClusterID string
	// Logger receives the broker's warnings and errors; nil discards them.
	Logger *slog.Logger
}

// Broker is a running embedded broker.
type Broker struct {
	cluster *kfake.Cluster
	addr    string
	unlock  func()
	once    sync.Once
}

// Start starts a broker and returns once it accepts connections.
func Start(cfg Config) (*Broker, error) {
	listen := cfg.Listen
	if listen == "" {
		listen = DefaultListen
	}
	clusterID := cfg.ClusterID
	if clusterID == "" {
		clusterID = "streamsql"
	}
	unlock, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	ln, err := listenExact(listen)
	if err != nil {
		unlock()
		return nil, err
	}
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.ListenFn(onceListener(ln)),
		kfake.ClusterID(clusterID),
		kfake.WithLogger(slogLogger{cfg.Logger}),
	}
	if cfg.DataDir != "" {
		opts = append(opts, kfake.DataDir(cfg.DataDir))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		ln.Close()
		unlock()
		return nil, fmt.Errorf("broker: start on %s (data dir %q): %w", listen, cfg.DataDir, err)
	}
	return &Broker{cluster: c, addr: ln.Addr().String(), unlock: unlock}, nil
}

// Addrs returns the addresses clients should bootstrap from.
func (b *Broker) Addrs() []string { return []string{b.addr} }

// Close stops the broker, persisting all state to the DataDir first. It is
// safe to call more than once.
func (b *Broker) Close() error {
	b.once.Do(func() {
		b.cluster.Close()
		b.unlock()
	})
	return nil
}

// onceListener hands kfake the already-open listener for its single broker.
func onceListener(ln net.Listener) func(network, address string) (net.Listener, error) {
	var used bool
	return func(string, string) (net.Listener, error) {
		if used {
			return nil, errors.New("broker: kfake asked for a second listener")
		}
		used = true
		return ln, nil
	}
}

// slogLogger adapts a slog.Logger to kfake's logger, keeping warnings and up.
type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Logf(level kfake.LogLevel, format string, args ...any) {
	if s.l == nil || level == kfake.LogLevelNone {
		return
	}
	var lvl slog.Level
	switch level {
	case kfake.LogLevelError:
		lvl = slog.LevelError
	case kfake.LogLevelWarn:
		lvl = slog.LevelWarn
	default:
		return // info and debug log every request
	}
	s.l.Log(context.Background(), lvl, fmt.Sprintf(format, args...), slog.String("component", "broker"))
}

func mkdirData(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("broker: create data dir: %w", err)
	}
	return nil
}
