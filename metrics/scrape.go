package metrics

import (
	"context"
	"io/fs"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// PartitionLag is how far a persistent query is behind on one partition:
// the partition's end offset minus the next offset the query will process.
type PartitionLag struct {
	Query     string
	Topic     string
	Partition int32
	Lag       int64
}

// LagSource reports the current lag of every running persistent query.
type LagSource func(ctx context.Context) []PartitionLag

// SetLagSource makes scrapes report consumer lag from src (nil: none).
func (r *Registry) SetLagSource(src LagSource) {
	if r == nil {
		return
	}
	r.lag.mu.Lock()
	r.lag.src = src
	r.lag.mu.Unlock()
}

type lagCollector struct {
	desc *prometheus.Desc
	mu   sync.Mutex
	src  LagSource
}

func newLagCollector() *lagCollector {
	return &lagCollector{desc: prometheus.NewDesc(namespace+"_query_consumer_lag",
		"Records of a source partition a persistent query has not processed yet (partitions it has read from since start).",
		[]string{"query", "topic", "partition"}, nil)}
}

func (c *lagCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *lagCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	src := c.src
	c.mu.Unlock()
	if src == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), ScrapeTimeout)
	defer cancel()
	for _, l := range src(ctx) {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(l.Lag),
			l.Query, l.Topic, strconv.Itoa(int(l.Partition)))
	}
}

// SetStateDir makes scrapes report the bytes on disk under dir (the durable
// query state); an empty dir reports nothing.
func (r *Registry) SetStateDir(dir string) {
	if r == nil {
		return
	}
	r.state.mu.Lock()
	r.state.dir = dir
	r.state.mu.Unlock()
}

type dirSizeCollector struct {
	desc *prometheus.Desc
	mu   sync.Mutex
	dir  string
}

func newDirSizeCollector() *dirSizeCollector {
	return &dirSizeCollector{desc: prometheus.NewDesc(namespace+"_state_store_bytes",
		"Bytes on disk of the persistent queries' durable state.", nil, nil)}
}

func (c *dirSizeCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *dirSizeCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	dir := c.dir
	c.mu.Unlock()
	if dir == "" {
		return
	}
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(DirSize(dir)))
}

// DirSize returns the total size of the regular files under dir; a missing
// dir or unreadable entries count as zero.
func DirSize(dir string) int64 {
	var total int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished while walking (compaction): skip it
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}
