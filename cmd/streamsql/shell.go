package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/chzyer/readline"
	"github.com/spf13/cobra"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/shell"
)

// shellFlags are the flags of `streamsql shell`.
type shellFlags struct {
	execute string
	file    string
	output  string
	history string
	defines []string
}

func newShellCmd() *cobra.Command {
	var f shellFlags
	cmd := &cobra.Command{
		Use:   "shell [URL]",
		Short: "Interactive SQL shell talking to a server's REST API (default http://localhost:8088)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			url := "http://localhost:8088"
			if len(args) == 1 {
				url = args[0]
			}
			return runShell(cmd, url, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.execute, "execute", "e", "", "run these statements and exit")
	fl.StringVarP(&f.file, "file", "f", "", "run the statements of this file and exit")
	fl.StringVar(&f.output, "output", "TABULAR", "output format: TABULAR or JSON")
	fl.StringVar(&f.history, "history-file", "", "history file (default ~/.streamsql_history)")
	fl.StringArrayVarP(&f.defines, "define", "d", nil, "define a variable name=value (repeatable)")
	return cmd
}

func runShell(cmd *cobra.Command, url string, f shellFlags) error {
	if !strings.Contains(url, "://") {
		url = "http://" + url
	}
	defines := map[string]string{}
	for _, d := range f.defines {
		k, v, ok := strings.Cut(d, "=")
		if !ok {
			return fmt.Errorf("bad --define %q: want name=value", d)
		}
		defines[k] = v
	}
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	sh, err := shell.New(shell.Options{Server: url, Output: f.output, HistoryFile: f.history,
		Version: engine.Version, Defines: defines, Stdout: cmd.OutOrStdout(), Stderr: cmd.ErrOrStderr(),
		Interrupts: interrupts})
	if err != nil {
		return err
	}
	defer sh.Close()
	ctx := context.Background()
	script, err := scriptOf(f)
	switch {
	case err != nil:
		return err
	case script != "":
		if sh.Execute(ctx, script) != nil {
			return exitCode(1) // already reported
		}
		return nil
	case !readline.DefaultIsTerminal():
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			return fmt.Errorf("reading statements from standard input: %w", err)
		}
		if sh.Execute(ctx, string(data)) != nil {
			return exitCode(1)
		}
		return nil
	}
	return sh.Interactive(ctx)
}

// scriptOf is the text of -e or -f, or "" for an interactive session.
func scriptOf(f shellFlags) (string, error) {
	switch {
	case f.execute != "" && f.file != "":
		return "", fmt.Errorf("give -e or -f, not both")
	case f.file != "":
		b, err := os.ReadFile(f.file)
		if err != nil {
			return "", fmt.Errorf("-f: %w", err)
		}
		return string(b), nil
	}
	return f.execute, nil
}
