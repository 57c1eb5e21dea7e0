package server

import (
	"io/fs"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/streamsql/streamsql/web"
)

// mountDashboard serves the web dashboard at "/" and each of its files at
// "/<name>". Only those paths are routed, so every other unknown path still
// gets ksqlDB's JSON 404.
func mountDashboard(r chi.Router) {
	h := web.Handler()
	r.Method(http.MethodGet, "/", h)
	r.Method(http.MethodHead, "/", h)
	_ = fs.WalkDir(web.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == "index.html" {
			return err // index.html is served at "/": the file server redirects it there
		}
		r.Method(http.MethodGet, "/"+path, h)
		r.Method(http.MethodHead, "/"+path, h)
		return nil
	})
}
