package nexmark

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
)

// runBaselines runs `streamsql bench baseline` for each baseline query that
// ran on the engine, and sets the results' Baseline and Ratio.
func (r *runner) runBaselines(ctx context.Context, rep *Report) {
	for i := range rep.Results {
		res := &rep.Results[i]
		if res.Status != "ok" || !slices.Contains(BaselineQueries, res.Query) {
			continue
		}
		r.logf("%s: baseline", res.Query)
		r.settle(ctx)
		b := r.runBaseline(ctx, res.Query)
		res.Baseline = b
		if b.Error == "" && b.EventsPerCPU > 0 {
			res.Ratio = res.EventsPerCPU / b.EventsPerCPU
		}
	}
}

// runBaseline runs the baseline of query q as a child process and charges it
// the CPU time the kernel accounted to the child (user + system).
func (r *runner) runBaseline(ctx context.Context, q string) *BaselineResult {
	res := &BaselineResult{}
	if r.t.Binary == "" {
		res.Error = "no streamsql binary to run `bench baseline` with"
		return res
	}
	topic := "BASELINE_" + strings.ToUpper(q)
	cmd := exec.CommandContext(ctx, r.t.Binary, "bench", "baseline", q,
		"--brokers", strings.Join(r.t.Brokers, ","), "--topic", topic)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = childAttr()
	err := cmd.Run()
	defer r.dropTopic(context.WithoutCancel(ctx), topic)
	if err != nil {
		res.Error = fmt.Sprintf("baseline %s: %v: %s", q, err, trim(stderr.String(), 300))
		return res
	}
	var st BaselineStats
	lines := bytes.Split(bytes.TrimSpace(stdout.Bytes()), []byte("\n"))
	if err := json.Unmarshal(lines[len(lines)-1], &st); err != nil {
		res.Error = fmt.Sprintf("baseline %s: bad stats %q: %v", q, stdout.String(), err)
		return res
	}
	ps := cmd.ProcessState
	res.Events, res.Output, res.WallSec = st.In, st.Out, st.WallSec
	res.CPUSec = (ps.UserTime() + ps.SystemTime()).Seconds()
	res.EventsPerCPU = perSec(res.Events, res.CPUSec)
	return res
}

func (r *runner) dropTopic(ctx context.Context, topic string) {
	resp, err := r.adm.DeleteTopics(ctx, topic)
	if err == nil {
		var first kadm.DeleteTopicResponse
		first, err = resp.On(topic, nil)
		if err == nil {
			err = first.Err
		}
	}
	if err != nil {
		r.logf("deleting topic %s: %v", topic, err)
	}
}
