package diagnose

import (
	"bytes"
	"io"
	"sync"
)

// Scanning a large log in parallel. The input is cut into blocks of whole lines; each block is
// scanned on its own, by the same line scanner, as if nothing came before it. That is right
// wherever the sequential scan would be in a clean state at the block start: no multi-line body
// open, no lines being read on by a recognizer, no tccli banner just above. Almost every line
// start in a log is clean, so:
//
//   - A worker scanning a block goes on past the block end until it reaches a clean line start
//     (it holds a copy of the following bytes for that and for lookahead), and records where it
//     was clean near the block start.
//   - The merger, in input order, takes each block's findings from where the previous block's
//     worker stopped, if that worker was right there; otherwise, and when a worker found no
//     clean line start in reach, it scans that stretch again with a sequential scanner.
//
// The findings and stats are exactly those of the sequential scan (the fuzz tests check that).

const (
	seqMode = iota
	workerMode
	fallbackMode

	// blockSize is the target size of a block; blocks end at a line end.
	blockSize = 1 << 20
	// tailSize is how much of what follows a block its worker holds: lookahead for the lines
	// up to the block end, and for lines it reads past it while not yet clean.
	tailSize = 2 * lookahead
	// tccliWindow is how many lines after tccli's usage banner an SDK error is tccli's.
	tccliWindow = 12
	noUsage     = -1 << 30
)

// lineMark is a line start: stream offset and line number.
type lineMark struct {
	off  int64
	line int
}

// A block is a run of whole lines and a copy of what follows them.
type block struct {
	buf        []byte // the lines, then the tail
	data       int    // length of the lines
	start      int64  // stream offset of buf[0]
	line       int    // line number of the first line
	last       bool   // the input ends after the lines
	endsAtSkip bool   // a line too long to read follows

	// Set by the worker before done is closed.
	res  *result
	done chan struct{}
}

// coded is a finding with only the fields Options.CodesOnly leaves set. Workers pass these to
// the merger rather than whole Findings, which are nearly three times larger: on a log of
// errors, copying Findings through the block results was a good part of the merge cost.
type coded struct {
	off                                    int64
	line                                   int
	ok                                     bool
	format, api, code, codeDesc, errorCode string
}

// result is what a worker found in a block.
type result struct {
	finds   []pending
	coded   []coded    // the findings instead, with Options.CodesOnly
	marks   []lineMark // clean line starts near the block start
	skips   []int64    // where records over MaxRecord started
	end     int64      // the findings before this are final
	endLine int        // the line number there, counted from the block's first line as 1
	dirty   bool       // no clean line start was found in reach of the block end
	invalid bool       // some line examined was not valid UTF-8
}

func (b *block) dataEnd() int64 { return b.start + int64(b.data) }

// cleanAt reports whether the block's worker was in a clean state at line start off, and the
// line number there.
func (b *block) cleanAt(off int64) (int, bool) {
	for _, m := range b.res.marks {
		if m.off == off {
			return m.line, true
		}
		if m.off > off {
			break
		}
	}
	return 0, false
}

// parallel is one parallel scan.
type parallel struct {
	opts      Options
	emit      func(Finding) error
	workers   int
	blockSize int

	st   Stats // Bytes, Lines, SkippedRecords (long lines), InvalidUTF8, Binary: the splitter's
	quit chan struct{}
	once sync.Once

	ordered chan *block   // every block, in input order, for the merger
	work    chan *block   // every block, for the workers
	pool    chan []byte   // spare block buffers
	made    int           // block buffers made so far
	need    chan struct{} // the merger reads ahead: make a buffer rather than wait for one
	pending []*block      // blocks the merger has received but not merged
	rerr    error         // the splitter's read error, if any
	emitErr error
	results chan *result // spare results
}

// scanParallel scans r with workers goroutines. Input that fits in one block is scanned
// sequentially, with no goroutines.
func scanParallel(r io.Reader, opts Options, emit func(Finding) error, workers, size int) (Stats, error) {
	if opts.MaxRecord <= 0 {
		opts.MaxRecord = DefaultMaxRecord
	}
	p := &parallel{opts: opts, emit: emit, workers: workers, blockSize: size, made: 1,
		quit: make(chan struct{}), ordered: make(chan *block, workers+1), work: make(chan *block, workers+1),
		pool: make(chan []byte, inFlight(workers)+64), need: make(chan struct{}, 1),
		results: make(chan *result, inFlight(workers)+64)}
	sp := &splitter{p: p, r: r, buf: make([]byte, 0, size+tailSize+readChunk)}
	first, err := sp.first()
	if err != nil || first == nil {
		if err == nil {
			err = p.rerr
		}
		return sp.p.st, err
	}
	if first.last {
		// One block: the common case for a paste. Scan it sequentially.
		s := newScanner(opts, emit)
		s.buf, s.n, s.pos, s.eof, s.started = first.buf[:first.data], first.data, 0, true, true
		s.base, s.lineNo = first.start, first.line
		err := s.run()
		st := s.st
		st.Bytes, st.Lines = p.st.Bytes, p.st.Lines
		st.SkippedRecords += p.st.SkippedRecords
		if err == nil {
			err = p.rerr
		}
		return st, err
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
	found, err := p.merge(first.start)
	p.stop()
	if err != nil {
		// emit failed. The splitter may be blocked reading (a terminal, a pipe): do not wait
		// for it; it stops at its next step. Only what the merger counted is reported.
		return found, err
	}
	wg.Wait()
	st := p.st
	st.Responses, st.Errors, st.InvalidUTF8 = found.Responses, found.Errors, found.InvalidUTF8
	st.SkippedRecords += found.SkippedRecords
	if err == nil {
		err = p.rerr
	}
	return st, err
}

// inFlight bounds the blocks alive at once: queued for the merger (workers+1), held by the
// splitter and the merger, and their buffers and scanners kept for reuse.
func inFlight(workers int) int { return workers + 4 }

func (p *parallel) stop() { p.once.Do(func() { close(p.quit) }) }

// worker scans blocks until there are none.
func (p *parallel) worker() {
	s := newScanner(p.opts, nil)
	for b := range p.work {
		var r *result
		select {
		case r = <-p.results:
		default:
			r = new(result)
		}
		s.scanBlock(b, r)
		b.res = r
		close(b.done)
	}
}

// scanBlock scans one block in worker mode into r, reusing the scanner's caches.
func (s *scanner) scanBlock(b *block, r *result) {
	known, interned, icache, scratch, diagnoses, unesc := s.known, s.interned, s.icache, s.scratch, s.diagnoses, s.unesc
	lineFinds, resolved := s.lineFinds[:0], s.resolved[:0]
	cand := s.cand
	cand.reset()
	*s = scanner{opts: s.opts, known: known, interned: interned, icache: icache, scratch: scratch, diagnoses: diagnoses, unesc: unesc,
		results: r.finds[:0], coded: r.coded[:0], marks: r.marks[:0], skips: r.skips[:0], lineFinds: lineFinds, resolved: resolved, cand: cand}
	s.mode = workerMode
	s.buf, s.n, s.eof, s.started = b.buf, len(b.buf), true, true
	s.base, s.origin, s.lineNo, s.usageLine = b.start, b.start, 1, noUsage
	s.limit, s.endsAtSkip = b.dataEnd(), b.endsAtSkip
	s.end, s.endLine, s.lastClean = -1, 0, lineMark{b.start, 1}
	if b.last {
		s.n = b.data
		s.limit = b.dataEnd() + 1 // never reached: scan to the end of input
	}
	s.run()
	if s.end < 0 { // reached the end of input
		s.end, s.endLine = s.base+int64(s.n), s.lineNo
	}
	*r = result{finds: s.results, coded: s.coded, marks: s.marks, skips: s.skips, end: s.end, endLine: s.endLine, dirty: s.dirty,
		invalid: s.st.InvalidUTF8}
	s.results, s.coded, s.marks, s.skips = nil, nil, nil, nil
}

// stopHere decides, at the start of the line buf[pos:end], whether a worker or fallback
// scanner has done its part, and records the clean line starts the merger asks about.
func (s *scanner) stopHere(pos, end int) bool {
	abs := s.base + int64(pos)
	clean := !s.cand.open && s.lineNo-s.usageLine > tccliWindow
	if s.mode == fallbackMode {
		if clean && abs >= s.stopAt {
			s.end, s.endLine = abs, s.lineNo
			return true
		}
		return false
	}
	if clean {
		s.lastClean = lineMark{abs, s.lineNo}
		if abs <= s.origin+lookahead {
			s.marks = append(s.marks, s.lastClean)
		}
	}
	if abs < s.limit {
		return false
	}
	switch {
	case s.endsAtSkip:
		// The sequential scan skips the long line here, which ends anything open.
		s.abandon()
		s.settle()
		s.end, s.endLine = abs, s.lineNo
	case clean:
		s.end, s.endLine = abs, s.lineNo
	case abs >= s.limit+lookahead || end >= s.n || end+1+lookahead > s.n:
		// Out of reach: what came after the last clean line start is not final.
		s.dirty = true
		s.end, s.endLine = s.lastClean.off, s.lastClean.line
	default:
		return false // read on, not clean yet
	}
	return true
}

// merge emits, in input order, the findings of the blocks, scanning again where blocks do not
// join up. It returns what it emitted and skipped.
func (p *parallel) merge(start int64) (Stats, error) {
	pos, posLine := start, 1
	var st Stats
	for p.emitErr == nil {
		b := p.next()
		if b == nil {
			break
		}
		<-b.done
		r := b.res
		st.InvalidUTF8 = st.InvalidUTF8 || r.invalid // every line examined counts, whoever's findings are taken
		rescan := r.dirty
		switch {
		case pos >= b.dataEnd():
			// Already covered by the scan of an earlier block.
		case pos <= b.start:
			p.take(b, b.start, &st)
			pos, posLine = r.end, b.line+r.endLine-1
		default:
			if _, ok := b.cleanAt(pos); ok {
				p.take(b, pos, &st)
				pos, posLine = r.end, b.line+r.endLine-1
			} else {
				rescan = true
			}
		}
		if rescan && pos < b.dataEnd() {
			pos, posLine = p.rescan(b, pos, posLine, b.dataEnd(), &st)
		}
		p.release(b)
	}
	return st, p.emitErr
}

// take emits the findings of block b from stream offset from on, and counts what they add.
func (p *parallel) take(b *block, from int64, st *Stats) {
	r := b.res
	for i := range r.finds {
		q := &r.finds[i]
		if q.off < from || q.off >= r.end {
			continue
		}
		if p.emitErr != nil {
			return
		}
		q.f.Line += b.line - 1
		st.Responses++
		if !q.f.OK {
			st.Errors++
		}
		if err := p.emit(q.f); err != nil {
			p.emitErr = err
		}
	}
	for i := range r.coded {
		c := &r.coded[i]
		if c.off < from || c.off >= r.end {
			continue
		}
		if p.emitErr != nil {
			return
		}
		st.Responses++
		if !c.ok {
			st.Errors++
		}
		// Built in the call, so the large Finding is not copied once more.
		err := p.emit(Finding{Source: p.opts.Source, Line: c.line + b.line - 1, Format: c.format, OK: c.ok,
			API: c.api, Code: c.code, CodeDesc: c.codeDesc, ErrorCode: c.errorCode})
		if err != nil {
			p.emitErr = err
		}
	}
	for _, off := range r.skips {
		if off >= from && off < r.end && !(off >= b.dataEnd() && p.inGap(off)) {
			st.SkippedRecords++
		}
	}
}

// inGap reports whether stream offset off, past the block being merged, lies between blocks:
// in a line the splitter skipped (and counted) for being too long.
func (p *parallel) inGap(off int64) bool {
	for i := 0; ; i++ {
		nb := p.peek(i)
		if nb == nil || off < nb.start {
			return true
		}
		if off < nb.dataEnd() {
			return false
		}
	}
}

// rescan scans sequentially from line start pos, where the true state is clean, to the first
// clean line start at or after stopAt, reading block b and the blocks after it.
func (p *parallel) rescan(b *block, pos int64, posLine int, stopAt int64, st *Stats) (int64, int) {
	s := newScanner(p.opts, func(f Finding) error {
		if p.emitErr == nil {
			p.emitErr = p.emit(f)
		}
		return p.emitErr
	})
	s.mode, s.stopAt, s.end = fallbackMode, stopAt, -1
	s.r = &blockReader{p: p, cur: b, off: pos}
	s.buf, s.started = make([]byte, readChunk+lookahead), true
	s.base, s.lineNo = pos, posLine
	s.run()
	st.Responses += s.st.Responses
	st.Errors += s.st.Errors
	st.InvalidUTF8 = st.InvalidUTF8 || s.st.InvalidUTF8
	st.SkippedRecords += s.st.SkippedRecords
	if s.end < 0 { // the end of input, or a skipped long line
		s.end, s.endLine = s.base+int64(s.n), s.lineNo
	}
	return s.end, s.endLine
}

// blockReader reads the stream from offset off in block cur on, across following blocks; it
// ends where the input ends or a skipped long line begins.
type blockReader struct {
	p   *parallel
	cur *block
	off int64
	i   int // index in p.pending of the block after cur
}

func (br *blockReader) Read(buf []byte) (int, error) {
	for {
		b := br.cur
		if br.off < b.dataEnd() {
			n := copy(buf, b.buf[br.off-b.start:b.data])
			br.off += int64(n)
			return n, nil
		}
		if b.last || b.endsAtSkip {
			return 0, io.EOF
		}
		nb := br.p.peek(br.i)
		if nb == nil {
			return 0, io.EOF
		}
		br.i++
		br.cur, br.off = nb, nb.start
	}
}

// next returns the next block in input order, or nil at the end.
func (p *parallel) next() *block {
	if len(p.pending) > 0 {
		b := p.pending[0]
		p.pending = p.pending[1:]
		return b
	}
	b, ok := <-p.ordered
	if !ok {
		return nil
	}
	return b
}

// peek returns the i-th block after the one being merged, receiving it if need be.
func (p *parallel) peek(i int) *block {
	for len(p.pending) <= i {
		select { // the blocks held here may be all there are: let the splitter make more
		case p.need <- struct{}{}:
		default:
		}
		b, ok := <-p.ordered
		if !ok {
			return nil
		}
		p.pending = append(p.pending, b)
	}
	return p.pending[i]
}

// release returns a merged block's buffer and result for reuse.
func (p *parallel) release(b *block) {
	if cap(b.buf) == p.blockSize+tailSize+readChunk {
		select {
		case p.pool <- b.buf[:0]:
		default: // more were made while reading ahead
		}
	}
	clear(b.res.finds) // drop the strings they hold
	clear(b.res.coded)
	select {
	case p.results <- b.res:
	default:
	}
	b.res, b.buf = nil, nil
}

// splitter reads the input and cuts it into blocks.
type splitter struct {
	p    *parallel
	r    io.Reader
	buf  []byte // read, not yet in a block
	off  int64  // stream offset of buf[0]
	line int    // line number of buf[0]
	eof  bool
}

// fill reads until buf holds want bytes or the input ends.
func (sp *splitter) fill(want int) {
	for !sp.eof && len(sp.buf) < want {
		if cap(sp.buf)-len(sp.buf) < readChunk/4 {
			nb := make([]byte, len(sp.buf), max(2*cap(sp.buf), want+readChunk))
			copy(nb, sp.buf)
			sp.buf = nb
		}
		// Read about what is wanted, not to capacity: what lies past the block being cut is
		// copied to the next buffer, so reading far ahead would copy most of the input twice.
		hi := min(cap(sp.buf), max(want, len(sp.buf)+readChunk/4))
		m, err := readSome(sp.r, sp.buf[len(sp.buf):hi])
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

// first reads the start of the input, rejects binary input, and returns the first block.
func (sp *splitter) first() (*block, error) {
	sp.fill(binarySample)
	if isBinary(sp.buf[:min(len(sp.buf), binarySample)]) {
		sp.p.st.Binary = true
		return nil, ErrBinary
	}
	if bytes.HasPrefix(sp.buf, []byte("\xef\xbb\xbf")) {
		sp.buf, sp.off = sp.buf[3:], 3
	}
	sp.line = 1
	return sp.cut(), nil
}

// cut makes the next block, or returns nil at the end of input.
func (sp *splitter) cut() *block {
	p := sp.p
	for {
		sp.fill(p.blockSize + tailSize)
		if len(sp.buf) == 0 {
			return nil
		}
		end, skip := sp.lineCut(0)
		if skip {
			sp.skipLine()
			continue
		}
		b := &block{start: sp.off, line: sp.line, data: end, done: make(chan struct{})}
		if !sp.eof || end < len(sp.buf) {
			sp.fill(end + tailSize)
			_, b.endsAtSkip = sp.lineCut(end)
		}
		b.last = sp.eof && end == len(sp.buf)
		// The block keeps the buffer it was read into (its tail is what follows it there);
		// what follows moves to a fresh buffer.
		nb := p.buffer()
		if nb == nil {
			return nil // stopped
		}
		rest := sp.buf[end:]
		b.buf = sp.buf[:end+min(len(rest), tailSize)]
		sp.buf = append(nb[:0], rest...)
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

// buffer returns a block buffer: a spare one, a new one while fewer than inFlight exist (or
// while the merger reads ahead and holds more), or else the next one released. It returns nil
// when the scan stops.
func (p *parallel) buffer() []byte {
	select {
	case b := <-p.pool:
		return b
	default:
	}
	if p.made < inFlight(p.workers) {
		p.made++
		return make([]byte, 0, p.blockSize+tailSize+readChunk)
	}
	select {
	case b := <-p.pool:
		return b
	case <-p.need:
		p.made++
		return make([]byte, 0, p.blockSize+tailSize+readChunk)
	case <-p.quit:
		return nil
	}
}

// lineCut decides how the input from buf[at] on is cut: the end of a block of whole lines
// there (up to blockSize, or one longer line), or that its first line is too long to read and
// is skipped, as the sequential scan skips it. It reads on as far as it needs.
func (sp *splitter) lineCut(at int) (end int, skip bool) {
	p := sp.p
	if at >= len(sp.buf) {
		return at, false
	}
	if k := bytes.LastIndexByte(sp.buf[at:min(len(sp.buf), at+p.blockSize)], '\n'); k >= 0 {
		return at + k + 1, false
	}
	if len(sp.buf)-at < p.blockSize && sp.eof {
		return len(sp.buf), false // the last line, without a line end
	}
	// A first line longer than a block: one block if it is within MaxRecord.
	limit := at + max(p.blockSize, p.opts.MaxRecord+1)
	for {
		if k := bytes.IndexByte(sp.buf[at:min(len(sp.buf), limit)], '\n'); k >= 0 {
			return at + k + 1, false
		}
		if len(sp.buf) >= limit {
			return 0, true
		}
		if sp.eof {
			return len(sp.buf), len(sp.buf)-at > p.opts.MaxRecord
		}
		sp.fill(min(limit, len(sp.buf)+readChunk))
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
		if sp.eof {
			return
		}
		sp.fill(readChunk)
	}
}

// run hands out blocks, starting with first, until the input ends or the scan stops.
func (sp *splitter) run(first *block) {
	defer close(sp.p.ordered)
	defer close(sp.p.work)
	for b := first; b != nil && b.buf != nil; b = sp.cut() {
		select {
		case sp.p.ordered <- b:
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
