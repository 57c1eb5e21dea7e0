package kafkaio

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ErrTransactionAborted is returned by a runner whose transaction was aborted
// instead of committed (the group rebalanced or the broker refused it). The
// task's in-memory and local state then reflect input that was not
// committed: the task must be rebuilt from its committed state.
var ErrTransactionAborted = errors.New("kafkaio: transaction aborted")

// commitTransaction ends the open transaction: the task checkpoints its
// state (its changelog writes are produced into the transaction), then the
// session flushes every record, adds the input offsets and commits. Output,
// changelog and offsets become visible to read_committed consumers together
// or not at all.
func (r *Runner) commitTransaction(offs map[string]map[int32]kgo.EpochOffset) error {
	if !r.inTxn {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.flushTO)
	defer cancel()
	if len(offs) > 0 {
		if err := r.checkpoint(offs); err != nil {
			return err
		}
	}
	if err := r.cl.Flush(ctx); err != nil {
		return fmt.Errorf("flush output: %w", err)
	}
	if err := r.prod.err(); err != nil {
		return err // shutdown aborts the transaction
	}
	committed, err := r.txn.End(ctx, kgo.TryCommit)
	r.inTxn = false
	if err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	if !committed {
		return ErrTransactionAborted
	}
	return nil
}

// FenceTransactions takes over transactional id txnID: any transaction a
// previous holder (a killed server) left open is aborted, and one it was
// committing is finished, before this returns. Call it before reading state
// that such a transaction may touch.
func FenceTransactions(ctx context.Context, brokers []string, txnID string) error {
	cl, err := newClient(brokers, "", nil, kgo.TransactionalID(txnID))
	if err != nil {
		return err
	}
	defer cl.Close()
	if _, _, err := cl.ProducerID(ctx); err != nil {
		return fmt.Errorf("kafkaio: fence transactional id %q on %s: %w", txnID, addrList(brokers), err)
	}
	return nil
}

// FenceOpenTransactions fences (FenceTransactions) every transactional id
// named prefix or prefix-<anything> whose transaction is not complete. A query
// takes a new transactional id each time it starts, so that a transaction the
// broker lost track of in a crash can never hide the new run's output; this
// finds and ends the transactions earlier runs left open.
func FenceOpenTransactions(ctx context.Context, brokers []string, prefix string) error {
	var open []string
	err := withAdmin(brokers, "", nil, func(adm *kadm.Client) error {
		listed, err := adm.ListTransactions(ctx, nil, nil)
		if err != nil {
			return fmt.Errorf("kafkaio: list transactions on %s: %w", addrList(brokers), err)
		}
		for _, t := range listed.Sorted() {
			if t.TxnID != prefix && !strings.HasPrefix(t.TxnID, prefix+"-") {
				continue
			}
			switch t.State {
			case "CompleteCommit", "CompleteAbort", "Empty", "Dead":
			default:
				open = append(open, t.TxnID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range open {
		if err := FenceTransactions(ctx, brokers, id); err != nil {
			return err
		}
	}
	return nil
}

// CommittedOffsets returns the next offset group has committed for each
// partition it consumes.
func CommittedOffsets(ctx context.Context, brokers []string, group string) (map[string]map[int32]int64, error) {
	out := map[string]map[int32]int64{}
	err := withAdmin(brokers, "", nil, func(adm *kadm.Client) error {
		resp, err := adm.FetchOffsets(kadm.RequireStable(ctx), group)
		if err == nil {
			err = resp.Error()
		}
		if errors.Is(err, kerr.GroupIDNotFound) {
			return nil // a group that never committed
		}
		if err != nil {
			return fmt.Errorf("kafkaio: committed offsets of group %q on %s: %w", group, addrList(brokers), err)
		}
		resp.Each(func(o kadm.OffsetResponse) {
			if out[o.Topic] == nil {
				out[o.Topic] = map[int32]int64{}
			}
			out[o.Topic][o.Partition] = o.At
		})
		return nil
	})
	return out, err
}
