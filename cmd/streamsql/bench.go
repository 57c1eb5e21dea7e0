package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newBenchCmd is the hook for an end-to-end throughput benchmark against a
// running server. TODO: wire it to a bench package once one exists; until
// then `make bench` runs the Go benchmarks.
func newBenchCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "bench",
		Short:  "Benchmark the engine end to end (not implemented yet; see make bench)",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("bench: not implemented yet; run `make bench` for the Go benchmarks")
		},
	}
}
