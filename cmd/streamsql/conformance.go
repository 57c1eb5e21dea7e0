package main

import (
	"github.com/spf13/cobra"

	"github.com/streamsql/streamsql/conformance"
)

// newConformanceCmd hands its arguments, flags included, to conformance.Main,
// which documents them (streamsql conformance --help).
func newConformanceCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "conformance [flags] PATH...",
		Short:              "Run ksqlDB's query-validation tests (QTT and RQTT) against the engine",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code := conformance.Main(args, cmd.OutOrStdout(), cmd.ErrOrStderr()); code != 0 {
				return exitCode(code)
			}
			return nil
		},
	}
}
