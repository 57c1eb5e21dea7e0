package main

import (
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/streamsql/streamsql/bench/nexmark"
)

// newBenchCmd is `streamsql bench`: end-to-end benchmarks of the engine.
func newBenchCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmark the engine end to end (Nexmark); `make bench` runs the Go micro-benchmarks",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newBenchNexmarkCmd(), newBenchBaselineCmd())
	return cmd
}

func newBenchNexmarkCmd() *cobra.Command {
	var (
		b       nexmark.Bench
		queries string
		quiet   bool
		noBase  bool
		noLat   bool
	)
	cmd := &cobra.Command{
		Use:   "nexmark",
		Short: "Run the Nexmark queries against a broker and a server started as child processes",
		Long: `Starts "streamsql broker" and "streamsql server --brokers" as child processes, writes the
generated Nexmark events (person, auction, bid) into the broker, then runs each query as a
persistent query and measures the input events per CPU-second of the server process. Also
runs the franz-go baselines of q0, q2 and q17, a push-query latency test, and pull-query
load tests on q17 and q18. Prints a table; --out writes the figures as JSON.

Queries: ` + strings.Join(queryNames(), " ") + `.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bin, err := os.Executable()
			if err != nil {
				return fmt.Errorf("finding the streamsql binary: %w", err)
			}
			b.Binary = bin
			if queries != "" {
				b.Options.Queries = strings.Split(queries, ",")
			}
			b.Options.Baseline, b.Options.Latency = !noBase, !noLat
			if !quiet {
				b.Options.Progress = cmd.ErrOrStderr()
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return b.Run(ctx, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	o := &b.Options
	fl.Int64Var(&o.Events, "events", 1_000_000, "events to generate (persons, auctions and bids 1:3:46)")
	fl.StringVar(&queries, "queries", "all", "comma-separated queries to run, or all")
	fl.StringVar(&b.Out, "out", "", "write the results as JSON to this file")
	fl.Uint64Var(&o.Seed, "seed", 1, "generator seed: the same seed gives the same events")
	fl.Float64Var(&o.Rate, "rate", 0, "records/s for the push latency test (0: half the maximum push rate, measured first)")
	fl.IntVar(&o.Partitions, "partitions", 2, "partitions of each event topic")
	fl.Int64Var(&o.EventRate, "event-rate", 10_000, "events per second of event time (spacing of the event timestamps)")
	fl.IntVar(&o.PullClients, "pull-clients", 16, "concurrent clients of the pull-query tests (q17, q18)")
	fl.DurationVar(&o.PullTime, "pull-duration", 5*time.Second, "duration of each pull-query test")
	fl.DurationVar(&o.LatencyTime, "latency-duration", 10*time.Second, "duration of the push latency test")
	fl.DurationVar(&o.Timeout, "timeout", 10*time.Minute, "give up on a query that has not processed its input after this long")
	fl.StringVar(&b.WorkDir, "work-dir", "", "directory for the children's logs and state (default: a temporary directory, removed after a good run)")
	fl.BoolVar(&noBase, "no-baseline", false, "skip the franz-go baselines")
	fl.BoolVar(&noLat, "no-latency", false, "skip the push latency test")
	fl.BoolVarP(&quiet, "quiet", "q", false, "no progress lines on stderr")
	return cmd
}

func newBenchBaselineCmd() *cobra.Command {
	var (
		cfg     nexmark.BaselineConfig
		brokers string
	)
	cmd := &cobra.Command{
		Use:   "baseline QUERY",
		Short: "Run a Nexmark query (" + strings.Join(nexmark.BaselineQueries, ", ") + ") hand-written on franz-go, for comparison",
		Long: `Reads every record in topic bid, computes the query with Go maps and writes the result to
--topic, then prints {"query","in","out","wall_sec"} as JSON. "bench nexmark" runs it as a child
process to measure its CPU time the same way as the server's.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg.Query = strings.ToLower(args[0])
			cfg.Brokers = strings.Split(brokers, ",")
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return nexmark.RunBaseline(ctx, cfg, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&brokers, "brokers", "127.0.0.1:9092", "Kafka bootstrap brokers host:port,...")
	fl.StringVar(&cfg.Topic, "topic", "", "output topic (default BASELINE_<QUERY>)")
	fl.StringVar(&cfg.Decoder, "decoder", "fast", "JSON decoder: fast (hand-written, no reflection) or std (encoding/json)")
	return cmd
}

func queryNames() []string {
	names := make([]string, len(nexmark.Queries))
	for i, q := range nexmark.Queries {
		names[i] = q.Name
	}
	return names
}
