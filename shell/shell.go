package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/streamsql/streamsql/sql"
)

const (
	formatTabular = "TABULAR"
	formatJSON    = "JSON"
)

// Options configure a Shell.
type Options struct {
	Server string // base URL, e.g. http://localhost:8088
	Output string // TABULAR (default) or JSON
	// HistoryFile keeps the interactive history; empty means ~/.streamsql_history.
	HistoryFile string
	Version     string            // the client's version, shown by `version`
	Defines     map[string]string // initial variables (--define)
	Stdin       io.ReadCloser
	Stdout      io.Writer
	Stderr      io.Writer
	// Interrupts delivers Ctrl-C (SIGINT); each cancels the running statement.
	Interrupts <-chan os.Signal
	HTTPClient *http.Client
}

// Shell runs statements against a server and prints the answers.
type Shell struct {
	opts   Options
	client *Client
	format string
	vars   map[string]string
	props  map[string]any
	spool  *os.File
	comp   *completer
	done   bool // exit or quit was given
	width  func() int
}

// New returns a shell; Close it to release its connections and spool file.
func New(opts Options) (*Shell, error) {
	format := strings.ToUpper(opts.Output)
	if format == "" {
		format = formatTabular
	}
	if format != formatTabular && format != formatJSON {
		return nil, fmt.Errorf("bad output format %q: want JSON or TABULAR", opts.Output)
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	s := &Shell{opts: opts, client: NewClient(opts.Server, opts.HTTPClient), format: format,
		vars: map[string]string{}, props: map[string]any{}, width: func() int { return 0 }}
	for k, v := range opts.Defines {
		s.vars[k] = v
	}
	s.comp = newCompleter(s.fetchNames)
	return s, nil
}

// Close releases the shell's connections and closes the spool file.
func (s *Shell) Close() error {
	s.client.Close()
	return s.stopSpool()
}

// out is where answers go: stdout and, while spooling, the spool file.
func (s *Shell) out() io.Writer {
	if s.spool != nil {
		return io.MultiWriter(s.opts.Stdout, s.spool)
	}
	return s.opts.Stdout
}

func (s *Shell) errOut() io.Writer {
	if s.spool != nil {
		return io.MultiWriter(s.opts.Stderr, s.spool)
	}
	return s.opts.Stderr
}

// Execute runs a script (the text of -e, -f or RUN SCRIPT) statement by
// statement and stops at the first failure, which it reports and returns.
func (s *Shell) Execute(ctx context.Context, script string) error {
	stmts, err := sql.SplitStatements(script)
	if err != nil {
		return s.report(err)
	}
	for _, st := range stmts {
		if s.done {
			return nil
		}
		if err := s.run(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

// run runs one statement or local command, reporting any failure.
func (s *Shell) run(ctx context.Context, stmt string) error {
	ctx, stop := s.interruptible(ctx)
	defer stop()
	err := s.dispatch(ctx, strings.TrimSpace(stmt))
	if err != nil {
		return s.report(err)
	}
	return nil
}

// reported is an error already shown to the user.
type reported struct{ error }

func (e reported) Unwrap() error { return e.error }

func (s *Shell) report(err error) error {
	var r reported
	if errors.As(err, &r) {
		return err
	}
	if errors.Is(err, context.Canceled) {
		err = errors.New("statement cancelled")
	}
	fmt.Fprintln(s.errOut(), err.Error())
	return reported{err}
}

// interruptible derives a context that an interrupt cancels.
func (s *Shell) interruptible(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	if s.opts.Interrupts == nil {
		return ctx, cancel
	}
	for len(s.opts.Interrupts) > 0 { // one pressed before this statement
		<-s.opts.Interrupts
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-s.opts.Interrupts:
			cancel()
		case <-done:
		}
	}()
	return ctx, func() { close(done); cancel() }
}

// dispatch runs stmt: client-side commands here, SELECT/PRINT on /query,
// the rest on /ksql.
func (s *Shell) dispatch(ctx context.Context, stmt string) error {
	if ok, err := s.local(ctx, stmt); ok {
		return err
	}
	sub, err := sql.Substitute(stmt, s.vars)
	if err != nil {
		return err
	}
	if ok, err := s.session(ctx, sub); ok {
		return err
	}
	switch firstWord(sub) {
	case "SELECT", "PRINT":
		return s.query(ctx, sub)
	}
	ents, err := s.client.Ksql(ctx, sub, s.props)
	if err != nil {
		return err
	}
	renderEntities(s.out(), s.format, ents)
	s.comp.invalidate()
	return nil
}

// query streams a SELECT or PRINT; an interrupt ends it without an error.
func (s *Shell) query(ctx context.Context, stmt string) error {
	p := &rowPrinter{w: s.out(), format: s.format, width: s.width()}
	hdr, msg, err := s.client.Query(ctx, stmt, s.props, p)
	if err != nil && ctx.Err() != nil {
		if hdr.QueryID != "" {
			cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = s.client.CloseQuery(cctx, hdr.QueryID) // usually already closed with the connection
			cancel()
		}
		fmt.Fprintln(p.w) // past the terminal's ^C
		p.end("Query terminated")
		return nil
	}
	if err != nil {
		if p.widths != nil {
			p.end("")
		}
		return err
	}
	p.end(msg)
	return nil
}

// firstWord is the upper-cased first word of stmt.
func firstWord(stmt string) string {
	f := strings.FieldsFunc(stmt, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == ';' || r == '('
	})
	if len(f) == 0 {
		return ""
	}
	return strings.ToUpper(f[0])
}
