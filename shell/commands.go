package shell

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

var (
	reDefine   = regexp.MustCompile(`(?is)^DEFINE\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*'((?:[^']|'')*)'\s*;?$`)
	reUndefine = regexp.MustCompile(`(?is)^UNDEFINE\s+([A-Za-z_][A-Za-z0-9_]*)\s*;?$`)
	reShowVars = regexp.MustCompile(`(?is)^SHOW\s+VARIABLES\s*;?$`)
	reSet      = regexp.MustCompile(`(?is)^SET\s+'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'\s*;?$`)
	reUnset    = regexp.MustCompile(`(?is)^UNSET\s+'((?:[^']|'')*)'\s*;?$`)
	reRun      = regexp.MustCompile(`(?is)^RUN\s+SCRIPT\s+'((?:[^']|'')*)'\s*;?$`)
)

// localWords start the commands that need no ';'.
var localWords = map[string]bool{"HELP": true, "EXIT": true, "QUIT": true, "VERSION": true,
	"OUTPUT": true, "SERVER": true, "SPOOL": true, "CLEAR": true, "HISTORY": true}

func unquote(s string) string { return strings.ReplaceAll(s, "''", "'") }

// local handles the commands that see the statement before substitution.
func (s *Shell) local(ctx context.Context, stmt string) (bool, error) {
	if m := reDefine.FindStringSubmatch(stmt); m != nil {
		s.vars[m[1]] = unquote(m[2])
		return true, nil
	}
	if m := reUndefine.FindStringSubmatch(stmt); m != nil {
		if _, ok := s.vars[m[1]]; !ok {
			return true, fmt.Errorf("variable %s is not defined", m[1])
		}
		delete(s.vars, m[1])
		return true, nil
	}
	if reShowVars.MatchString(stmt) {
		s.showVariables()
		return true, nil
	}
	if !localWords[firstWord(stmt)] {
		return false, nil
	}
	args := strings.Fields(strings.TrimSuffix(strings.TrimSpace(stmt), ";"))[1:]
	return true, s.command(ctx, firstWord(stmt), args)
}

// command runs a local command such as `output JSON`.
func (s *Shell) command(ctx context.Context, word string, args []string) error {
	w := s.out()
	switch word {
	case "HELP":
		fmt.Fprint(w, helpText)
	case "EXIT", "QUIT":
		s.done = true
	case "CLEAR":
		fmt.Fprint(w, "\x1b[H\x1b[2J")
	case "HISTORY":
		fmt.Fprintf(w, "history is kept in %s (Ctrl-R searches it)\n", s.historyFile())
	case "VERSION":
		return s.version(ctx)
	case "OUTPUT":
		return s.output(args)
	case "SERVER":
		return s.server(ctx, args)
	case "SPOOL":
		return s.spoolTo(args)
	}
	return nil
}

func (s *Shell) version(ctx context.Context) error {
	fmt.Fprintf(s.out(), "streamsql shell %s\n", s.opts.Version)
	info, err := s.client.Info(ctx)
	if err != nil {
		return fmt.Errorf("server %s: %w", s.client.URL(), err)
	}
	fmt.Fprintf(s.out(), "server %s at %s (%s)\n", info.Version, s.client.URL(), info.Status)
	return nil
}

func (s *Shell) output(args []string) error {
	switch {
	case len(args) == 0:
		fmt.Fprintf(s.out(), "Output format: %s\n", s.format)
	case len(args) == 1 && (strings.EqualFold(args[0], formatJSON) || strings.EqualFold(args[0], formatTabular)):
		s.format = strings.ToUpper(args[0])
		fmt.Fprintf(s.out(), "Output format set to %s\n", s.format)
	default:
		return fmt.Errorf("usage: output [JSON|TABULAR]")
	}
	return nil
}

func (s *Shell) server(ctx context.Context, args []string) error {
	switch len(args) {
	case 0:
		fmt.Fprintf(s.out(), "Server: %s\n", s.client.URL())
		return nil
	case 1:
		c := NewClient(args[0], s.opts.HTTPClient)
		info, err := c.Info(ctx)
		if err != nil {
			return fmt.Errorf("cannot switch to server %s: %w", args[0], err)
		}
		s.client.Close()
		s.client = c
		s.comp.invalidate()
		fmt.Fprintf(s.out(), "Server now: %s (version %s)\n", c.URL(), info.Version)
		return nil
	}
	return fmt.Errorf("usage: server [URL]")
}

func (s *Shell) spoolTo(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: spool FILE|OFF")
	}
	if err := s.stopSpool(); err != nil {
		return err
	}
	if strings.EqualFold(args[0], "OFF") {
		return nil
	}
	f, err := os.OpenFile(args[0], os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	s.spool = f
	fmt.Fprintf(s.out(), "Session will be spooled to %s\n", args[0])
	return nil
}

func (s *Shell) stopSpool() error {
	if s.spool == nil {
		return nil
	}
	err := s.spool.Close()
	s.spool = nil
	return err
}

func (s *Shell) showVariables() {
	names := make([]string, 0, len(s.vars))
	for k := range s.vars {
		names = append(names, k)
	}
	sort.Strings(names)
	rows := make([][]string, len(names))
	for i, k := range names {
		rows[i] = []string{k, s.vars[k]}
	}
	if s.format == formatJSON {
		writeJSON(s.out(), s.vars)
		return
	}
	writeTable(s.out(), []string{"Variable Name", "Value"}, rows)
}

// session handles SET, UNSET and RUN SCRIPT (after substitution).
func (s *Shell) session(ctx context.Context, stmt string) (bool, error) {
	if m := reSet.FindStringSubmatch(stmt); m != nil {
		k, v := unquote(m[1]), unquote(m[2])
		s.props[k] = v
		fmt.Fprintf(s.out(), "Successfully changed local property '%s' to '%s'.\n", k, v)
		return true, nil
	}
	if m := reUnset.FindStringSubmatch(stmt); m != nil {
		k := unquote(m[1])
		if _, ok := s.props[k]; !ok {
			return true, fmt.Errorf("property '%s' is not set", k)
		}
		delete(s.props, k)
		fmt.Fprintf(s.out(), "Successfully unset local property '%s'.\n", k)
		return true, nil
	}
	if m := reRun.FindStringSubmatch(stmt); m != nil {
		data, err := os.ReadFile(unquote(m[1]))
		if err != nil {
			return true, fmt.Errorf("run script: %w", err)
		}
		return true, s.Execute(ctx, string(data))
	}
	return false, nil
}

const helpText = `Statements end with ';' and may span lines. SELECT and PRINT stream their
rows until LIMIT is reached or Ctrl-C; everything else goes to POST /ksql.

Client-side statements:
  DEFINE name = 'value';      define a variable, used as ${name}
  UNDEFINE name;              remove a variable
  SHOW VARIABLES;             list the variables
  SET 'property' = 'value';   send a property with every request
  UNSET 'property';           stop sending it
  RUN SCRIPT 'file.sql';      run the statements of a file

Commands (no ';' needed):
  help                        this text
  output [JSON|TABULAR]       show or set the output format
  server [URL]                show or change the server
  spool FILE|OFF              copy the session's output to FILE
  version                     client and server versions
  history                     where the history is kept
  clear                       clear the screen
  exit, quit                  leave (Ctrl-D too)
`
