package e2e

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"
)

// report logs every figure in one block, then fails the test for each check
// the guarantee does not allow.
func (res *eosResult) report(t *testing.T, r *eosRun) {
	t.Helper()
	var b strings.Builder
	res.writeSummary(&b, r)
	t.Logf("TestCrashExactlyOnce summary\n%s", b.String())
	res.verdict(t, r)
}

func (res *eosResult) writeSummary(b *strings.Builder, r *eosRun) {
	servers, brokers, wiped := 0, 0, 0
	for _, k := range r.kills {
		if k.plan.broker {
			brokers++
		} else {
			servers++
		}
		if k.plan.wipe {
			wiped++
		}
	}
	fmt.Fprintf(b, "guarantee %s, seed %d (%s=%d replays it), took %v\n", r.guarantee, r.seed, seedEnv, r.seed,
		time.Since(r.began).Round(time.Millisecond))
	fmt.Fprintf(b, "run: %d records over %d keys at %d/s into %d partitions; %d server SIGKILLs (%d with the state dir wiped), %d broker SIGKILLs; %d server exits nobody asked for\n",
		r.size.records, r.size.keys, r.size.rate, eosPartitions, servers, wiped, brokers, len(r.cl.selfExits))
	g, in := res.gen, res.input
	fmt.Fprintf(b, "generator: %d records acknowledged, %d acknowledged twice, %d failed deliveries produced again (last error: %v)\n",
		g.acked, g.ackedTwice, g.failures, g.lastErr)
	fmt.Fprintf(b, "input %s (read_committed): %d records, %d duplicates, %d acknowledged but missing, %d seq gaps, %d unparseable, %d aborted, %d pending\n",
		eosEventsTopic, in.records, in.dups, in.lostAcked, in.gaps, in.bad, in.vis.aborted, in.vis.pending)
	w := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "stream\tin\tout\tlost\tduplicated\twrong\tseq gaps\tgap keys\treordered\taborted\tpending\t")
	for _, c := range res.streams {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", c.name, c.want, c.got, c.lost, c.dup, c.wrong, c.gaps, c.gapKeys, c.reordered, c.vis.aborted, c.vis.pending)
	}
	fmt.Fprintln(w, "table\tin\tupdates\tgroups\tmissing\textra\twrong final\tCNT over\tCNT under\trepeated\tdecreased\tinconsistent\taborted\tpending\t")
	for _, c := range res.tables {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", c.name, c.in, c.updates, c.rows, c.missing, c.extra,
			c.wrongRows, c.over, c.under, c.repeated, c.decreased, c.inconsistent, c.vis.aborted, c.vis.pending)
	}
	w.Flush()
	writeRecoveries(b, r.kills)
	for _, e := range append(res.errs, r.cl.selfExits...) {
		fmt.Fprintf(b, "error: %s\n", e)
	}
}

// writeRecoveries lists each kill and the recovery percentiles.
func writeRecoveries(b *strings.Builder, kills []*eosKill) {
	fmt.Fprintf(b, "recovery = SIGKILL -> first new committed record on %s:\n", eosPassTopic)
	var all, servers []time.Duration
	for i, k := range kills {
		rec := "none seen before the end of the run"
		switch {
		case k.lso == nil:
			rec = "not measured: " + k.err
		case k.recovery > 0:
			rec = k.recovery.Round(time.Millisecond).String()
			all = append(all, k.recovery)
			if !k.plan.broker {
				servers = append(servers, k.recovery)
			}
		}
		down := ""
		if k.plan.broker {
			down = fmt.Sprintf(" (down %v)", k.plan.down.Round(time.Millisecond))
		}
		fmt.Fprintf(b, "  kill %d %-11s at %8v: back after %v%s, recovery %s\n", i+1, k.what(),
			k.into.Round(time.Millisecond), k.back.Round(time.Millisecond), down, rec)
	}
	fmt.Fprintf(b, "recovery all kills: %s; server kills only: %s\n", percentiles(all), percentiles(servers))
}

// percentiles is "p50 X p99 Y (n)" by nearest rank.
func percentiles(ds []time.Duration) string {
	if len(ds) == 0 {
		return "no samples"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(q float64) time.Duration {
		return s[max(0, int(math.Ceil(q*float64(len(s))))-1)].Round(time.Millisecond)
	}
	return fmt.Sprintf("p50 %v p99 %v (%d samples)", at(0.50), at(0.99), len(s))
}

// verdict fails the test for what the guarantee does not allow: any loss,
// and under exactly-once any duplicate or inconsistent table update.
func (res *eosResult) verdict(t *testing.T, r *eosRun) {
	t.Helper()
	g := r.guarantee
	for _, e := range res.errs {
		t.Errorf("verifier: %s", e)
	}
	if in := res.input; in.lostAcked > 0 || in.bad > 0 || in.vis != (visibility{}) {
		t.Errorf("input %s: %d acknowledged records missing, %d unparseable, %d aborted, %d pending: the broker lost or mangled input",
			eosEventsTopic, in.lostAcked, in.bad, in.vis.aborted, in.vis.pending)
	}
	for _, c := range res.streams {
		pendingError(t, c.name, c.vis)
		if c.failed(g) {
			t.Errorf("%s: stream %s: %d lost, %d duplicated, %d wrong, %d seq gaps over %d keys, of %d expected records; e.g.\n  %s",
				g, c.name, c.lost, c.dup, c.wrong, c.gaps, c.gapKeys, c.want, strings.Join(c.problems.list, "\n  "))
		} else if c.dup > 0 {
			t.Logf("%s: stream %s: %d duplicates (allowed under %s)", g, c.name, c.dup, g)
		}
	}
	for _, c := range res.tables {
		pendingError(t, c.name, c.vis)
		if c.failed(g) {
			t.Errorf("%s: table %s: %d groups missing, %d unexpected, %d with a wrong final value (CNT %+d over, %d under); updates: %d repeated, %d decreased, %d inconsistent; e.g.\n  %s",
				g, c.name, c.missing, c.extra, c.wrongRows, c.over, c.under, c.repeated, c.decreased, c.inconsistent, strings.Join(c.problems.list, "\n  "))
		} else if c.wrongRows+c.repeated+c.decreased+c.inconsistent > 0 {
			t.Logf("%s: table %s: %d wrong final values (CNT %+d over); updates: %d repeated, %d decreased, %d inconsistent (allowed under %s)",
				g, c.name, c.wrongRows, c.over, c.repeated, c.decreased, c.inconsistent, g)
		}
	}
}

// pendingError reports records past a sink's last stable offset once every
// query has caught up and the server has stopped: a transaction left open
// hides them, and everything after them, from read_committed consumers.
func pendingError(t *testing.T, name string, vis visibility) {
	t.Helper()
	if vis.pending > 0 {
		t.Errorf("%s: %d records past the last stable offset after the server stopped: a transaction was left open", name, vis.pending)
	}
}
