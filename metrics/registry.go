package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ScrapeTimeout bounds the scrape-time sources (lag, state size).
const ScrapeTimeout = 2 * time.Second

const namespace = "streamsql"

// Registry owns the Prometheus registry and streamsql's instruments.
type Registry struct {
	reg         *prometheus.Registry
	recordsIn   *prometheus.CounterVec
	recordsOut  *prometheus.CounterVec
	errors      *prometheus.CounterVec
	late        *prometheus.CounterVec
	subscribers prometheus.Gauge
	pullLatency prometheus.Histogram
	lag         *lagCollector
	state       *dirSizeCollector
}

// New returns a registry with streamsql's instruments and the Go runtime and
// process collectors registered.
func New() *Registry {
	perQuery := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Subsystem: "query", Name: name, Help: help}, []string{"query"})
	}
	r := &Registry{
		reg:        prometheus.NewRegistry(),
		recordsIn:  perQuery("records_in_total", "Records a persistent query consumed from its source topics."),
		recordsOut: perQuery("records_out_total", "Records a persistent query wrote to its sink topic."),
		errors:     perQuery("processing_errors_total", "Records a persistent query skipped and wrote to the processing log."),
		late:       perQuery("late_records_dropped_total", "Records a windowed aggregation dropped because they arrived after the grace period."),
		subscribers: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "push_subscribers",
			Help: "Transient (push and streaming pull) queries currently running for clients."}),
		pullLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Name: "pull_query_latency_seconds",
			Help: "Time from receiving a pull query to writing its last row.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)}),
		lag:   newLagCollector(),
		state: newDirSizeCollector(),
	}
	r.reg.MustRegister(r.recordsIn, r.recordsOut, r.errors, r.late, r.subscribers, r.pullLatency, r.lag, r.state,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Prometheus returns the underlying registry, e.g. to register client metrics.
func (r *Registry) Prometheus() *prometheus.Registry {
	if r == nil {
		return nil
	}
	return r.reg
}

// Handler serves the registry in the Prometheus exposition format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// RecordsIn adds n records consumed by persistent query id.
func (r *Registry) RecordsIn(query string, n int) {
	if r != nil && n > 0 {
		r.recordsIn.WithLabelValues(query).Add(float64(n))
	}
}

// RecordsOut adds one record written by persistent query id.
func (r *Registry) RecordsOut(query string) {
	if r != nil {
		r.recordsOut.WithLabelValues(query).Inc()
	}
}

// ProcessingError counts one processing-log entry of query; late says that
// the record was dropped for arriving after its window closed.
func (r *Registry) ProcessingError(query string, late bool) {
	if r == nil {
		return
	}
	r.errors.WithLabelValues(query).Inc()
	if late {
		r.late.WithLabelValues(query).Inc()
	}
}

// Forget drops the series of a terminated persistent query.
func (r *Registry) Forget(query string) {
	if r == nil {
		return
	}
	for _, v := range []*prometheus.CounterVec{r.recordsIn, r.recordsOut, r.errors, r.late} {
		v.DeleteLabelValues(query)
	}
}

// SubscriberStarted and SubscriberEnded track running transient queries.
func (r *Registry) SubscriberStarted() {
	if r != nil {
		r.subscribers.Inc()
	}
}

// SubscriberEnded undoes one SubscriberStarted.
func (r *Registry) SubscriberEnded() {
	if r != nil {
		r.subscribers.Dec()
	}
}

// ObservePull records the latency of one pull query.
func (r *Registry) ObservePull(d time.Duration) {
	if r != nil {
		r.pullLatency.Observe(d.Seconds())
	}
}
