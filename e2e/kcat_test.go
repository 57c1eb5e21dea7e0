package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	kcatTimeout = 20 * time.Second
	waitTimeout = 30 * time.Second
)

// kcat runs the kcat binary against one broker.
type kcat struct {
	bin    string
	broker string
}

// kcatOrSkip finds kcat on PATH, or skips the test.
func kcatOrSkip(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("kcat")
	if err != nil {
		t.Skip("kcat is not on PATH; .ci/run installs it (apt-get install -y kcat)")
	}
	return bin
}

func (k kcat) run(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), kcatTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, k.bin, append([]string{"-b", k.broker}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("kcat %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// produce writes one record per line "key:value" to topic, in order.
func (k kcat) produce(t *testing.T, topic string, lines ...string) {
	t.Helper()
	k.run(t, strings.Join(lines, "\n")+"\n", "-P", "-t", topic, "-K:")
}

// record is one record read back with kcat.
type record struct {
	Key       string
	Value     string
	Partition int
	Offset    int64
}

// consume reads every record of topic from the beginning to the current end.
func (k kcat) consume(t *testing.T, topic string) []record {
	t.Helper()
	return k.consumeWith(t, topic)
}

// consumeWith is consume with extra kcat arguments, such as
// "-X", "isolation.level=read_committed".
func (k kcat) consumeWith(t *testing.T, topic string, extra ...string) []record {
	t.Helper()
	args := append([]string{"-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%p|%o|%k|%s\n"}, extra...)
	out := k.run(t, "", args...)
	var recs []record
	for line := range strings.Lines(out) {
		line = strings.TrimSuffix(line, "\n")
		parts := strings.SplitN(line, "|", 4)
		if len(parts) != 4 {
			t.Fatalf("kcat printed an unexpected line for topic %s: %q", topic, line)
		}
		p, err1 := strconv.Atoi(parts[0])
		o, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("kcat printed a bad partition or offset for topic %s: %q", topic, line)
		}
		recs = append(recs, record{Key: parts[2], Value: parts[3], Partition: p, Offset: o})
	}
	return recs
}

// waitRecords consumes topic until done accepts its records or waitTimeout
// passes, and returns the last records read.
func (k kcat) waitRecords(t *testing.T, topic string, done func([]record) bool) []record {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		recs := k.consume(t, topic)
		if done(recs) || time.Now().After(deadline) {
			return recs
		}
		time.Sleep(200 * time.Millisecond)
	}
}
