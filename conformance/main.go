package conformance

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
)

const usage = `usage: streamsql conformance [--json] [--run REGEX] [--timeout D] [--parallel N] PATH...

Runs ksqlDB query-validation tests (QTT) and REST query-validation tests
(RQTT) found under each PATH (a .json file or a directory) against the
engine, and prints one "FAIL <test id>: <reason>" line per failing test
(or, with --json, one JSON object per test), then the summary line
"conformance: <passed>/<total> cases pass, <skipped> skipped".

Exit status: 0 when the tests ran (whatever their outcome), 1 when they
could not be loaded, 2 on bad usage.

Flags:
`

// Main is the conformance command: it parses args (flags may come before or
// after paths), runs the tests and writes the report to stdout; usage and
// loading errors go to stderr. It returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	return runMain(args, stdout, stderr, EngineDriver)
}

func runMain(args []string, stdout, stderr io.Writer, newDriver NewDriverFunc) int {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print one JSON object per test (id, file, status, reason)")
	run := fs.String("run", "", "run only tests whose id matches this regular expression")
	timeout := fs.Duration("timeout", DefaultTimeout, "time limit for one test")
	parallel := fs.Int("parallel", 0, "tests run at once (default 4 × GOMAXPROCS)")
	paths, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "conformance: no test paths given")
		fs.Usage()
		return 2
	}
	opts := Options{Paths: paths, Timeout: *timeout, Parallel: *parallel, NewDriver: newDriver}
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			fmt.Fprintf(stderr, "conformance: bad --run pattern: %v\n", err)
			return 2
		}
		opts.Filter = re
	}
	rep, err := Run(opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	write := rep.WriteText
	if *asJSON {
		write = rep.WriteJSON
	}
	if err := write(stdout); err != nil {
		fmt.Fprintf(stderr, "conformance: writing report: %v\n", err)
		return 1
	}
	return 0
}

// parseInterleaved parses flags that may appear between positional arguments
// and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
