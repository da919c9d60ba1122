//go:build !linux

package diagnose

// A region is memory for a parallel scan's block buffers backed by huge pages, on Linux
// (hugepages_linux.go). Elsewhere block buffers are Go allocations.
type region struct{ mem []byte }

func takeRegion(size int) *region { return nil }

func (r *region) release() {}
