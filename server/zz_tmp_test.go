package server

import (
	"crypto/tls"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/streamsql/streamsql/engine"
)

func TestTmpSlowH2(t *testing.T) {
	for _, h2 := range []bool{true, false} {
		b := newFakeBackend()
		q := b.addQuery(newFakeQuery("transient_S_1", testCols, 8))
		addr, stop := serve(t, testServer(b))
		var protocols http.Protocols
		if h2 {
			protocols.SetUnencryptedHTTP2(true)
		} else {
			protocols.SetHTTP1(true)
		}
		tr := &http.Transport{Protocols: &protocols, TLSClientConfig: &tls.Config{}}
		go func() {
			time.Sleep(1500 * time.Millisecond)
			q.send(row("a", 1))
			q.finish(&engine.End{Message: "Limit Reached"})
		}()
		resp, err := (&http.Client{Transport: tr}).Post("http://"+addr+"/query-stream", "application/json",
			strings.NewReader(`{"sql":"SELECT 1;"}`))
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.True(t, strings.Contains(string(body), `["a",1]`), string(body))
		tr.CloseIdleConnections()
		require.NoError(t, stop())
	}
}
