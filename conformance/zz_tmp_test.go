package conformance

import (
	"os"
	"strings"
	"testing"
)

func TestZZMain(t *testing.T) {
	args := os.Getenv("CONF_ARGS")
	if args == "" {
		t.Skip()
	}
	f, _ := os.Create("/tmp/conf_out.txt")
	defer f.Close()
	Main(strings.Split(args, "|"), f, f)
}
