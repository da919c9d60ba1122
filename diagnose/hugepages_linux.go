package diagnose

import (
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on x86-64 and arm64.
const hugePage = 2 << 20

// A region is memory for a parallel scan's block buffers, which the kernel is asked to back
// with huge pages: on a VM a fault on a fresh 4 KiB page can cost 10 µs, and the block buffers
// of one scan fault some 600 times (8% of explain --summary's time on bench/explain.sh's log).
// Where huge pages are off, the region is backed by 4 KiB pages as a Go allocation would be.
// Regions are kept for the process and reused, never unmapped, so no buffer outlives its
// memory; a scan takes one only once its input is known to span several blocks.
type region struct{ mem []byte }

var regions struct {
	sync.Mutex
	free []*region
}

// takeRegion returns a free region of at least size bytes, or nil when none can be mapped.
// Its contents are whatever the last scan left.
func takeRegion(size int) *region {
	size = (size + hugePage - 1) &^ (hugePage - 1)
	regions.Lock()
	for i, r := range regions.free {
		if len(r.mem) >= size {
			regions.free = append(regions.free[:i], regions.free[i+1:]...)
			regions.Unlock()
			return r
		}
	}
	regions.Unlock()
	// One huge page more, to start on a huge page boundary; the unused ends are never touched.
	mem, err := unix.Mmap(-1, 0, size+hugePage, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil
	}
	off := -int(uintptr(unsafe.Pointer(&mem[0]))) & (hugePage - 1)
	mem = mem[off : off+size : off+size]
	_ = unix.Madvise(mem, unix.MADV_HUGEPAGE) // refused: 4 KiB pages, as before
	return &region{mem: mem}
}

// release makes r free for another scan. Nothing may use its memory any more.
func (r *region) release() {
	regions.Lock()
	regions.free = append(regions.free, r)
	regions.Unlock()
}
