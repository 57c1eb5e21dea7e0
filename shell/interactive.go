package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chzyer/readline"

	"github.com/streamsql/streamsql/sql"
)

const (
	prompt     = "streamsql> "
	contPrompt = "        >> "
)

func (s *Shell) historyFile() string {
	if s.opts.HistoryFile != "" {
		return s.opts.HistoryFile
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".streamsql_history")
}

// Interactive reads statements from the terminal with line editing,
// history and completion until exit, quit or end of input.
func (s *Shell) Interactive(ctx context.Context) error {
	cfg := &readline.Config{
		Prompt:                 prompt,
		HistoryFile:            s.historyFile(),
		AutoComplete:           s.comp,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		Stdout:                 s.opts.Stdout,
		Stderr:                 s.opts.Stderr,
	}
	if s.opts.Stdin != nil {
		cfg.Stdin = s.opts.Stdin
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return fmt.Errorf("starting the line editor: %w", err)
	}
	defer rl.Close()
	s.width = readline.GetScreenWidth
	s.banner(ctx)
	var buf strings.Builder
	for !s.done && ctx.Err() == nil {
		line, err := rl.Readline()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			buf.Reset() // Ctrl-C drops the statement being typed
			rl.SetPrompt(prompt)
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		if buf.Len() == 0 && strings.TrimSpace(line) == "" {
			continue
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
		text := buf.String()
		if !complete(text) {
			rl.SetPrompt(contPrompt)
			continue
		}
		buf.Reset()
		rl.SetPrompt(prompt)
		_ = rl.SaveHistory(strings.Join(strings.Fields(text), " "))
		s.echoToSpool(text)
		s.runText(ctx, text)
	}
	return nil
}

// runText runs what the user typed: a local command or statements.
func (s *Shell) runText(ctx context.Context, text string) {
	if localWords[firstWord(text)] {
		_ = s.run(ctx, text)
		return
	}
	_ = s.Execute(ctx, text) // failures are reported; the shell goes on
}

// complete reports whether text is ready to run: a local command, or
// statements whose last one ends with ';'.
func complete(text string) bool {
	if localWords[firstWord(text)] {
		return true
	}
	stmts, err := sql.SplitStatements(text)
	if err != nil {
		return false // e.g. an unterminated string: keep reading
	}
	return len(stmts) == 0 || strings.HasSuffix(strings.TrimSpace(stmts[len(stmts)-1]), ";")
}

func (s *Shell) echoToSpool(text string) {
	if s.spool != nil {
		fmt.Fprint(s.spool, prompt+text)
	}
}

func (s *Shell) banner(ctx context.Context) {
	w := s.opts.Stdout
	fmt.Fprintf(w, "streamsql shell %s\n", s.opts.Version)
	if info, err := s.client.Info(ctx); err != nil {
		fmt.Fprintf(s.opts.Stderr, "WARNING: cannot reach the server at %s: %v\n", s.client.URL(), err)
	} else {
		fmt.Fprintf(w, "Connected to %s (server %s, %s)\n", s.client.URL(), info.Version, info.Status)
	}
	fmt.Fprint(w, "Type 'help' for help, 'exit' to leave. Statements end with ';'.\n\n")
}
