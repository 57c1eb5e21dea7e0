package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/metrics"
	"github.com/streamsql/streamsql/server"
)

// serverFlags are the flags of `streamsql server`.
type serverFlags struct {
	listen       string
	dataDir      string
	brokers      string
	brokerListen string
	logLevel     string
	demo         bool
	config       string            // --config: a properties file (config.go)
	serviceID    string            // ksql.service.id
	props        map[string]string // the file's ksql.* properties, for the engine
	authFile     string            // users file: user:role:hash lines (server.Auth)
	tokensFile   string            // bearer tokens file: name:role:token lines
	tlsCert      string
	tlsKey       string
	maxPush      int
	maxPull      int
	broker       brokerSecurityFlags // broker_security.go
}

func newServerCmd() *cobra.Command {
	var f serverFlags
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Run the REST/WebSocket API (and an embedded Kafka broker unless --brokers is given)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			file, err := loadConfigFile(f.config)
			if err != nil {
				return err
			}
			if f.props, err = resolveSettings(cmd.Flags(), file, os.LookupEnv); err != nil {
				return err
			}
			if f.broker.guarantee != "" {
				f.props["processing.guarantee"] = f.broker.guarantee
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runServer(ctx, f, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8088", "host:port of the REST API")
	fl.StringVar(&f.dataDir, "data-dir", "./streamsql-data", "directory for local state (and the embedded broker's log under kafka/)")
	fl.StringVar(&f.brokers, "brokers", "", "Kafka bootstrap brokers host:port,...; empty starts the embedded broker")
	fl.StringVar(&f.brokerListen, "broker-listen", broker.DefaultListen, "host:port of the embedded broker")
	fl.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fl.BoolVar(&f.demo, "demo", false, "create the demo streams ORDERS and BIG_ORDERS and feed topic orders")
	fl.StringVar(&f.config, "config", "", "properties file (key=value, as ksqlDB's server.properties); flags and STREAMSQL_* variables override it")
	fl.StringVar(&f.serviceID, "service-id", "default_", "ksql.service.id: names the command topic and consumer groups")
	fl.StringVar(&f.authFile, "auth-file", "", "require HTTP basic auth: users file of user:role:hash lines (role read or admin; bcrypt or sha256$salt$sum)")
	fl.StringVar(&f.tokensFile, "auth-tokens-file", "", "require auth: bearer tokens file of name:role:token lines")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "PEM certificate: serve HTTPS (with --tls-key)")
	fl.StringVar(&f.tlsKey, "tls-key", "", "PEM private key of --tls-cert")
	fl.IntVar(&f.maxPush, "max-push-queries", server.DefaultMaxPushQueries, "push queries running at once over all endpoints; more get 429")
	fl.IntVar(&f.maxPull, "max-pull-queries", server.DefaultMaxPullQueries, "pull queries running at once over all endpoints; more get 429")
	f.broker.add(fl)
	return cmd
}

// runServer runs until ctx is cancelled (SIGINT, SIGTERM), then shuts down in
// order: HTTP (ending streams), the demo producer, the engine (flushing and
// committing its queries), and last the broker (persisting its data).
func runServer(ctx context.Context, f serverFlags, stdout, stderr io.Writer) (err error) {
	log, err := newLogger(f.logLevel, stderr)
	if err != nil {
		return err
	}
	opts, err := serverOptions(f, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.listen) // early, so a busy port fails fast
	if err != nil {
		return fmt.Errorf("REST API: listen on %s: %w", f.listen, err)
	}
	defer ln.Close()

	if err := applyBrokerSecurity(f); err != nil {
		return err
	}
	brokers, closeBroker, err := startBroker(f, log)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeBroker()) }()

	reg := metrics.New()
	eng, err := engine.New(engine.Config{Brokers: brokers, DataDir: filepath.Join(f.dataDir, "engine"), Logger: log,
		ServiceID: f.serviceID, Properties: f.props, Metrics: reg})
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	defer func() { err = errors.Join(err, eng.Close()) }()
	if err := eng.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped during start-up
		}
		return fmt.Errorf("engine: %w", err)
	}

	if f.demo {
		stopDemo, err := startDemo(ctx, eng, brokers, log)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		defer stopDemo()
	}
	printBanner(stdout, ln.Addr().String(), brokers, f)
	if len(f.props) > 0 {
		log.Info("engine properties from the config file", "keys", sortedKeys(f.props))
	}
	opts.Metrics = reg
	return server.New(eng, opts).ServeListener(ctx, ln)
}

// serverOptions builds the REST server's options from the flags, loading the
// credentials files so that a bad one fails before anything starts.
func serverOptions(f serverFlags, log *slog.Logger) (server.Options, error) {
	opts := server.Options{Logger: log, MaxPushQueries: f.maxPush, MaxPullQueries: f.maxPull,
		TLSCertFile: f.tlsCert, TLSKeyFile: f.tlsKey}
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return opts, fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if f.authFile != "" || f.tokensFile != "" {
		a, err := server.LoadAuth(f.authFile, f.tokensFile)
		if err != nil {
			return opts, err
		}
		opts.Auth = a
	}
	return opts, nil
}

// startBroker returns the brokers to use: --brokers, or those of an embedded
// broker it starts (closed by the returned function).
func startBroker(f serverFlags, log *slog.Logger) ([]string, func() error, error) {
	if f.brokers != "" {
		return strings.Split(f.brokers, ","), func() error { return nil }, nil
	}
	dir := filepath.Join(f.dataDir, "kafka")
	b, err := broker.Start(broker.Config{DataDir: dir, Listen: f.brokerListen, Logger: log})
	if err != nil {
		return nil, nil, fmt.Errorf("embedded broker: %w", err)
	}
	log.Info("embedded broker started", "addrs", b.Addrs(), "dataDir", dir)
	return b.Addrs(), b.Close, nil
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("bad --log-level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

func printBanner(w io.Writer, restAddr string, brokers []string, f serverFlags) {
	base := "http://" + restAddr
	if f.tlsCert != "" {
		base = "https://" + restAddr
	}
	kafka := strings.Join(brokers, ",")
	if f.brokers == "" {
		kafka += " (embedded broker, data in " + filepath.Join(f.dataDir, "kafka") + ")"
	}
	fmt.Fprintf(w, "streamsql %s is ready\n  REST API  %s  (ksqlDB-compatible: /ksql, /query, /query-stream, /ws/query)\n  Kafka     %s\n",
		engine.Version, base, kafka)
	if !f.demo {
		return
	}
	fmt.Fprintf(w, `  Demo      an order every 200ms on topic orders; streams ORDERS and BIG_ORDERS (amount > 50)

Try a push query:
  curl -sN -X POST %s/query-stream -d '{"sql":"SELECT * FROM big_orders EMIT CHANGES LIMIT 5;"}'
`, base)
}
