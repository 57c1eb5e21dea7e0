package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/streamsql/streamsql/engine"
)

// ksqlRequest is the body of POST /ksql and POST /query (and the WebSocket's
// request parameter). Other fields, such as commandSequenceNumber, are ignored:
// statements run in order on one server.
type ksqlRequest struct {
	KSQL              string         `json:"ksql"`
	StreamsProperties map[string]any `json:"streamsProperties"`
	SessionVariables  map[string]any `json:"sessionVariables"`
}

func (k ksqlRequest) engineRequest() (engine.Request, error) {
	if strings.TrimSpace(k.KSQL) == "" {
		return engine.Request{}, errBadRequest(`request has no statements: the "ksql" field is missing or empty`)
	}
	return engine.Request{SQL: k.KSQL, Properties: k.StreamsProperties, SessionVariables: k.SessionVariables}, nil
}

// handleKsql runs statements: POST /ksql → JSON array of entities.
func (s *Server) handleKsql(w http.ResponseWriter, r *http.Request) {
	var body ksqlRequest
	if err := s.decodeBody(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := body.engineRequest()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	entities, err := s.backend.Execute(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if entities == nil {
		entities = []engine.Entity{}
	}
	s.writeJSON(w, r, http.StatusOK, entities)
}

// handleCloseQuery stops a transient query: POST /close-query {"queryId": ".."}.
func (s *Server) handleCloseQuery(w http.ResponseWriter, r *http.Request) {
	var body struct {
		QueryID string `json:"queryId"`
	}
	if err := s.decodeBody(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.QueryID == "" {
		s.writeError(w, r, errBadRequest(`request has no "queryId" field`))
		return
	}
	if err := s.backend.CloseQuery(body.QueryID); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", responseMedia(r))
	w.WriteHeader(http.StatusOK)
}

// serverInfo is the body of GET /info.
type serverInfo struct {
	KsqlServerInfo struct {
		Version        string `json:"version"`
		KafkaClusterID string `json:"kafkaClusterId"`
		KsqlServiceID  string `json:"ksqlServiceId"`
		ServerStatus   string `json:"serverStatus"`
	} `json:"KsqlServerInfo"`
}

func (s *Server) handleInfo(w http.ResponseWriter, r *http.Request) {
	info := s.backend.Info()
	var body serverInfo
	body.KsqlServerInfo.Version = info.Version
	body.KsqlServerInfo.KafkaClusterID = info.KafkaClusterID
	body.KsqlServerInfo.KsqlServiceID = info.ServiceID
	body.KsqlServerInfo.ServerStatus = info.Status
	s.writeJSON(w, r, http.StatusOK, body)
}

type health struct {
	IsHealthy bool `json:"isHealthy"`
}

// healthReport is the body of GET /healthcheck.
type healthReport struct {
	IsHealthy bool `json:"isHealthy"`
	Details   struct {
		Metastore health `json:"metastore"`
		Kafka     health `json:"kafka"`
	} `json:"details"`
}

func (s *Server) handleHealthcheck(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.HealthTimeout)
	defer cancel()
	metastore, kafka := s.backend.Healthy(ctx)
	var body healthReport
	body.IsHealthy = metastore && kafka
	body.Details.Metastore.IsHealthy = metastore
	body.Details.Kafka.IsHealthy = kafka
	status := http.StatusOK
	if !body.IsHealthy {
		status = http.StatusServiceUnavailable
		s.log.Warn("healthcheck failed", "metastore", metastore, "kafka", kafka)
	}
	s.writeJSON(w, r, status, body)
}
