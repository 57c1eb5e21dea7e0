package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

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
	pprof        string              // --pprof: loopback host:port of net/http/pprof; empty: off
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
	fl.StringVar(&f.pprof, "pprof", "", "loopback host:port serving net/http/pprof (/debug/pprof/) for profiling; empty: off")
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
	setGCPolicy(log)
	stopPprof, err := startPprof(f.pprof, log)
	if err != nil {
		return err
	}
	defer stopPprof()
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

// serverGCPercent is the server's GOGC unless the environment sets one. The
// engine's live heap is small next to what it allocates per record, so the
// default 100 collects very often: 400 cut the server's CPU per event by a
// third on Nexmark q0 (docs/performance.md). The memory limit set beside it
// keeps the larger heap from outgrowing the machine.
const serverGCPercent = 400

// setGCPolicy raises GOGC and, unless GOMEMLIMIT is set, caps the heap at
// three quarters of the memory available (the cgroup limit, else the
// machine's): near the cap the collector runs as often as it must.
func setGCPolicy(log *slog.Logger) {
	if _, ok := os.LookupEnv("GOGC"); !ok {
		debug.SetGCPercent(serverGCPercent)
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return
	}
	if avail := availableMemory(); avail > 0 {
		debug.SetMemoryLimit(avail / 4 * 3)
		log.Debug("gc policy", "gogc", serverGCPercent, "memoryLimitBytes", avail/4*3)
	}
}

// availableMemory returns the cgroup v2 memory limit, else the machine's
// total memory, in bytes; 0 if neither is known.
func availableMemory() int64 {
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 {
			return n
		}
	}
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}

// startPprof serves net/http/pprof on addr, which must be a loopback
// address (profiles expose internals and cost CPU). Empty addr: off.
func startPprof(addr string, log *slog.Logger) (func(), error) {
	if addr == "" {
		return func() {}, nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("bad --pprof %q: want host:port", addr)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("bad --pprof %q: the host must be a loopback address", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("pprof: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("pprof listener stopped", "error", err)
		}
	}()
	log.Info("pprof listening", "addr", ln.Addr().String())
	return func() { srv.Close() }, nil
}
