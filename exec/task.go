package exec

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/state"
)

// Env is what a task needs from its surroundings.
type Env struct {
	QueryID  string
	Producer Producer      // required when the plan writes to a topic
	Log      ProcessingLog // nil: per-record errors are dropped
	Client   RowReceiver   // required when the plan ends in a client sink
	// State, when set, makes the task durable: stateful operators load their
	// state from it at Build and save it at each Checkpoint.
	State *state.DB
	// FailOnDeserializationError stops the task with ErrQueryFailed at the
	// first record it cannot deserialize, instead of logging and skipping it.
	FailOnDeserializationError bool
}

// task runs one pipeline: scans at the leaves, a sink at the root.
type task struct {
	pl      *procLog
	scans   map[string][]*scanOp // by topic
	topics  []string
	ops     []Operator // every non-source operator, sink first
	stopped error      // set once the task cannot go on
	db      *state.DB  // nil: state lives in memory only
	// restored is where the loaded state left off: the next offset per topic
	// and partition.
	restored map[string]map[int32]int64
	// stats counts rows per operator in EXPLAIN order (stats.go); scanStats
	// parallels scans.
	stats     []*opStat
	scanStats map[string][]*opStat
	errors    *statLog
	// used holds, per scan, the columns read downstream when known (prune.go).
	used map[*planner.Scan][]bool
}

var errClosed = errors.New("exec: task is closed")

// Build turns a physical plan into a Task. The root must be a TopicSink or a
// ClientSink; Build fails with a clear error for node kinds it cannot run.
func Build(root planner.Node, env Env) (Task, error) {
	switch root.(type) {
	case *planner.TopicSink, *planner.ClientSink:
	default:
		return nil, fmt.Errorf("exec: plan root must be a sink, not %s", nodeName(root))
	}
	errs := &statLog{log: env.Log}
	t := &task{pl: &procLog{queryID: env.QueryID, log: errs, failOnDeserialize: env.FailOnDeserializationError}, scans: map[string][]*scanOp{},
		scanStats: map[string][]*opStat{}, errors: errs, used: usedColumns(root)}
	if err := t.build(root, nil, 0, nil, 0, env); err != nil {
		t.Close()
		return nil, err
	}
	for topic := range t.scans {
		t.topics = append(t.topics, topic)
	}
	sort.Strings(t.topics)
	if env.State != nil {
		if err := t.restore(env.State); err != nil {
			t.Close()
			return nil, err
		}
	}
	return t, nil
}

// build creates the operator for n, opens it feeding input port in of
// parent (nil for the root, the sink), and builds its inputs feeding it.
func (t *task) build(n planner.Node, parent Operator, in int, parentStat *opStat, depth int, env Env) error {
	stat := t.newStat(n, depth)
	var out Emitter
	if parent != nil {
		out = &countedPort{port: port{op: parent, in: in}, from: stat, to: parentStat}
	}
	if s, ok := n.(*planner.Scan); ok {
		scan, err := newScan(t.pl, s, t.used[s])
		if err != nil {
			return err
		}
		scan.open(out)
		t.scans[s.Topic] = append(t.scans[s.Topic], scan)
		t.scanStats[s.Topic] = append(t.scanStats[s.Topic], stat)
		return nil
	}
	if env.Producer != nil && parent == nil {
		env.Producer = &statProducer{Producer: env.Producer, stat: stat}
	}
	if env.Client != nil && parent == nil {
		env.Client = &statReceiver{RowReceiver: env.Client, stat: stat}
	}
	op, err := t.newOperator(n, env)
	if err != nil {
		return err
	}
	t.ops = append(t.ops, op)
	if err := op.Open(context.Background(), out); err != nil {
		return err
	}
	for i, child := range n.Inputs() {
		if err := t.build(child, op, i, stat, depth+1, env); err != nil {
			return err
		}
	}
	return nil
}

func (t *task) newOperator(n planner.Node, env Env) (Operator, error) {
	switch n := n.(type) {
	case *planner.Filter:
		return newFilter(t.pl, n)
	case *planner.Join:
		return newJoin(t.pl, n)
	case *planner.Aggregate:
		return newAggregate(t.pl, n)
	case *planner.TableFilter:
		return newTableFilter(t.pl, n)
	case *planner.Project:
		return newProject(t.pl, n)
	case *planner.Rekey:
		return newRekey(t.pl, n)
	case *planner.FlatMap:
		return newFlatMap(t.pl, n)
	case *planner.TopicSink:
		return newTopicSink(t.pl, n, env.Producer)
	case *planner.ClientSink:
		return newClientSink(n, env.Client)
	case nil:
		return nil, fmt.Errorf("exec: plan has a nil node")
	}
	return nil, fmt.Errorf("exec: cannot run plan node %s yet", nodeName(n))
}

// nodeName names a plan node's kind for error messages.
func nodeName(n planner.Node) string {
	if n == nil {
		return "<nil>"
	}
	name := fmt.Sprintf("%T", n)
	return name[strings.LastIndexByte(name, '.')+1:]
}

func (t *task) SourceTopics() []string { return slices.Clone(t.topics) }

// Process routes batch to the scans of its topic. Runs of records from
// different topic-partitions are handled one run at a time.
func (t *task) Process(ctx context.Context, batch []SourceRecord) error {
	for len(batch) > 0 {
		if t.stopped != nil {
			return t.stopped
		}
		n := 1
		for n < len(batch) && batch[n].Topic == batch[0].Topic && batch[n].Partition == batch[0].Partition {
			n++
		}
		if err := t.processRun(ctx, batch[:n]); err != nil {
			t.stopped = err
			return err
		}
		batch = batch[n:]
	}
	return t.stopped
}

func (t *task) processRun(ctx context.Context, run []SourceRecord) error {
	scans, ok := t.scans[run[0].Topic]
	if !ok {
		return fmt.Errorf("exec: query %s does not read topic %s", t.pl.queryID, run[0].Topic)
	}
	stats := t.scanStats[run[0].Topic]
	for i, s := range scans {
		stats[i].rowsIn.Add(int64(len(run)))
		if err := s.consume(ctx, run); err != nil {
			return err
		}
	}
	return nil
}

// Close closes every operator and reports the first error.
func (t *task) Close() error {
	var first error
	for _, op := range t.ops {
		if err := op.Close(); err != nil && first == nil {
			first = err
		}
	}
	t.ops = nil
	t.stopped = errClosed
	return first
}
