package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/streamsql/streamsql/broker"
)

// brokerFlags are the flags of `streamsql broker`.
type brokerFlags struct {
	listen   string
	dataDir  string
	logLevel string
}

// newBrokerCmd is `streamsql broker`: the embedded broker on its own, so that
// it outlives servers that use it through --brokers (a server killed with
// SIGKILL then takes no broker data with it).
func newBrokerCmd() *cobra.Command {
	var f brokerFlags
	cmd := &cobra.Command{
		Use:   "broker",
		Short: "Run only the embedded Kafka-compatible broker (servers reach it with --brokers)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runBroker(ctx, f, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", broker.DefaultListen, "host:port the broker listens on (port 0 picks a free one)")
	fl.StringVar(&f.dataDir, "data-dir", "./streamsql-data/kafka", "directory for the broker's topics, records and offsets (empty: memory only)")
	fl.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return cmd
}

// runBroker runs a broker until ctx is cancelled (SIGINT, SIGTERM), then
// closes it, which syncs its data to the data dir. It prints one line with the
// address once the broker accepts connections.
func runBroker(ctx context.Context, f brokerFlags, stdout, stderr io.Writer) error {
	log, err := newLogger(f.logLevel, stderr)
	if err != nil {
		return err
	}
	b, err := broker.Start(broker.Config{DataDir: f.dataDir, Listen: f.listen, Logger: log})
	if err != nil {
		return err
	}
	where := "in memory only"
	if f.dataDir != "" {
		where = "data in " + f.dataDir
	}
	fmt.Fprintf(stdout, "streamsql broker is ready on %s (%s)\n", strings.Join(b.Addrs(), ","), where)
	<-ctx.Done()
	log.Info("broker shutting down")
	if err := b.Close(); err != nil {
		return fmt.Errorf("broker: close: %w", err)
	}
	return nil
}
