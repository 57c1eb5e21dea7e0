package engine

import (
	"context"

	"github.com/streamsql/streamsql/exec/kafkaio"
)

// runTail starts the shared tail reader of topic (push_shared_tail.go): one
// consumer without a group, from the latest offsets, reading only committed
// records so that no subscriber sees output of an aborted transaction.
func (k *kafkaBackend) runTail(ctx context.Context, readerID, topic string, build taskFactory) (stopper, error) {
	r, err := kafkaio.RunTransient(ctx, kafkaio.TransientConfig{Brokers: k.cfg.Brokers, ClientID: "streamsql-" + readerID,
		QueryID: readerID, ReadCommitted: true, Logger: k.log}, kafkaio.TaskFactory(build))
	if err != nil {
		return nil, Errorf(CodeServerError, "cannot start the shared reader of topic %s: %v", topic, err)
	}
	return tailRun{r}, nil
}

// tailRun is a tail reader's runner; Done and Err let the reader notice
// that it died by itself.
type tailRun struct{ r *kafkaio.Runner }

func (t tailRun) Stop() error           { return t.r.Stop() }
func (t tailRun) Done() <-chan struct{} { return t.r.Done() }
func (t tailRun) Err() error            { return t.r.Err() }
