package conformance

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures Run.
type Options struct {
	Paths     []string       // test files or directories
	Filter    *regexp.Regexp // run only tests whose id matches; nil: all
	Timeout   time.Duration  // per test; default DefaultTimeout
	Parallel  int            // concurrent tests; default 4 × GOMAXPROCS
	NewDriver NewDriverFunc  // system under test; default EngineDriver
}

// DefaultTimeout bounds one test.
const DefaultTimeout = 10 * time.Second

// Run loads the tests under opts.Paths and runs them. An error means the
// tests could not be loaded; failing tests are reported in the Report.
func Run(opts Options) (*Report, error) {
	files, err := LoadFiles(opts.Paths)
	if err != nil {
		return nil, err
	}
	var tests []*Test
	for _, t := range Expand(files) {
		if opts.Filter == nil || opts.Filter.MatchString(t.ID) {
			tests = append(tests, t)
		}
	}
	return RunTests(tests, opts), nil
}

// RunTests runs tests with a pool of opts.Parallel workers and reports the
// results in the order of tests.
func RunTests(tests []*Test, opts Options) *Report {
	opts = opts.withDefaults()
	results := make([]Result, len(tests))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.Parallel, max(len(tests), 1)) {
		wg.Go(func() {
			for i := range next {
				results[i] = runOne(tests[i], opts)
			}
		})
	}
	for i := range tests {
		next <- i
	}
	close(next)
	wg.Wait()
	return newReport(results)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Parallel <= 0 {
		// Most tests take milliseconds, but a stuck one waits for its
		// timeout: more workers than CPUs keep those waits from adding up.
		o.Parallel = 4 * runtime.GOMAXPROCS(0)
	}
	if o.NewDriver == nil {
		o.NewDriver = EngineDriver
	}
	return o
}

// runOne runs one test with a timeout. A test that times out is abandoned:
// its goroutine closes its driver if it ever returns.
func runOne(t *Test, o Options) Result {
	res := Result{ID: t.ID, File: t.File.Stem}
	if t.Skip != "" {
		res.Status, res.Reason = Skip, t.Skip
		return res
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	p := &progress{}
	p.set("starting")
	done := make(chan error, 1)
	go func() { done <- runGuarded(ctx, t, o.NewDriver, p) }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		err = fmt.Errorf("timed out after %s while %s", o.Timeout, p.get())
	}
	res.Status = Pass
	if err != nil {
		res.Status, res.Reason = Fail, oneLine(err.Error())
	}
	return res
}

// runGuarded runs t on a fresh driver, turning a panic into an error.
func runGuarded(ctx context.Context, t *Test, newDriver NewDriverFunc, p *progress) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic while %s: %v (at %s)", p.get(), r, panicSite())
		}
	}()
	p.set("starting the driver")
	// RQTT properties are request properties (streamsProperties), as upstream.
	var props map[string]string
	if t.File.Kind == QTT {
		props = stringProps(t.Properties)
	}
	d, err := newDriver(props)
	if err != nil {
		return fmt.Errorf("start driver: %w", err)
	}
	defer d.Close()
	if t.File.Kind == RQTT {
		return runRQTT(ctx, t, d, p)
	}
	return runQTT(ctx, t, d, p)
}

// panicSite names the function and line that panicked; call it from the
// deferred function that recovered.
func panicSite() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return fmt.Sprintf("%s %s:%d", f.Function, filepath.Base(f.File), f.Line)
		}
		if !more {
			return "unknown"
		}
	}
}

// progress records what a test is doing, for timeout and panic messages.
type progress struct{ what atomic.Pointer[string] }

func (p *progress) set(what string) { p.what.Store(&what) }

func (p *progress) get() string {
	if s := p.what.Load(); s != nil {
		return *s
	}
	return "starting"
}
