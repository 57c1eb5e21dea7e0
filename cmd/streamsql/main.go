// Command streamsql runs the streamsql server (with an embedded Kafka broker
// unless --brokers is given), the ksqlDB conformance suite, and benchmarks.
//
//	streamsql server [--listen 127.0.0.1:8088] [--data-dir ./streamsql-data] [--brokers host:port,...] [--demo]
//	streamsql broker [--listen 127.0.0.1:9092] [--data-dir ./streamsql-data/kafka]
//	streamsql conformance PATH...
//	streamsql shell [URL] [-e SQL | -f FILE] [--output JSON|TABULAR]
//	streamsql bench nexmark [--events N] [--queries q0,q2] [--out FILE]
//	streamsql version
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/streamsql/streamsql/engine"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// exitCode is an error that carries a process exit status chosen by a
// subcommand that has already reported its problem.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	var code exitCode
	switch {
	case err == nil:
		return 0
	case errors.As(err, &code):
		return int(code)
	default:
		fmt.Fprintf(stderr, "streamsql: %v\n", err)
		return 1
	}
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "streamsql",
		Short:         "A streaming SQL engine for Kafka, compatible with ksqlDB's REST API",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newServerCmd(), newBrokerCmd(), newVersionCmd(), newConformanceCmd(), newBenchCmd(), newShellCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the streamsql version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintf(cmd.OutOrStdout(), "streamsql %s (%s %s/%s)\n", engine.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		},
	}
}
