package nexmark

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// Bench is what `streamsql bench nexmark` does: start a broker and a server
// from Binary, Run the benchmark against them, print the table to stdout and
// write the report to Out (if set). Progress goes to Options.Progress.
type Bench struct {
	Binary  string // the streamsql binary (os.Executable for the command)
	WorkDir string // logs and state of the children; empty: a temporary directory, removed after
	Out     string // JSON report path; empty: none
	Options Options
}

// Run runs the benchmark.
func (b Bench) Run(ctx context.Context, stdout io.Writer) (err error) {
	dir := b.WorkDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "streamsql-nexmark-"); err != nil {
			return err
		}
		defer func() {
			if err == nil {
				os.RemoveAll(dir)
			}
		}()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	c, err := StartCluster(ctx, b.Binary, dir)
	if err != nil {
		return err
	}
	if p := b.Options.Progress; p != nil {
		fmt.Fprintf(p, "broker %v (pid %d), server %s (pid %d), logs in %s\n", c.Brokers, c.BrokerPID, c.REST, c.ServerPID, dir)
	}
	rep, runErr := Run(ctx, c.Target, b.Options)
	closeErr := c.Close()
	if rep != nil {
		rep.Notes = append(rep.Notes, "events/cpu-s divides the input events by the CPU time of the server process only; "+
			"the broker's CPU is reported apart, the baseline's is its whole process")
		rep.WriteTable(stdout)
		if b.Out != "" {
			err = rep.WriteJSON(b.Out)
		}
	}
	if runErr != nil {
		runErr = fmt.Errorf("%w (logs in %s)", runErr, dir)
	}
	return errors.Join(runErr, err, closeErr)
}
