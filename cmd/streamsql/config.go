package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
)

// envPrefix starts every environment variable streamsql reads.
const envPrefix = "STREAMSQL_"

// setting is one server setting reachable by a flag, an environment variable
// and keys of the properties file. Precedence: flag > environment > file >
// the flag's default.
type setting struct {
	flag string
	env  string   // without envPrefix
	keys []string // properties-file keys, in order of preference
	// fromFile converts a file value to the flag's syntax (nil: as is).
	fromFile func(string) (string, error)
}

// settings is the table documented in README.md, section "Configuration".
var settings = []setting{
	{flag: "listen", env: "LISTEN", keys: []string{"listeners", "streamsql.listen"}, fromFile: firstListener},
	{flag: "data-dir", env: "DATA_DIR", keys: []string{"streamsql.data.dir", "ksql.streams.state.dir"}},
	{flag: "brokers", env: "BROKERS", keys: []string{"bootstrap.servers", "ksql.streams.bootstrap.servers"}},
	{flag: "broker-listen", env: "BROKER_LISTEN", keys: []string{"streamsql.broker.listen"}},
	{flag: "log-level", env: "LOG_LEVEL", keys: []string{"streamsql.log.level"}},
	{flag: "service-id", env: "SERVICE_ID", keys: []string{"ksql.service.id"}},
	{flag: "demo", env: "DEMO", keys: []string{"streamsql.demo"}},
	{flag: "auth-file", env: "AUTH_FILE", keys: []string{"streamsql.auth.file"}},
	{flag: "auth-tokens-file", env: "AUTH_TOKENS_FILE", keys: []string{"streamsql.auth.tokens.file"}},
	{flag: "tls-cert", env: "TLS_CERT", keys: []string{"streamsql.tls.cert"}},
	{flag: "tls-key", env: "TLS_KEY", keys: []string{"streamsql.tls.key"}},
	{flag: "max-push-queries", env: "MAX_PUSH_QUERIES", keys: []string{"ksql.max.push.queries", "streamsql.max.push.queries"}},
	{flag: "max-pull-queries", env: "MAX_PULL_QUERIES", keys: []string{"ksql.query.pull.max.concurrent.requests", "streamsql.max.pull.queries"}},
	{flag: "pprof", env: "PPROF", keys: []string{"streamsql.pprof"}},
}

// fileConfig is a parsed properties file.
type fileConfig struct {
	path  string
	props map[string]string
}

// resolveSettings fills the flags of fs that were not given on the command
// line from the environment (lookupEnv) and then from file. It returns the
// engine properties (engineProperties).
func resolveSettings(fs *pflag.FlagSet, file fileConfig, lookupEnv func(string) (string, bool)) (map[string]string, error) {
	explicit := map[string]bool{}
	fs.Visit(func(f *pflag.Flag) { explicit[f.Name] = true })
	used := map[string]bool{}
	for _, s := range append(settings, brokerSettings...) {
		for _, k := range s.keys {
			used[k] = true
		}
		if explicit[s.flag] {
			continue
		}
		if err := applySetting(fs, s, file, lookupEnv); err != nil {
			return nil, err
		}
	}
	return engineProperties(file.props, used), nil
}

// engineProperties picks the file's ksql.* keys that no setting consumed.
// A ksql.streams.X key is also passed as X (e.g. auto.offset.reset), the name
// the engine and per-request overrides use, unless the file sets X itself.
func engineProperties(file map[string]string, used map[string]bool) map[string]string {
	props := map[string]string{}
	for k, v := range file {
		if !strings.HasPrefix(k, "ksql.") || used[k] {
			continue
		}
		props[k] = v
		if short, ok := strings.CutPrefix(k, "ksql.streams."); ok {
			if _, set := file[short]; !set {
				props[short] = v
			}
		}
	}
	return props
}

// applySetting sets one flag from the environment or, failing that, the file.
func applySetting(fs *pflag.FlagSet, s setting, file fileConfig, lookupEnv func(string) (string, bool)) error {
	if v, ok := lookupEnv(envPrefix + s.env); ok {
		if err := fs.Set(s.flag, v); err != nil {
			return fmt.Errorf("environment variable %s%s=%q: %v", envPrefix, s.env, v, err)
		}
		return nil
	}
	for _, k := range s.keys {
		v, ok := file.props[k]
		if !ok {
			continue
		}
		var err error
		if s.fromFile != nil {
			v, err = s.fromFile(v)
		}
		if err == nil {
			err = fs.Set(s.flag, v)
		}
		if err != nil {
			return fmt.Errorf("%s: %s=%q: %v", file.path, k, file.props[k], err)
		}
		return nil
	}
	return nil
}

// firstListener turns ksqlDB's listeners (http://host:port,...) into host:port.
func firstListener(v string) (string, error) {
	first := strings.TrimSpace(strings.Split(v, ",")[0])
	if strings.HasPrefix(first, "https://") {
		return "", fmt.Errorf("TLS listeners are not supported: use http://host:port")
	}
	first = strings.TrimPrefix(first, "http://")
	if first == "" {
		return "", fmt.Errorf("empty listener: want http://host:port")
	}
	return first, nil
}

// loadConfigFile reads a properties file; an empty path is no file.
func loadConfigFile(path string) (fileConfig, error) {
	if path == "" {
		return fileConfig{}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fileConfig{}, fmt.Errorf("config file: %w", err)
	}
	defer f.Close()
	props, err := parseProperties(f)
	if err != nil {
		return fileConfig{}, fmt.Errorf("config file %s: %w", path, err)
	}
	return fileConfig{path: path, props: props}, nil
}

// parseProperties reads Java-style properties as ksqlDB's server files use
// them: key=value, key: value or key value; # and ! start comments; a line
// ending in an odd number of backslashes continues on the next; \t, \n, \\
// and escaped separators are unescaped.
func parseProperties(r io.Reader) (map[string]string, error) {
	props := map[string]string{}
	sc := bufio.NewScanner(r)
	var logical strings.Builder
	line, start := 0, 0
	for sc.Scan() {
		line++
		text := strings.TrimLeft(sc.Text(), " \t\f")
		if logical.Len() == 0 {
			start = line
			if text == "" || text[0] == '#' || text[0] == '!' {
				continue
			}
		}
		if continues(text) {
			logical.WriteString(text[:len(text)-1])
			continue
		}
		logical.WriteString(text)
		if err := addProperty(props, logical.String(), start); err != nil {
			return nil, err
		}
		logical.Reset()
	}
	if logical.Len() > 0 {
		if err := addProperty(props, logical.String(), start); err != nil {
			return nil, err
		}
	}
	return props, sc.Err()
}

// continues reports whether a line ends in an unescaped backslash.
func continues(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

func addProperty(props map[string]string, s string, line int) error {
	key, value := splitProperty(s)
	if key == "" {
		return fmt.Errorf("line %d: property without a key: %q", line, s)
	}
	props[key] = value
	return nil
}

// splitProperty splits at the first unescaped '=', ':' or whitespace.
func splitProperty(s string) (key, value string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case c == '=' || c == ':' || c == ' ' || c == '\t':
			rest := strings.TrimLeft(s[i+1:], " \t")
			if c == ' ' || c == '\t' {
				if len(rest) > 0 && (rest[0] == '=' || rest[0] == ':') {
					rest = strings.TrimLeft(rest[1:], " \t")
				}
			}
			return unescape(s[:i]), unescape(strings.TrimRight(rest, " \t"))
		}
	}
	return unescape(s), ""
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i == len(s)-1 {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// sortedKeys lists a map's keys in order, for stable logs.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
