package server

import (
	"context"
	"net/http"
	"sort"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/streamsql/streamsql/engine"
)

// immutableProperties cannot be overridden per request (ksqlDB's
// ImmutableProperties and LocalPropertyValidator): they configure the server,
// not a statement.
var immutableProperties = map[string]bool{
	"bootstrap.servers":                       true,
	"ksql.service.id":                         true,
	"ksql.extension.dir":                      true,
	"ksql.query.persistent.active.limit":      true,
	"ksql.internal.topic.replicas":            true,
	"ksql.internal.topic.min.insync.replicas": true,
	"ksql.schema.registry.url":                true,
	"ksql.connect.url":                        true,
	"ksql.properties.overrides.denylist":      true,
	"application.id":                          true,
	"state.dir":                               true,
	"listeners":                               true,
	"security.protocol":                       true,
	"sasl.jaas.config":                        true,
	"sasl.mechanism":                          true,
}

// overridePrefixes are stripped before looking a name up, as ksqlDB accepts
// ksql.streams.bootstrap.servers for bootstrap.servers.
var overridePrefixes = []string{"ksql.streams.", "ksql.streams.producer.", "ksql.streams.consumer.",
	"producer.", "consumer.", "admin."}

// checkOverride returns a 40000 error if name may not be overridden per request.
func checkOverride(name string) error {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return errBadRequest("property name is empty")
	}
	if prohibited(n) {
		return errBadRequest("Cannot override property '%s'", name)
	}
	for _, p := range overridePrefixes {
		if rest, ok := strings.CutPrefix(n, p); ok && prohibited(rest) {
			return errBadRequest("Cannot override property '%s'", name)
		}
	}
	return nil
}

func prohibited(n string) bool {
	return immutableProperties[n] || strings.HasPrefix(n, "ssl.")
}

// checkOverrides checks every name of a request's property overrides, in
// sorted order so that the error names the same property every time.
func checkOverrides(props map[string]any) error {
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := checkOverride(k); err != nil {
			return err
		}
	}
	return nil
}

// guardedBackend rejects requests that override immutable properties before
// they reach the engine, for every endpoint that takes overrides.
// It also counts transient queries against the server's limits (limits.go).
type guardedBackend struct {
	Backend
	limits *queryLimits
}

func (g guardedBackend) Execute(ctx context.Context, req engine.Request) ([]engine.Entity, error) {
	if err := checkOverrides(req.Properties); err != nil {
		return nil, err
	}
	return g.Backend.Execute(ctx, req)
}

func (g guardedBackend) Query(ctx context.Context, req engine.Request) (engine.Query, error) {
	if err := checkOverrides(req.Properties); err != nil {
		return nil, err
	}
	return g.limits.limitQuery(ctx, req, g.Backend.Query)
}

// handleIsValidProperty answers GET /is_valid_property/{name}: true when the
// property may be overridden per request, a 400 error naming it otherwise.
func (s *Server) handleIsValidProperty(w http.ResponseWriter, r *http.Request) {
	if err := checkOverride(chi.URLParam(r, "name")); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, true)
}
