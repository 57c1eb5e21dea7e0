package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
)

// This file serves the cluster endpoints of a single-node ksqlDB: every
// answer describes this server as the only, live host.

// hostStatus is ksqlDB's HostStatusEntity.
type hostStatus struct {
	HostAlive             bool           `json:"hostAlive"`
	LastStatusUpdateMs    int64          `json:"lastStatusUpdateMs"`
	ActiveStandbyPerQuery map[string]any `json:"activeStandbyPerQuery"`
	HostStoreLags         hostStoreLags  `json:"hostStoreLags"`
}

type hostStoreLags struct {
	StateStoreLags map[string]any `json:"stateStoreLags"`
	UpdateTimeMs   int64          `json:"updateTimeMs"`
}

// handleClusterStatus answers GET /clusterStatus with this host, keyed
// host:port as the client addressed it.
func (s *Server) handleClusterStatus(w http.ResponseWriter, r *http.Request) {
	now := time.Now().UnixMilli()
	body := map[string]map[string]hostStatus{"clusterStatus": {
		r.Host: {
			HostAlive: true, LastStatusUpdateMs: now,
			ActiveStandbyPerQuery: map[string]any{},
			HostStoreLags:         hostStoreLags{StateStoreLags: map[string]any{}, UpdateTimeMs: now},
		},
	}}
	s.writeJSON(w, r, http.StatusOK, body)
}

// clusterID is ksqlDB's ServerClusterId: the Kafka and ksql clusters this
// server belongs to.
type clusterID struct {
	Scope struct {
		Path     []string          `json:"path"`
		Clusters map[string]string `json:"clusters"`
	} `json:"scope"`
	ID string `json:"id"`
}

func (s *Server) clusterID() clusterID {
	info := s.backend.Info()
	var id clusterID
	id.Scope.Path = []string{}
	id.Scope.Clusters = map[string]string{"kafka-cluster": info.KafkaClusterID, "ksql-cluster": info.ServiceID}
	return id
}

// handleMetadata answers GET /v1/metadata (ksqlDB's ServerMetadata).
func (s *Server) handleMetadata(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, struct {
		Version   string    `json:"version"`
		ClusterID clusterID `json:"clusterId"`
	}{s.backend.Info().Version, s.clusterID()})
}

// handleMetadataID answers GET /v1/metadata/id.
func (s *Server) handleMetadataID(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, s.clusterID())
}

// handleLive answers GET /chc/live: the process serves requests.
func (s *Server) handleLive(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, struct{}{})
}

// handleReady answers GET /chc/ready: 200 when the backend is healthy, 503
// otherwise.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := contextWithTimeout(r, s.opts.HealthTimeout)
	defer cancel()
	metastore, kafka := s.backend.Healthy(ctx)
	if !metastore || !kafka {
		s.errorf(w, r, 50300, "server is not ready: metastore healthy %t, kafka healthy %t", metastore, kafka)
		return
	}
	s.writeJSON(w, r, http.StatusOK, struct{}{})
}

// handleHeartbeat answers POST /heartbeat and POST /lag with {"isOk":true}
// once the body is a JSON object. A single node has no peers to track, so the
// message is only acknowledged.
func (s *Server) handleHeartbeat(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := s.decodeBody(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]bool{"isOk": true})
}

// mountClusterRoutes adds /inserts-stream and the cluster, status and
// property endpoints; rest is r with the REST media types negotiated.
func (s *Server) mountClusterRoutes(r, rest chi.Router) {
	r.With(s.accepts(streamMedia...)).Post("/inserts-stream", s.handleInsertsStream)
	rest.Post("/ksql/terminate", s.handleTerminate)
	rest.Get("/clusterStatus", s.handleClusterStatus)
	rest.Get("/status", s.handleStatuses)
	rest.Get("/status/{type}/{entity}/{action}", s.handleStatus)
	rest.Get("/is_valid_property/{name}", s.handleIsValidProperty)
	rest.Get("/v1/metadata", s.handleMetadata)
	rest.Get("/v1/metadata/id", s.handleMetadataID)
	rest.Get("/chc/live", s.handleLive)
	rest.Get("/chc/ready", s.handleReady)
	rest.Post("/heartbeat", s.handleHeartbeat)
	rest.Post("/lag", s.handleHeartbeat)
}
