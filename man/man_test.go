package man

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestInSync fails when the pages here are not what the command tree generates: run
// go generate ./man after changing a command, flag or help text.
func TestInSync(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir); err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	have, _ := filepath.Glob("*.1")
	if len(want) != len(have) || len(want) < 8 {
		t.Errorf("man/ has %d pages, the command tree makes %d: run go generate ./man", len(have), len(want))
	}
	for _, p := range want {
		got, err := os.ReadFile(filepath.Base(p))
		exp, _ := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, exp) {
			t.Errorf("%s is stale or missing: run go generate ./man", filepath.Base(p))
		}
	}
}
