package diagnose

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Scanning a large log in parallel. A splitter cuts the input into blocks of whole lines;
// workers scan each block on its own, by the same line scanner, as if nothing came before it;
// a merger, in input order, takes the workers' findings or scans on itself, so that the findings
// and stats are exactly those of the sequential scan (the fuzz tests check that).
//
// A worker's findings are right wherever the sequential scan is in a clean state at its block
// start: no multi-line body open, no lines being read on by a recognizer, no tccli banner just
// above. (A product named just above does not count: a worker marks the findings it may apply
// to, and the merger gives them that product.) Almost every line start in a log is clean, so:
//
//   - A worker goes on past its block end until it reaches a clean line start (it holds a copy of
//     the bytes after its block for that and for lookahead), and records where it was clean near
//     its block start. It stops early, at a clean line start, once its findings take much memory.
//   - The merger holds the true state of the scan in a scanner of its own. Wherever that state
//     is clean at a line start where a worker was clean too, it takes the worker's findings up to
//     where the worker stopped; elsewhere it scans on itself, on the block's own buffer where it
//     can, until it reaches such a line start.
//
// Memory is bounded in bytes, whatever the input and the core count: the block buffers and the
// findings workers hold are charged to a budget, and the splitter waits while it is spent. A
// block for one long line may exceed it alone. The merger never waits on the budget: when it
// needs the next block to scan on, the splitter may go over it by that block.

const (
	// tailSize is how much of what follows a block its worker holds: lookahead for the lines
	// up to the block end, and 8 KiB more for lines it reads past it while not yet clean (a
	// worker not clean by then leaves the rest to the merger). The splitter copies the tail
	// into the next block's buffer, so it is kept short.
	tailSize = lookahead + 8<<10
	// tccliWindow is how many lines after tccli's usage banner an SDK error is tccli's.
	tccliWindow = 12
	noUsage     = -1 << 30
)

// limits size one parallel scan; the tests make them small.
type limits struct {
	block  int // target size of a block; blocks end at a line end
	budget int // bytes of block buffers and worker findings in flight
	held   int // bytes of findings a worker holds before it stops at a clean line start
}

// defaultLimits: blocks of 256 KiB, and at most 16 MiB of blocks and findings in flight.
var defaultLimits = limits{block: 256 << 10, budget: 16 << 20, held: 512 << 10}

// errHeld stops a worker whose findings outgrew its share before a clean line start came.
var errHeld = errors.New("diagnose: worker holds too many findings")

// lineMark is a line start: stream offset and line number, and the product a line above named
// there (hintLine 0 for none).
type lineMark struct {
	off      int64
	line     int
	hint     ProductHint
	hintLine int
}

// mark returns the scanner's state at the line start at stream offset abs.
func (s *scanner) mark(abs int64) lineMark {
	return lineMark{abs, s.lineNo, s.hint, s.hintLine}
}

// clean reports whether the scan is in a clean state at the line start it stands at: its
// findings from here on do not depend on anything before.
func (s *scanner) clean() bool {
	return !s.cand.open && s.lineNo-s.usageLine > tccliWindow
}

// A block is a run of whole lines and a copy of what follows them.
type block struct {
	buf    []byte // the lines, then the tail
	data   int    // length of the lines
	start  int64  // stream offset of buf[0]
	line   int    // line number of the first line
	last   bool   // the input ends after the lines
	charge int    // bytes charged to the budget for the block

	// unwanted tells the worker the merger will not take its findings.
	unwanted atomic.Bool
	// Set by the worker before done is closed.
	res  *result
	done chan struct{}
}

// coded is a finding with only the fields Options.CodesOnly leaves set. Workers pass these to
// the merger rather than whole Findings, which are nearly three times larger.
type coded struct {
	off                                    int64
	line                                   int
	ok                                     bool
	format, api, code, codeDesc, errorCode string
}

// Sizes of what a worker holds, for its share of the budget.
const (
	codedSize   = int(unsafe.Sizeof(coded{}))
	pendingSize = int(unsafe.Sizeof(pending{}))
)

// findingSize is about what a held finding costs: the finding and the strings only it holds.
func findingSize(f *Finding) int {
	d := &f.Diagnosis
	n := pendingSize + len(f.Message) + len(f.RequestID) + len(d.ModuleCode) + d.Policy.Size() + f.COS.size()
	if c := f.Cause; c != nil {
		n += 128 + len(c.Message) + len(c.RequestID)
	}
	for _, l := range [...][]string{d.Actions, d.Resources, d.Notes} {
		for _, x := range l {
			n += 16 + len(x)
		}
	}
	return n
}

// result is what a worker found in a block.
type result struct {
	finds []pending
	coded []coded // the findings instead, with Options.CodesOnly
	marks []int32 // clean line starts near the block start, from the block start
	skips []int64 // where records over MaxRecord started
	// The findings before end.off are final; end.line counts from the block's first line as 1.
	end     lineMark
	invalid bool // some line examined was not valid UTF-8
	// At the block end, in case a line too long to read follows (the worker does not know):
	// the last clean line start up to the block end, and whether a line before it was not
	// valid UTF-8.
	atLimit      lineMark
	limitInvalid bool
}

func (b *block) dataEnd() int64 { return b.start + int64(b.data) }

// reset empties r for block b, keeping its slices: no findings, final up to the block start.
func (r *result) reset(b *block) {
	*r = result{finds: r.finds[:0], coded: r.coded[:0], marks: r.marks[:0], skips: r.skips[:0],
		end: lineMark{off: b.start, line: 1}}
}

// cleanAt reports whether the block's worker was in a clean state at line start off.
func (r *result) cleanAt(b *block, off int64) bool {
	if off == b.start {
		return true
	}
	k := off - b.start
	i := sort.Search(len(r.marks), func(i int) bool { return int64(r.marks[i]) >= k })
	return i < len(r.marks) && int64(r.marks[i]) == k
}

// budget accounts the bytes in flight: block buffers (spare ones too), the share of the
// findings workers hold, and the merger's own buffer. Only the splitter waits on it.
type budget struct {
	mu    sync.Mutex
	cond  sync.Cond
	used  int // all charges
	own   int // the splitter's buffer
	limit int
	// The merger waits for block want (counted from 1): the splitter may go over the budget
	// until it has sent that many.
	sent, want int
	quit       bool
	spare      [][]byte // buffers to reuse, still charged
	spares     int      // how many spare buffers are kept
	std        int      // the capacity of a block buffer
	fresh      [][]byte // block buffers in the scan's region not handed out yet
}

// get returns an empty buffer of capacity at least c, charged to the splitter: a spare one,
// else a new one, waiting, with wait, while others hold the budget. It returns nil when the
// scan stops.
func (b *budget) get(c int, wait bool) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		best := -1
		for i, buf := range b.spare {
			if cap(buf) >= c && (best < 0 || cap(buf) < cap(b.spare[best])) {
				best = i
			}
		}
		// A large spare serves a long line, not a block of short ones.
		if best >= 0 && (c != b.std || cap(b.spare[best]) == b.std) {
			buf := b.spare[best]
			b.spare = append(b.spare[:best], b.spare[best+1:]...)
			b.own += cap(buf)
			return buf[:0]
		}
		if !wait || b.used+c <= b.limit || b.used <= b.own || b.sent < b.want || b.quit {
			break
		}
		if len(b.spare) > 0 { // none fits: make room
			for _, buf := range b.spare {
				b.used -= cap(buf)
			}
			clear(b.spare)
			b.spare = b.spare[:0]
			continue
		}
		b.cond.Wait()
	}
	if b.quit {
		return nil
	}
	b.used += c
	b.own += c
	if n := len(b.fresh); c == b.std && n > 0 {
		buf := b.fresh[n-1]
		b.fresh = b.fresh[:n-1]
		return buf
	}
	return make([]byte, 0, c)
}

// put takes back a buffer charged at cap(buf): kept as a spare, or let go. own is set for the
// splitter's buffer, outgrown (then only a block buffer is kept).
func (b *budget) put(buf []byte, own bool) {
	b.mu.Lock()
	if own {
		b.own -= cap(buf)
	}
	// Block buffers are kept, and one larger buffer, the largest, for the next long line.
	keep := cap(buf) == b.std && len(b.spare) < b.spares
	if cap(buf) > b.std && !own {
		keep = true
		for i, sb := range b.spare {
			if cap(sb) > b.std {
				if cap(sb) >= cap(buf) {
					keep = false
					break
				}
				b.used -= cap(sb)
				b.spare = append(b.spare[:i], b.spare[i+1:]...)
				break
			}
		}
	}
	if keep {
		b.spare = append(b.spare, buf[:0])
	} else {
		b.used -= cap(buf)
	}
	b.cond.Broadcast()
	b.mu.Unlock()
}

// handOver makes n bytes of the splitter's charge a block's, and adds extra for its findings.
func (b *budget) handOver(n, extra int) {
	b.mu.Lock()
	b.own -= n
	b.used += extra
	b.mu.Unlock()
}

// sentOne counts a block sent to the merger.
func (b *budget) sentOne() {
	b.mu.Lock()
	b.sent++
	b.mu.Unlock()
}

// force charges n bytes without waiting (the merger's own buffer).
func (b *budget) force(n int) {
	b.mu.Lock()
	b.used += n
	b.mu.Unlock()
}

// free returns n bytes.
func (b *budget) free(n int) {
	b.mu.Lock()
	b.used -= n
	b.cond.Broadcast()
	b.mu.Unlock()
}

// feed lets the splitter go over the budget until it has sent the n-th block.
func (b *budget) feed(n int) {
	b.mu.Lock()
	b.want = max(b.want, n)
	b.cond.Broadcast()
	b.mu.Unlock()
}

func (b *budget) stop() {
	b.mu.Lock()
	b.quit = true
	b.cond.Broadcast()
	b.mu.Unlock()
}

// parallel is one parallel scan.
type parallel struct {
	opts    Options
	emit    func(Finding) error
	lim     limits
	std     int // capacity of a block buffer
	resCost int // what a block's findings are charged

	st      Stats // Bytes, Lines, SkippedRecords (long lines): the splitter's
	rerr    error // the splitter's read error, if any
	budget  budget
	quit    chan struct{}
	once    sync.Once
	ordered chan *block  // every block, in input order, for the merger
	work    chan *block  // every block, for the workers
	results chan *result // spare results
}

// scanParallel scans r with up to workers goroutines. Input that fits in one block is scanned
// sequentially, with no goroutines.
func scanParallel(r io.Reader, opts Options, emit func(Finding) error, workers int, lim limits) (Stats, error) {
	if opts.MaxRecord <= 0 {
		opts.MaxRecord = DefaultMaxRecord
	}
	p := &parallel{opts: opts, emit: emit, lim: lim, std: lim.block + tailSize, resCost: 2 * lim.held,
		quit: make(chan struct{})}
	// More workers than blocks the budget holds would only wait.
	workers = max(1, min(workers, lim.budget/(p.std+p.resCost)))
	p.budget.cond.L = &p.budget.mu
	// What keeps the workers busy: a block each, those queued for the merger and the splitter's.
	p.budget.limit = min(lim.budget, (2*workers+2)*(p.std+p.resCost))
	p.budget.spares, p.budget.std = p.budget.limit/(p.std+p.resCost)+2, p.std
	p.ordered, p.work = make(chan *block, 2*workers+2), make(chan *block, 2*workers+2)
	p.results = make(chan *result, 2*workers+4)
	// The block buffers come from a region (hugepages_linux.go) once the input is known to span
	// several blocks: from the start for a file that large, else from the second block on.
	var reg *region
	useRegion := func() {
		if reg = takeRegion(p.budget.spares * p.std); reg != nil {
			for i := 0; i+p.std <= len(reg.mem); i += p.std {
				p.budget.fresh = append(p.budget.fresh, reg.mem[i:i:i+p.std])
			}
		}
	}
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > int64(lim.block) {
			useRegion()
		}
	}
	sp := &splitter{p: p, r: r}
	first, err := sp.first()
	if err != nil || first == nil {
		if reg != nil {
			reg.release()
		}
		if err == nil {
			err = p.rerr
		}
		return p.st, err
	}
	if first.last {
		// One block: the common case for a paste. Scan it sequentially.
		s := newScanner(opts, emit)
		s.buf, s.n, s.pos, s.eof, s.started = first.buf[:first.data], first.data, 0, true, true
		s.base, s.lineNo = first.start, first.line
		err := s.run()
		if reg != nil {
			reg.release()
		}
		st := s.st
		st.Bytes, st.Lines = p.st.Bytes, p.st.Lines
		st.SkippedRecords += p.st.SkippedRecords
		if err == nil {
			err = p.rerr
		}
		return st, err
	}
	if reg == nil {
		useRegion()
	}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.worker()
		}()
	}
	go sp.run(first)
	m := newMerger(p)
	err = m.run(first)
	found := m.stats()
	if err != nil {
		// emit failed. The splitter may be blocked reading (a terminal, a pipe): do not wait
		// for it; it stops at its next step. Only what the merger counted is reported.
		p.stop()
		if reg != nil {
			go func() {
				wg.Wait() // the workers end after the splitter, which closes their channel
				reg.release()
			}()
		}
		return found, err
	}
	wg.Wait()
	if reg != nil {
		reg.release() // the splitter, the workers and the merger are done with the buffers
	}
	st := p.st
	st.Responses, st.Errors, st.InvalidUTF8 = found.Responses, found.Errors, found.InvalidUTF8
	st.SkippedRecords += found.SkippedRecords
	return st, p.rerr
}

func (p *parallel) stop() {
	p.once.Do(func() {
		close(p.quit)
		p.budget.stop()
	})
}

// worker scans blocks until there are none.
func (p *parallel) worker() {
	w := newWorker(p)
	for b := range p.work {
		var r *result
		select {
		case r = <-p.results:
		default:
			r = new(result)
			if p.opts.CodesOnly {
				// Room for a finding every 256 bytes, made once: grown by append, the slice
				// would leave copies behind on fresh pages, each a page fault.
				r.coded = make([]coded, 0, p.lim.block/256)
			}
		}
		if b.unwanted.Load() {
			r.reset(b)
		} else {
			w.scan(b, r)
		}
		b.res = r
		close(b.done)
	}
}

// worker scans blocks on one goroutine, each as if nothing came before it. Its scanner, and
// the caches in it, serve every block; per block only where the scan stands starts afresh.
type worker struct {
	s       scanner
	maxHeld int // stop at a clean line start once the findings held pass this

	// The block being scanned.
	blk       *block
	r         *result  // what the worker finds in it: findings, clean line starts, skips, end
	limit     int64    // lines from here on belong to the next block
	reached   bool     // a line start at or past limit was reached (r.atLimit is set)
	ended     bool     // r.end is set: the scanner stopped
	held      int      // bytes the findings hold
	lastClean lineMark // the last clean line start seen
}

func newWorker(p *parallel) *worker {
	w := &worker{maxHeld: p.lim.held}
	w.s = scanner{opts: p.opts, w: w}
	return w
}

// scan scans block b into r.
func (w *worker) scan(b *block, r *result) {
	s := &w.s
	s.trim()
	s.restart()
	s.buf, s.n, s.eof, s.started = b.buf, len(b.buf), true, true
	s.base = b.start
	r.reset(b)
	w.blk, w.r, w.limit, w.reached, w.ended, w.held = b, r, b.dataEnd(), false, false, 0
	w.lastClean = lineMark{off: b.start, line: 1}
	if b.last {
		s.n = b.data
		w.limit = b.dataEnd() + 1 // never reached: scan to the end of input
	}
	s.run()
	switch {
	case s.err != nil: // errHeld: what came after the last clean line start is not final
		r.end = w.lastClean
	case !w.ended: // reached the end of input
		r.end = s.mark(s.base + int64(s.n))
	}
	r.invalid = s.st.InvalidUTF8
	s.buf, w.blk, w.r = nil, nil, nil
}

// hold keeps a finding for the merger, which counts and emits what it accepts.
func (w *worker) hold(p *pending) {
	r := w.r
	if f := &p.f; w.s.opts.CodesOnly {
		r.coded = append(r.coded, coded{off: p.off, line: f.Line, ok: f.OK, format: f.Format, api: f.API,
			code: f.Code, codeDesc: f.CodeDesc, errorCode: f.ErrorCode})
		w.held += codedSize
	} else {
		r.finds = append(r.finds, *p)
		w.held += findingSize(f)
	}
	if w.held > 2*w.maxHeld {
		w.s.err = errHeld // no clean line start came in time: the merger scans the rest
	}
}

// skipped records that a record over MaxRecord started at stream offset off.
func (w *worker) skipped(off int64) {
	w.r.skips = append(w.r.skips, off)
}

// end records where the findings are final, and the state there; the scanner stops.
func (w *worker) end(m lineMark) bool {
	w.r.end, w.ended = m, true
	return true
}

// stopHere decides, at the start of the line buf[pos:end], whether the worker has done its
// part, and records the clean line starts the merger asks about.
func (w *worker) stopHere(pos, end int) bool {
	s, r := &w.s, w.r
	abs := s.base + int64(pos)
	clean := s.clean()
	if clean {
		// Field by field: a lineMark built and then copied whole stalls on every line.
		w.lastClean.off, w.lastClean.line, w.lastClean.hintLine = abs, s.lineNo, s.hintLine
		w.lastClean.hint = s.hint
		if abs <= w.blk.start+lookahead {
			r.marks = append(r.marks, int32(abs-w.blk.start))
		}
	}
	if abs >= w.limit && !w.reached {
		// A line too long to read may follow, which the sequential scan skips: the merger
		// then takes the findings only up to here.
		w.reached = true
		s.flushUTF8(pos)
		r.atLimit, r.limitInvalid = w.lastClean, s.st.InvalidUTF8
	}
	if clean && (w.held > w.maxHeld || w.blk.unwanted.Load()) {
		// Enough held: the merger scans on from here. Or nothing is wanted at all.
		return w.end(s.mark(abs))
	}
	if abs < w.limit {
		return false
	}
	switch {
	case clean:
		return w.end(s.mark(abs))
	case abs >= w.limit+lookahead || end >= s.n || end+1+lookahead > s.n:
		// Out of reach: what came after the last clean line start is not final.
		return w.end(w.lastClean)
	}
	return false // read on, not clean yet
}

// merger emits the findings in input order. Its scanner holds the true state of the scan
// (line number, open candidate, tccli's banner) at the line start where the findings emitted
// so far end; it is given a buffer only while it scans.
type merger struct {
	p        *parallel
	s        *scanner
	attached bool   // s has a buffer and stands at s.base+s.pos; else at pos
	pos      int64  // where the scan stands while s is detached
	in       *block // the block whose buffer s scans (never writing to it), or nil: s's own
	charge   int    // bytes charged for s's own buffer
	pending  []*block
	closed   bool // no more blocks will come
	received int
	st       Stats

	// Where s.run stops: at the first line start from stopAt on, or at a clean line start from
	// checkFrom to checkTo, where a worker's findings may be taken over. stopped says it did.
	stopAt, checkFrom, checkTo int64
	stopped                    bool
}

func newMerger(p *parallel) *merger {
	m := &merger{p: p}
	m.s = newScanner(p.opts, p.emit)
	m.s.m = m
	m.s.started = true
	return m
}

// stopHere decides, at the line start at stream offset abs, before the line is read, whether
// the scanner has done its part.
func (m *merger) stopHere(abs int64) bool {
	if abs >= m.stopAt || abs >= m.checkFrom && abs <= m.checkTo && m.s.clean() {
		m.stopped = true
		return true
	}
	return false
}

// stats are what the merger emitted and skipped.
func (m *merger) stats() Stats {
	st := m.st
	st.Responses += m.s.st.Responses
	st.Errors += m.s.st.Errors
	st.SkippedRecords += m.s.st.SkippedRecords
	st.InvalidUTF8 = st.InvalidUTF8 || m.s.st.InvalidUTF8
	return st
}

func (m *merger) run(first *block) error {
	s := m.s
	m.pos, s.lineNo = first.start, first.line // first comes through p.ordered too
	defer m.finish()
	for s.err == nil {
		at := m.pos
		if m.attached {
			at = s.base + int64(s.pos)
		}
		if m.in != nil && at >= m.in.dataEnd() && !(s.cand.open && !s.cand.skip) {
			m.detach(at) // done with the block: let go of its buffer before waiting for another
		}
		b := m.blockFor(at)
		if b == nil {
			// The end of input: a body still open was truncated.
			s.abandon()
			s.settle()
			break
		}
		if at < b.start {
			// Lines too long to read lie between: the sequential scan skips them, which ends
			// anything open.
			s.abandon()
			s.settle()
			s.lineNo = b.line
			m.detach(b.start)
			continue
		}
		if s.clean() && m.adopt(b, at) {
			continue
		}
		if !m.attached || m.in != b && !(s.cand.open && !s.cand.skip) {
			// Scan in the block's own buffer: nothing before at is needed any more.
			m.attach(b, at)
		}
		m.stopAt, m.checkFrom, m.checkTo = b.dataEnd(), at+1, -1
		if !b.unwanted.Load() {
			m.checkTo = b.start + lookahead // where the worker recorded clean line starts
		}
		m.stopped = false
		if s.run(); !m.stopped {
			break // the end of input, or emit failed
		}
	}
	return s.err
}

// adopt emits block b's findings from line start at, where the true state is clean, if its
// worker was clean there too, and moves the scan to where the worker stopped.
func (m *merger) adopt(b *block, at int64) bool {
	if b.unwanted.Load() {
		return false
	}
	<-b.done
	r := b.res
	end, invalid := r.end, r.invalid
	if end.off > b.dataEnd() && m.gapAfter(0) {
		// The worker read on into a line the sequential scan skips.
		end, invalid = r.atLimit, r.limitInvalid
	}
	if end.off <= at || !r.cleanAt(b, at) {
		return false
	}
	m.st.InvalidUTF8 = m.st.InvalidUTF8 || invalid
	m.take(b, at, end.off)
	s := m.s
	s.lineNo, s.usageLine = b.line+end.line-1, noUsage
	if end.hintLine > 0 { // else the product named before the block still stands
		s.hint, s.hintLine = end.hint, b.line+end.hintLine-1
	}
	s.cand.reset()
	m.detach(end.off)
	return true
}

// gapAfter reports whether lines too long to read, which the splitter skipped, follow the i-th
// pending block.
func (m *merger) gapAfter(i int) bool {
	b := m.peek(i)
	if b.last {
		return false
	}
	nb := m.peek(i + 1)
	return nb == nil || nb.start > b.dataEnd()
}

// take emits the findings of block b from stream offset from to end, and counts what they add.
func (m *merger) take(b *block, from, end int64) {
	r, s := b.res, m.s
	for _, off := range r.skips {
		// The worker may have read on past a line the splitter skipped and counted.
		if off >= from && off < end && (off < b.dataEnd() || !m.inGap(off)) {
			m.st.SkippedRecords++
		}
	}
	for i := range r.finds {
		q := &r.finds[i]
		if q.off < from || q.off >= end {
			continue
		}
		if s.err != nil {
			return
		}
		q.f.Line += b.line - 1
		if q.open && s.hintLive(q.f.Line) {
			// The worker could not see the product a line before its block named.
			q.f.Product = s.hint
		}
		m.st.Responses++
		if !q.f.OK {
			m.st.Errors++
		}
		s.err = m.p.emit(q.f)
	}
	for i := range r.coded {
		c := &r.coded[i]
		if c.off < from || c.off >= end {
			continue
		}
		if s.err != nil {
			return
		}
		m.st.Responses++
		if !c.ok {
			m.st.Errors++
		}
		// Built in the call, so the large Finding is not copied once more.
		s.err = m.p.emit(Finding{Source: m.p.opts.Source, Line: c.line + b.line - 1, Format: c.format, OK: c.ok,
			API: c.api, Code: c.code, CodeDesc: c.codeDesc, ErrorCode: c.errorCode})
	}
}

// inGap reports whether stream offset off, past the first pending block, lies between
// blocks: in a line the splitter skipped (and counted) for being too long.
func (m *merger) inGap(off int64) bool {
	for i := 1; ; i++ {
		nb := m.peek(i)
		if nb == nil || off < nb.start {
			return true
		}
		if off < nb.dataEnd() {
			return false
		}
	}
}

// attach has the scanner scan from line start at in block b's buffer, which its worker may
// still be reading; the scanner reads what follows the buffer from the blocks after b.
func (m *merger) attach(b *block, at int64) {
	m.detach(at)
	s := m.s
	m.in, m.attached = b, true
	s.buf, s.n, s.base = b.buf[:len(b.buf):len(b.buf)], len(b.buf), b.start
	s.pos = int(at - b.start)
	s.vfrom = s.pos
	s.eof, s.rerr = b.last, nil
	s.r = &blockReader{m: m, off: b.start + int64(len(b.buf))}
}

// detach takes the scanner's buffer away; the scan stands at line start at.
func (m *merger) detach(at int64) {
	if m.attached {
		m.s.buf, m.s.r = nil, nil
		m.p.budget.free(m.charge)
		m.in, m.charge, m.attached = nil, 0, false
	}
	m.pos = at
}

// grew charges the bytes the scanner's buffer grew by.
func (m *merger) grew(n int) {
	if m.in != nil { // the block keeps its buffer, and its charge
		m.in, m.charge = nil, 0
	}
	m.p.budget.force(n - m.charge)
	m.charge = n
}

// own gives the scanner a buffer of its own before it writes over one it scans in a block's.
func (m *merger) own() {
	if m.in == nil {
		return
	}
	s := m.s
	nb := make([]byte, max(len(s.buf), readChunk))
	copy(nb, s.buf[:s.n])
	s.buf = nb
	m.p.budget.force(len(nb))
	m.in, m.charge = nil, len(nb)
}

// blockFor releases the blocks that end at or before stream offset at and returns the first
// block after them, receiving it if need be; nil at the end of input.
func (m *merger) blockFor(at int64) *block {
	for {
		for len(m.pending) > 0 && m.pending[0].dataEnd() <= at {
			m.release(m.pending[0])
			m.pending[0] = nil
			m.pending = m.pending[1:]
		}
		if len(m.pending) > 0 {
			return m.pending[0]
		}
		if !m.receive() {
			return nil
		}
	}
}

// peek returns the i-th pending block, receiving it if need be; nil at the end of input.
func (m *merger) peek(i int) *block {
	for len(m.pending) <= i {
		if !m.receive() {
			return nil
		}
	}
	return m.pending[i]
}

// receive appends the next block to pending; false at the end of input.
func (m *merger) receive() bool {
	if m.closed {
		return false
	}
	var b *block
	ok := true
	select {
	case b, ok = <-m.p.ordered:
	default:
		// The blocks held here may be all the budget allows: let the splitter make one more.
		m.p.budget.feed(m.received + 1)
		b, ok = <-m.p.ordered
	}
	if !ok {
		m.closed = true
		return false
	}
	m.received++
	m.pending = append(m.pending, b)
	return true
}

// release returns a block's buffer and result for reuse, once its worker is done with them.
func (m *merger) release(b *block) {
	b.unwanted.Store(true)
	<-b.done
	if m.in == b {
		// The scanner still reads the buffer: it becomes the scanner's, with its charge.
		m.in, m.charge = nil, cap(b.buf)
	} else {
		m.p.budget.put(b.buf, false)
	}
	m.p.budget.free(b.charge - cap(b.buf))
	r := b.res
	clear(r.finds) // drop the strings they hold
	clear(r.coded)
	select {
	case m.p.results <- r:
	default:
	}
	b.res, b.buf = nil, nil
}

// finish lets go of what the merger still holds.
func (m *merger) finish() {
	m.detach(m.pos)
	if m.s.err != nil {
		return // the scan stopped: blocks may never be scanned
	}
	for _, b := range m.pending {
		m.release(b)
	}
	m.pending = nil
}

// blockReader reads the stream from offset off on, across the pending blocks. Before a
// skipped long line it reads the block's tail, which is what the sequential scan sees there as
// lookahead, then ends; it ends at the end of input.
type blockReader struct {
	m   *merger
	off int64
}

func (br *blockReader) Read(buf []byte) (int, error) {
	for i := 0; ; i++ {
		b := br.m.peek(i)
		if b == nil || br.off < b.start {
			return 0, io.EOF
		}
		end, gap := b.dataEnd(), br.m.gapAfter(i)
		if b.last || gap {
			end = b.start + int64(len(b.buf))
		}
		if br.off < end {
			n := copy(buf, b.buf[br.off-b.start:end-b.start])
			br.off += int64(n)
			return n, nil
		}
		if b.last || gap && (br.m.peek(i+1) == nil || br.off < br.m.peek(i+1).start) {
			return 0, io.EOF
		}
	}
}

// splitter reads the input and cuts it into blocks.
type splitter struct {
	p    *parallel
	r    io.Reader
	buf  []byte // read, not yet in a block; its capacity is charged to the budget
	off  int64  // stream offset of buf[0]
	line int    // line number of buf[0]
	eof  bool
	quit bool // the scan stopped
	// starting is set while the first block is cut: the merger does not run yet, so the
	// splitter must not wait for it.
	starting bool
}

// fill reads until buf holds want bytes or the input ends, growing buf for a long line.
func (sp *splitter) fill(want int) {
	for !sp.eof && !sp.quit && len(sp.buf) < want {
		if cap(sp.buf) < want {
			// A long line: grow fast, to no more than the longest block needs.
			sp.resize(max(want, min(4*cap(sp.buf), sp.p.opts.MaxRecord+1+tailSize), cap(sp.buf)*5/4))
			continue
		}
		m, err := readSome(sp.r, sp.buf[len(sp.buf):want])
		sp.buf = sp.buf[:len(sp.buf)+m]
		sp.p.st.Bytes += int64(m)
		if err != nil {
			sp.eof = true
			if err != io.EOF {
				sp.p.rerr = err
			}
		}
	}
}

// resize gives buf capacity c (at least its length), within the budget.
func (sp *splitter) resize(c int) {
	nb := sp.p.budget.get(c, !sp.starting)
	if nb == nil {
		sp.quit = true
		return
	}
	nb = append(nb, sp.buf...)
	if sp.buf != nil {
		sp.p.budget.put(sp.buf, true)
	}
	sp.buf = nb
}

// first reads the start of the input, rejects binary input, and returns the first block.
func (sp *splitter) first() (*block, error) {
	sp.starting = true
	defer func() { sp.starting = false }()
	sp.resize(sp.p.std)
	sp.fill(binarySample)
	if isBinary(sp.buf[:min(len(sp.buf), binarySample)]) {
		return nil, ErrBinary
	}
	if bytes.HasPrefix(sp.buf, []byte("\xef\xbb\xbf")) {
		sp.buf, sp.off = append(sp.buf[:0], sp.buf[3:]...), 3
	}
	sp.line = 1
	return sp.cut(), nil
}

// cut makes the next block, or returns nil at the end of input or when the scan stops.
func (sp *splitter) cut() *block {
	p := sp.p
	for {
		sp.fill(p.lim.block + tailSize)
		end, skip := sp.lineCut(0)
		if sp.quit || len(sp.buf) == 0 {
			return nil
		}
		if skip {
			sp.skipLine()
			continue
		}
		b := &block{start: sp.off, line: sp.line, data: end, done: make(chan struct{})}
		sp.fill(end + tailSize)
		if sp.quit {
			return nil
		}
		b.last = sp.eof && end == len(sp.buf)
		// The block keeps the buffer it was read into (its tail is what follows it there);
		// what follows moves to a fresh buffer.
		rest := sp.buf[end:]
		b.buf = sp.buf[:end+min(len(rest), tailSize)]
		b.charge = cap(sp.buf) + p.resCost
		p.budget.handOver(cap(sp.buf), p.resCost)
		sp.buf = nil
		sp.resize(max(p.std, len(rest)))
		if sp.quit {
			return nil
		}
		sp.buf = append(sp.buf, rest...)
		n := bytes.Count(b.buf[:end], []byte{'\n'})
		if b.buf[end-1] != '\n' {
			n++
		}
		p.st.Lines += n
		sp.line += n
		sp.off += int64(end)
		return b
	}
}

// lineCut decides how the input from buf[at] on is cut: the end of a block of whole lines
// there (up to the block size, or one longer line), or that its first line is too long to read
// and is skipped, as the sequential scan skips it. It reads on as far as it needs.
func (sp *splitter) lineCut(at int) (end int, skip bool) {
	p := sp.p
	if at >= len(sp.buf) {
		return at, false
	}
	if k := bytes.LastIndexByte(sp.buf[at:min(len(sp.buf), at+p.lim.block)], '\n'); k >= 0 {
		return at + k + 1, false
	}
	if len(sp.buf)-at < p.lim.block && sp.eof {
		return len(sp.buf), false // the last line, without a line end
	}
	// A first line longer than a block: one block if it is within MaxRecord.
	limit := at + max(p.lim.block, p.opts.MaxRecord+1)
	for from := at; ; {
		if k := bytes.IndexByte(sp.buf[from:min(len(sp.buf), limit)], '\n'); k >= 0 {
			return from + k + 1, false
		}
		from = max(from, len(sp.buf))
		if len(sp.buf) >= limit {
			return 0, true
		}
		if sp.eof || sp.quit {
			return len(sp.buf), len(sp.buf)-at > p.opts.MaxRecord
		}
		// Read on in small steps: what is read past the line's end is copied on to the next
		// buffer.
		sp.fill(min(limit, len(sp.buf)+lookahead))
	}
}

// skipLine drops a line longer than MaxRecord at the start of buf, reading to its end.
func (sp *splitter) skipLine() {
	p := sp.p
	p.st.SkippedRecords++
	p.st.Lines++
	sp.line++
	for {
		if k := bytes.IndexByte(sp.buf, '\n'); k >= 0 {
			sp.off += int64(k + 1)
			sp.buf = append(sp.buf[:0], sp.buf[k+1:]...)
			return
		}
		sp.off += int64(len(sp.buf))
		sp.buf = sp.buf[:0]
		if sp.eof || sp.quit {
			return
		}
		if cap(sp.buf) > 4*p.std {
			sp.resize(p.std) // read the rest of it into a block-sized buffer
			continue
		}
		sp.fill(cap(sp.buf))
	}
}

// run hands out blocks, starting with first, until the input ends or the scan stops.
func (sp *splitter) run(first *block) {
	defer close(sp.p.ordered)
	defer close(sp.p.work)
	for b := first; b != nil; b = sp.cut() {
		select {
		case sp.p.ordered <- b:
			sp.p.budget.sentOne()
		case <-sp.p.quit:
			return
		}
		select {
		case sp.p.work <- b:
		case <-sp.p.quit:
			return
		}
		if b.last || sp.p.rerr != nil {
			return
		}
	}
}
