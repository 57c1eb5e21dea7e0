package kafkaio

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: runners,
// clients and their franz-go goroutines must all be gone after Stop.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
