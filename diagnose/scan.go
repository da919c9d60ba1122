// Package diagnose finds Tencent Cloud API responses and printed SDK errors in arbitrary text
// (pasted output, files, whole logs) and extracts what each one says: codes, message, request
// id, and facts for a diagnosis such as the actions and resources of a CAM denial.
//
// It is pure: bytes in, findings out. It knows nothing about the catalog beyond an optional
// KnownCode callback, and it never writes to a terminal; resolving codes and rendering are the
// caller's job. Scan streams its input in bounded memory and linear time, so it is safe on huge
// or hostile input: long lines, lines of thousands of responses, any number of distinct codes. It is built for whole logs: a cheap byte-level prefilter lets plain lines through
// almost free, a hand-written reader extracts body fields without allocating, and on several
// CPUs blocks of the input are scanned in parallel with the same results as one pass.
//
// Formats reported in Finding.Format:
//
//	v2-json      API 2.0 body {"code":4000,"message":"...","codeDesc":"..."} (code may be a numeric string)
//	v2-python    the same printed as a Python dict {'code': 4102, 'message': '...'}
//	v3-json      API 3.0 body {"Response":{"Error":{"Code","Message"},"RequestId"}}, with or without
//	             the Response wrapper, success bodies too; also when found inside a quoted string
//	v3-python    the same printed as a Python dict
//	v2-js, v3-js the same printed as a JavaScript object by Node: { code: 4000, message: '...' }
//	go-sdk       [TencentCloudSDKError] Code=..., Message=..., RequestId=... (also Ruby/PHP wrappers)
//	python-sdk   [TencentCloudSDKException] code:... message:... requestId:...
//	java-sdk     [TencentCloudSDKException]code: ... message:... requestId:... and the older message:Code-Message
//	node-sdk     TencentCloudSDKHttpException as printed by console.log, or its toString form
//	dotnet-sdk   TencentCloud.Common.TencentCloudSDKException: code:X message:Y
//	sdk-other    any other wrapper printing code:X message:Y or Code: X, Message: Y
//	fields       the same a field per line (Code: X, then Message: Y, RequestId: Z), also as
//	             Objective-C and other dumps print them: Code = "X"; Message = "Y";
//	tccli        the Python form after tccli's usage banner
//	terraform    Error: [TencentCloudSDKError] ... with the "on FILE line N" context as a note
//	text         a known code name in free text (needs Options.KnownCode)
//	cam-denial   a CAM denial message that carries no code
//
// COS (Cloud Object Storage) errors have API "cos" and a COS field (cos.go):
//
//	cos-xml      the XML error body <Error><Code>..., one line or pretty, with or without the
//	             <?xml?> prolog, inside a log line, HTML-escaped (&lt;Error&gt;), or an <Error>
//	             item of a DeleteResult
//	cos-json     the old Node.js SDK object {"error":{"Code":...},"statusCode":403,...}, and an
//	             {"Error":{"Code":...}} body that carries a COS TraceId
//	cos-python   qcloud_cos CosServiceError {'code': ..., 'requestid': ...} and CosClientError
//	cos-go       cos-go-sdk-v5: PUT https://...: 403 AccessDenied(Message: ..., RequestId: ...)
//	cos-coscli   the same printed by coscli (ERRO[...] or FATA[...])
//	cos-java     CosServiceException (Status Code: ...; Error Code: ...; Request ID: ...)
//	cos-js       the JS / Node.js SDK error object {code, message, error: {...}, statusCode}
//	cos-php      Qcloud\Cos\Exception\...: Cos Error Code: ..., Status Code: ...
//	cos-dotnet   COSXML CosServerException, with its GetInfo() fields when present
//	cos-coscmd   coscmd's "[code 403] ..." and its multi-delete failure lines
//	cos-s3       an S3 SDK's error (boto3, aws-sdk-go-v2) when a *.myqcloud.com endpoint is
//	             in view
//
// The STS SDK's errors are API 3.0 errors and come out as v3-json, v3-python or sdk-other.
package diagnose

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"unicode/utf8"

	"github.com/camerr/camerr/policy"
)

// ErrBinary is returned by Scan when the input cannot be read as text at all, such as a
// NUL-heavy binary file. The caller should exit with status 3.
var ErrBinary = errors.New("input is binary, not text")

// DefaultMaxRecord is the record size limit used when Options.MaxRecord is not positive.
const DefaultMaxRecord = 16 << 20

// Options configure one Scan.
type Options struct {
	// Source names the input in findings: a file name or "-".
	Source string
	// MaxRecord is the largest record, in bytes, that is examined: a line, or a JSON body spread
	// over several lines. Larger records are skipped and counted in Stats.SkippedRecords, never
	// held in memory whole. Zero or negative means DefaultMaxRecord.
	MaxRecord int
	// KnownCode reports whether a name is a catalog code (API 3.0 code, API 2.0 codeDesc, SDK
	// client code). It enables format "text"; nil disables it. Its yes answers are cached (the
	// cache is bounded, so a word may be asked again); a no is not, since a log's words are
	// mostly not codes and mostly new. It must not keep the string it is given, whose bytes are
	// the input's. On several CPUs it is called from several goroutines at once.
	KnownCode func(string) bool
	// CodeFilter, when set, is asked before KnownCode and its cache: a cheap test that says no
	// to most words that are no code and never to one that is (Catalog.MayKnow). The same rules
	// as KnownCode's apply.
	CodeFilter func(string) bool
	// CodesOnly leaves Message, RequestID, Diagnosis and COS empty. A summary that only counts codes
	// sets it, which makes the scan allocation-free for most findings.
	CodesOnly bool
}

// Finding is one response or printed error found in the input.
type Finding struct {
	Source string `json:"source"`
	// Line is the 1-based line where the response starts.
	Line int `json:"line"`
	// Format says how the response was printed; see the package documentation for the list.
	Format string `json:"format"`
	// OK is true for a success body (API 3.0 without Error, API 2.0 with code 0).
	OK bool `json:"ok"`
	// API is "v2" or "v3", or "" when the text does not say (formats text, cam-denial and
	// sdk-other). SDK strings are "v3", except a Go SDK string (go-sdk, terraform) whose
	// RequestId is missing, empty or redacted and whose code is not a ClientError: the Go SDK
	// prints an API 2.0 error that way, but so does a paste with its id blanked out, so only
	// the code can tell. Its API is "" until the caller decides it with SettleAPI.
	API string `json:"api"`
	// Code is the API 2.0 numeric code as a decimal string, "" when absent.
	Code string `json:"code,omitempty"`
	// CodeDesc is the API 2.0 module code.
	CodeDesc string `json:"codeDesc,omitempty"`
	// ErrorCode is the API 3.0 or SDK code string, or the code name found in free text.
	ErrorCode string `json:"errorCode,omitempty"`
	Message   string `json:"message"`
	// RequestID is always a string: numeric API 2.0 ids in decimal, Python None as "". When the
	// response has none, a "[request id:...]" inside the message is used.
	RequestID string    `json:"requestId"`
	Diagnosis Diagnosis `json:"diagnosis"`
	// COS is set for a COS error (API "cos"): trace id, resource, HTTP status, operation.
	COS *COS `json:"cos,omitempty"`
	// Product is what the paste says about the product that answered, near the response: its
	// stack trace, the lines just before it, an Action field in its body. Empty when it says
	// nothing, and always with CodesOnly.
	Product ProductHint `json:"product"`
	// Cause is another error the message holds (a product wrapping the error of a service it
	// called), nil when it holds none. Never set with CodesOnly.
	Cause *Cause `json:"cause,omitempty"`
}

// Diagnosis holds facts extracted from a response's message.
type Diagnosis struct {
	// ModuleCode is the module-internal number of an API 2.0 message "(100006)...".
	ModuleCode string `json:"moduleCode,omitempty"`
	// Actions are the CAM actions a denial names, e.g. "cvm:StopInstances".
	Actions []string `json:"actions,omitempty"`
	// Resources are the resources a denial names, e.g. "qcs::cvm:ap-guangzhou:uin/1:instance/ins-1".
	Resources []string `json:"resources,omitempty"`
	// Policy is a CAM policy granting exactly the denied actions on the denied resources
	// (resource "*" when the message names none), nil when there is none to suggest. It must
	// be reviewed before use; render shows it.
	Policy *policy.Suggestion `json:"suggestedPolicy,omitempty"`
	// Notes are further facts in plain words.
	Notes []string `json:"notes,omitempty"`
}

// Stats describe a whole Scan.
type Stats struct {
	Bytes     int64 // bytes read; with ErrBinary, the start that decided it (at most 64 KiB)
	Lines     int   // lines read (a last line without newline counts)
	Responses int   // findings emitted
	Errors    int   // findings that are not success bodies
	// SkippedRecords counts lines and multi-line JSON bodies larger than MaxRecord.
	SkippedRecords int
	// InvalidUTF8 is set when the input held bytes that are not UTF-8; they are replaced with
	// U+FFFD in every returned string.
	InvalidUTF8 bool
}

const (
	readChunk = 1 << 20
	// lookahead is how far past a line a recognizer may look (SDK messages spanning lines,
	// Terraform context). Fixed, so results do not depend on read sizes.
	lookahead = 64 << 10
	// lookaheadLines bounds the number of following lines a recognizer may use.
	lookaheadLines = 16
	// maxDeferred bounds the findings held back while a multi-line JSON candidate is open.
	maxDeferred = 4096
	// binarySample is how much of the start of the input decides whether it is binary.
	binarySample = 64 << 10
)

// Scan reads r to the end and calls emit for every response it finds, in input order, from the
// goroutine that called it. It stops at the first error from emit and returns it (the Stats are
// then partial); a read error ends the input, and is returned after what was
// read has been scanned. It returns ErrBinary, having emitted nothing, when the start of the
// input is clearly binary.
func Scan(r io.Reader, opts Options, emit func(Finding) error) (Stats, error) {
	if workers := runtime.GOMAXPROCS(0); workers > 1 {
		return scanParallel(r, opts, emit, workers, defaultLimits)
	}
	return scanSequential(r, opts, emit)
}

// scanSequential is Scan on one goroutine.
func scanSequential(r io.Reader, opts Options, emit func(Finding) error) (Stats, error) {
	s := newScanner(opts, emit)
	s.r = r
	s.buf = make([]byte, readChunk+lookahead)
	err := s.run()
	return s.st, err
}

func newScanner(opts Options, emit func(Finding) error) *scanner {
	if opts.MaxRecord <= 0 {
		opts.MaxRecord = DefaultMaxRecord
	}
	return &scanner{opts: opts, emit: emit, scanState: startState(candidate{})}
}

// A scanner reads lines and recognizes the responses in them. The sequential scan is a
// scanner alone; in a parallel scan (parallel.go) a worker and the merger each drive one,
// and the scanner calls back into whichever owns it.
type scanner struct {
	masks lineMasks // the line's, from lineFlagsIn
	opts  Options
	emit  func(Finding) error
	inner bool // this scanner reads a message: no cause of a cause

	w *worker // set when the scanner scans blocks for a worker: findings go to it
	m *merger // set for the merger's scanner: it says where to stop, and lends buffers

	scanState
	scanCache
}

// scanState is where one scan of a stream stands. A worker starts it afresh for each block.
type scanState struct {
	r   io.Reader
	st  Stats
	err error // first error from emit

	buf     []byte
	base    int64 // stream offset of buf[0]
	n       int   // valid bytes in buf
	pos     int   // start of the next line in buf
	vfrom   int   // start of the lines not yet checked for UTF-8
	eof     bool
	rerr    error
	lineNo  int // number of the line at pos
	started bool
	// The line starting at stream offset nlLine has no line end before nlNone.
	nlLine, nlNone int64

	cand          candidate
	lineN         int // findings of the line being processed, settled or not
	seen          [dedupeWindow]seenID
	seenN         int // request ids the line has reported (dedupe)
	memo          lineMemo
	resolvedSpans [][2]int64 // multi-line responses that closed on this line
	work          int        // parse budget left for the current line
	usageLine     int        // last line holding tccli's usage banner
	hint          ProductHint
	hintLine      int // the line that named hint (context.go)
}

// scanCache is what a scanner reuses from one line to the next, and a worker from one block to
// the next: buffers and caches that change no result. Each is bounded (strings.go).
type scanCache struct {
	lineFinds []pending // findings of the line being processed, not yet settled
	resolved  []pending // findings ready to emit once the line is done
	scratch   [][]byte  // decode buffers for JSON inside strings, one per level
	unesc     []byte    // scratch for unescaped values
	sub       *scanner  // reads messages for a cause (cause.go)

	known     map[string]bool      // KnownCode cache
	diagnoses map[string]Diagnosis // denial diagnoses by message
	interned  map[string]string    // code strings, so repeated codes do not allocate
	icache    *[256]string         // recent interned strings, by a cheap hash (intern)
	codes     [64]struct {
		n int
		s string
	}
}

// startState is the state at the start of a stream, with cand's buffers.
func startState(cand candidate) scanState {
	return scanState{cand: cand, usageLine: noUsage, lineNo: 1, nlLine: -1}
}

// restart puts the scanner at the start of a stream, keeping its caches and the buffers of its
// open-body candidate.
func (s *scanner) restart() {
	cand := s.cand
	cand.reset()
	s.scanState = startState(cand)
	s.lineFinds, s.resolved = s.lineFinds[:0], s.resolved[:0]
}

// pending is a finding with its stream offset, held until its position relative to an open
// multi-line JSON candidate is settled.
type pending struct {
	off int64
	f   Finding
	// open marks a worker's finding whose product a line before the worker's block may name
	// (context.go): the merger, which knows that line, fills it in.
	open bool
}

func (s *scanner) run() error {
	for {
		if s.err != nil {
			return s.err
		}
		if !s.started {
			s.fill() // decide whether the input is binary before looking at any line
			continue
		}
		if s.pos >= s.n && s.eof {
			break
		}
		if s.m != nil && s.m.stopHere(s.base+int64(s.pos)) {
			// Before the line is read: it may be a long one the merger need not copy.
			s.flushUTF8(s.pos)
			return s.err
		}
		// A long line is read in many fills: search only what was not searched before.
		from := s.pos
		if s.base+int64(s.pos) == s.nlLine {
			from = max(from, int(s.nlNone-s.base))
		}
		nl := bytes.IndexByte(s.buf[from:s.n], '\n')
		if nl >= 0 {
			nl += from - s.pos
		}
		var end int
		if nl < 0 {
			s.nlLine, s.nlNone = s.base+int64(s.pos), s.base+int64(s.n)
			if !s.eof {
				if s.n-s.pos > s.opts.MaxRecord {
					s.skipLongLine()
					continue
				}
				s.checkCandidateSize(s.n)
				s.fill()
				continue
			}
			end = s.n
		} else {
			end = s.pos + nl
		}
		if !s.eof && s.n-end < lookahead+1 && s.fill() {
			continue
		}
		if s.w != nil && s.w.stopHere(s.pos, end) {
			s.flushUTF8(s.pos)
			return s.err
		}
		if end-s.pos > s.opts.MaxRecord {
			s.skipLongLine()
			continue
		}
		next := end + 1
		if next > s.n {
			next = s.n
		}
		s.st.Lines++
		consumed := s.line(s.pos, end)
		s.pos = next
		s.lineNo++
		for ; consumed > 0 && s.pos < s.n; consumed-- {
			k := bytes.IndexByte(s.buf[s.pos:s.n], '\n')
			if k > s.opts.MaxRecord || k < 0 && s.n-s.pos > s.opts.MaxRecord {
				break // a line too long to read is skipped, as it is where the input is split
			}
			if k < 0 {
				s.pos = s.n
			} else {
				s.pos += k + 1
			}
			s.st.Lines++
			s.lineNo++
		}
	}
	s.flushUTF8(s.pos)
	s.abandon() // a body still open at the end was truncated
	s.settle()
	if s.rerr != nil {
		return s.rerr
	}
	return s.err
}

// fill reads more input, compacting or growing the buffer as needed. It reports whether it made
// progress (read bytes or reached the end of input).
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	keep := s.pos
	if s.cand.open && !s.cand.skip {
		if k := int(s.cand.start - s.base); k < keep {
			keep = k
		}
	}
	if len(s.buf)-s.n < readChunk/4 && keep > 0 {
		if s.m != nil {
			s.m.own()
		}
		s.flushUTF8(s.pos)
		copy(s.buf, s.buf[keep:s.n])
		s.n -= keep
		s.pos -= keep
		s.vfrom -= keep
		s.base += int64(keep)
	}
	if len(s.buf)-s.n < readChunk/4 {
		limit := s.opts.MaxRecord + lookahead + readChunk
		if len(s.buf) < limit {
			nb := make([]byte, min(2*len(s.buf), limit))
			if s.m != nil {
				s.m.grew(len(nb) - len(s.buf))
			}
			copy(nb, s.buf[:s.n])
			s.buf = nb
		}
	}
	if s.n == len(s.buf) {
		return false
	}
	m, err := readSome(s.r, s.buf[s.n:])
	s.n += m
	s.st.Bytes += int64(m)
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.rerr = err
		}
	}
	if !s.started && (s.n >= binarySample || s.eof) {
		s.started = true
		if isBinary(s.buf[:min(s.n, binarySample)]) {
			s.err = ErrBinary
			s.st.Bytes = int64(min(s.n, binarySample)) // what decided, however much one read brought
			s.eof = true
			s.pos, s.n = 0, 0
			return true
		}
		if bytes.HasPrefix(s.buf[:s.n], []byte("\xef\xbb\xbf")) {
			s.pos, s.vfrom = 3, 3 // a UTF-8 byte order mark is not text
		}
	}
	return m > 0 || s.eof
}

// readSome reads into p like r.Read, but guards against misbehaving readers: a count out of
// range is taken as nothing read, and a reader that keeps returning nothing and no error is
// given up on (as bufio does), so Scan cannot spin.
func readSome(r io.Reader, p []byte) (int, error) {
	for range 100 {
		m, err := r.Read(p)
		if m < 0 || m > len(p) {
			m = 0
		}
		if m > 0 || err != nil {
			return m, err
		}
	}
	return 0, io.ErrNoProgress
}

// flushUTF8 validates the lines examined since the last call, buf[vfrom:upto], for
// Stats.InvalidUTF8. Runs of lines are checked at once; lines skipped for their size are not
// examined and not checked.
func (s *scanner) flushUTF8(upto int) {
	if upto <= s.vfrom {
		return
	}
	if !s.st.InvalidUTF8 && !utf8.Valid(s.buf[s.vfrom:upto]) {
		s.st.InvalidUTF8 = true
	}
	s.vfrom = upto
}

// checkCandidateSize skips an open candidate that has grown past MaxRecord.
func (s *scanner) checkCandidateSize(upto int) {
	if s.cand.open && s.base+int64(upto)-s.cand.start > int64(s.opts.MaxRecord) {
		s.skipCandidate()
	}
}

// skipLongLine drops the line at pos, which is longer than MaxRecord, reading until its end.
func (s *scanner) skipLongLine() {
	s.flushUTF8(s.pos)
	defer func() { s.vfrom = s.pos }()
	s.abandon()
	s.settle()
	s.st.SkippedRecords++
	if s.w != nil {
		s.w.skipped(s.base + int64(s.pos))
	}
	s.st.Lines++
	s.lineNo++
	for {
		if k := bytes.IndexByte(s.buf[s.pos:s.n], '\n'); k >= 0 {
			s.pos += k + 1
			return
		}
		s.pos = s.n
		s.vfrom = s.pos
		if s.eof {
			return
		}
		s.fill()
	}
}

// isBinary reports whether a sample from the start of the input is clearly not text: it holds
// NUL bytes, or many control bytes and invalid UTF-8 sequences.
func isBinary(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	nul, bad := 0, 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == 0:
				nul++
				bad++
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != '\b' && c != 0x1b:
				bad++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 && len(b)-i >= utf8.UTFMax {
			bad++
		}
		i += size
	}
	// A stray NUL in a log is text; UTF-16, images, archives and executables are not.
	return nul*100 > len(b) || nul >= 8 && nul*1000 > len(b) || bad*10 > len(b)
}

// line processes the line buf[start:end] and returns how many following lines it consumed.
func (s *scanner) line(start, end int) int {
	lnEnd := end
	if lnEnd > start && s.buf[lnEnd-1] == '\r' {
		lnEnd--
	}
	ln := s.buf[start:lnEnd]
	abs := s.base + int64(start)
	if len(ln) >= 12 && ln[0] == 'u' && bytes.HasPrefix(ln, []byte("usage: tccli")) {
		s.usageLine = s.lineNo
	}
	s.lineFinds = s.lineFinds[:0]
	s.lineN, s.seenN = 0, 0
	s.memo = lineMemo{}
	if !s.opts.CodesOnly {
		s.noteProduct(ln)
	}
	if s.cand.open {
		if !jsonish(ln) {
			s.abandon()
		} else {
			if abs+int64(len(ln))-s.cand.start > int64(s.opts.MaxRecord) {
				s.skipCandidate()
			}
			skip := s.cand.skip
			s.scanDepth(ln, abs)
			if !skip {
				s.recognize(ln, len(ln), abs, false)
			}
			s.settle()
			return 0
		}
	}
	if len(ln) == 0 {
		if len(s.resolved) > 0 {
			s.settle()
		}
		return 0
	}
	seg := s.buf[start:s.windowEnd(end)]
	consumed, whole, brace := s.recognize(seg, lnEnd-start, abs, true)
	if consumed == 0 && !whole && (brace || lastByte(ln) == '[') && hasUnbalancedOpen(ln) {
		s.cand.prev = ' '
		s.scanDepth(ln, abs)
	}
	if len(s.lineFinds) > 0 || len(s.resolved) > 0 {
		s.settle()
	}
	return consumed
}

// lastByte returns the last byte of b that is not a space or tab, or 0.
func lastByte(b []byte) byte {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != ' ' && b[i] != '\t' {
			return b[i]
		}
	}
	return 0
}

// windowEnd returns where the lookahead after the line ending at buf[end] stops: lookahead
// bytes on. The main loop keeps that much buffered (or the input has ended), so what a
// recognizer sees never depends on how reads were split.
func (s *scanner) windowEnd(end int) int {
	return min(s.n, end+1+lookahead)
}

func (s *scanner) send(p *pending) {
	if s.err != nil {
		return
	}
	if s.w != nil { // the merger counts and emits what it accepts
		s.w.hold(p)
		return
	}
	s.st.Responses++
	if !p.f.OK {
		s.st.Errors++
	}
	if err := s.emit(p.f); err != nil {
		s.err = err
	}
}
