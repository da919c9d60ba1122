package diagnose

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"github.com/camerr/camerr/bench/explain/loggen"
)

// benchLogFile writes 3 MB of the benchmark log (loggen) to a file: a scan of a regular file
// takes its region before the first block.
func benchLogFile(t *testing.T, seed uint64) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := loggen.Write(&buf, 3<<20, seed); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), path
}

// freeRegions returns the regions waiting for a scan.
func freeRegions() []*region {
	regions.Lock()
	defer regions.Unlock()
	return append([]*region(nil), regions.free...)
}

// TestRegionReused: a parallel scan of a large file reads it into a region of huge-page-aligned
// memory, gives it back when done, and the next scan reads into the same memory, whatever the
// last one left there, finding the same.
func TestRegionReused(t *testing.T) {
	log, path := benchLogFile(t, 5)
	before := len(freeRegions())
	var counts []int
	for range 3 {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		if _, err := scanParallel(f, Options{Source: "r"}, func(Finding) error { n++; return nil }, 2, defaultLimits); err != nil {
			t.Fatal(err)
		}
		f.Close()
		counts = append(counts, n)
		free := freeRegions()
		if len(free) != max(before, 1) {
			t.Fatalf("%d free regions after a scan, want %d", len(free), max(before, 1))
		}
		for _, r := range free {
			if p := uintptr(unsafe.Pointer(unsafe.SliceData(r.mem))); p%hugePage != 0 || len(r.mem)%hugePage != 0 {
				t.Errorf("region at %#x of %d bytes: not whole huge pages", p, len(r.mem))
			}
		}
	}
	if counts[0] == 0 || counts[1] != counts[0] || counts[2] != counts[0] {
		t.Errorf("findings in three scans: %v", counts)
	}
	var seq []Finding
	if _, err := scanSequential(bytes.NewReader(log), Options{Source: "r"}, func(f Finding) error { seq = append(seq, f); return nil }); err != nil || len(seq) != counts[0] {
		t.Errorf("sequential scan: %d findings (%v), parallel %d", len(seq), err, counts[0])
	}
}

// TestRegionAfterEmitError: a scan stopped by its caller gives its region back once its
// goroutines are done.
func TestRegionAfterEmitError(t *testing.T) {
	_, path := benchLogFile(t, 3)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := len(freeRegions())
	stop := errors.New("stop")
	if _, err := scanParallel(f, Options{}, func(Finding) error { return stop }, 2, defaultLimits); err != stop {
		t.Fatalf("err %v", err)
	}
	for deadline := time.Now().Add(10 * time.Second); len(freeRegions()) < max(before, 1); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the region did not come back")
		}
	}
}
