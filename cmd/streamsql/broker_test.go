package main

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

var readyRE = regexp.MustCompile(`streamsql broker is ready on (127\.0\.0\.1:\d+) \(data in `)

// startBrokerCmd runs `streamsql broker` in-process on dir and returns its
// address and a function that stops it (as SIGTERM does) and returns its error.
func startBrokerCmd(t *testing.T, dir string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	errc := make(chan error, 1)
	go func() {
		errc <- runBroker(ctx, brokerFlags{listen: "127.0.0.1:0", dataDir: dir, logLevel: "warn"}, &stdout, &stderr)
	}()
	stop := func() error {
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("broker did not stop within 10s of its context's end")
			return nil
		}
	}
	var m []string
	require.Eventually(t, func() bool {
		m = readyRE.FindStringSubmatch(stdout.String())
		return m != nil
	}, 10*time.Second, 10*time.Millisecond, "no ready line; stderr: %s", stderr.String())
	return m[1], stop
}

// TestBrokerCommand stops a broker cleanly and starts another on its data
// dir: the record produced to the first is read from the second.
func TestBrokerCommand(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()

	addr, stop := startBrokerCmd(t, dir)
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	require.NoError(t, err)
	_, err = kadm.NewClient(cl).CreateTopic(ctx, 1, 1, nil, "t")
	require.NoError(t, err)
	require.NoError(t, cl.ProduceSync(ctx, &kgo.Record{Topic: "t", Key: []byte("k"), Value: []byte("v")}).FirstErr())
	cl.Close()
	require.NoError(t, stop())

	addr, stop = startBrokerCmd(t, dir)
	defer func() { require.NoError(t, stop()) }()
	cl, err = kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics("t"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	require.NoError(t, err)
	defer cl.Close()
	fs := cl.PollFetches(ctx)
	require.NoError(t, fs.Err())
	recs := fs.Records()
	require.Len(t, recs, 1)
	require.Equal(t, "k=v", string(recs[0].Key)+"="+string(recs[0].Value))
}

func TestBrokerCommandBadFlags(t *testing.T) {
	var stdout, stderr syncBuffer
	code := run([]string{"broker", "--log-level", "loud"}, &stdout, &stderr)
	require.Equal(t, 1, code)
	require.Contains(t, stderr.String(), `streamsql: bad --log-level "loud"`)
}
