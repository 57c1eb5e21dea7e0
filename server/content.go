package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// Media types served.
const (
	mediaKsqlV1    = "application/vnd.ksql.v1+json"
	mediaJSON      = "application/json"
	mediaDelimited = "application/vnd.ksqlapi.delimited.v1"
	mediaProtobuf  = "application/vnd.ksql.v1+protobuf" // /query rows as protobuf
)

var (
	// restMedia is offered by /ksql, /info, /healthcheck, /close-query.
	restMedia = []string{mediaKsqlV1, mediaJSON}
	// queryMedia is offered by /query: JSON first, protobuf only when asked.
	queryMedia = []string{mediaKsqlV1, mediaJSON, mediaProtobuf}
	// streamMedia is offered by /query-stream; delimited is the default.
	streamMedia = []string{mediaDelimited, mediaJSON}
)

type mediaKey struct{}

// accepts is middleware that picks the response media type from the request's
// Accept header among offers (preferring earlier offers on ties, and the first
// when Accept is absent), or answers 406 Not Acceptable.
func (s *Server) accepts(offers ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			media, ok := negotiate(r.Header.Values("Accept"), offers)
			if !ok {
				s.errorf(w, r, codeNotAcceptable, "cannot produce %q: %s serves %s",
					strings.Join(r.Header.Values("Accept"), ", "), r.URL.Path, strings.Join(offers, ", "))
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), mediaKey{}, media)))
		})
	}
}

// responseMedia is the media type chosen for r by accepts, or application/json.
func responseMedia(r *http.Request) string {
	if m, ok := r.Context().Value(mediaKey{}).(string); ok {
		return m
	}
	return mediaJSON
}

// negotiate returns the offer the Accept header values rank highest.
func negotiate(accept []string, offers []string) (string, bool) {
	ranges := parseAccept(accept)
	if len(ranges) == 0 {
		return offers[0], true
	}
	best, bestQ := "", 0.0
	for _, offer := range offers {
		if q := quality(ranges, offer); q > bestQ {
			best, bestQ = offer, q
		}
	}
	return best, bestQ > 0
}

// mediaRange is one element of an Accept header.
type mediaRange struct {
	typ, sub string
	q        float64
}

func parseAccept(values []string) []mediaRange {
	var out []mediaRange
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if mr, ok := parseMediaRange(part); ok {
				out = append(out, mr)
			}
		}
	}
	return out
}

func parseMediaRange(s string) (mediaRange, bool) {
	fields := strings.Split(s, ";")
	typ, sub, ok := strings.Cut(strings.ToLower(strings.TrimSpace(fields[0])), "/")
	if !ok || typ == "" || sub == "" {
		return mediaRange{}, false
	}
	mr := mediaRange{typ: typ, sub: sub, q: 1}
	for _, p := range fields[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "q") {
			if q, err := strconv.ParseFloat(v, 64); err == nil && q >= 0 && q <= 1 {
				mr.q = q
			}
		}
	}
	return mr, true
}

// quality is the q of the most specific range matching offer (0 if none).
func quality(ranges []mediaRange, offer string) float64 {
	typ, sub, _ := strings.Cut(offer, "/")
	q, specificity := 0.0, -1
	for _, mr := range ranges {
		spec := -1
		switch {
		case mr.typ == typ && mr.sub == sub:
			spec = 2
		case mr.typ == typ && mr.sub == "*":
			spec = 1
		case mr.typ == "*" && mr.sub == "*":
			spec = 0
		}
		if spec > specificity {
			q, specificity = mr.q, spec
		}
	}
	return q
}
