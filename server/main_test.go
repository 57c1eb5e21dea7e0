package server

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: every
// handler, push session and WebSocket reader must end with its request.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
