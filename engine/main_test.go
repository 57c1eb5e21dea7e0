package engine

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: runners,
// push readers, supervisors and materialized views must stop with the engine.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
