package diagnose

// A product often wraps the error of a service it called in its own: FailedOperation whose
// message is "create failed: [TencentCloudSDKError] Code=InvalidParameterValue.Zone, ...", or
// an InternalError whose message holds the backend's JSON body. The inner error is the cause,
// and usually the one to act on. It is read from the message by the same recognizers, once
// (a cause's own message is not searched for a cause of its own).

// Cause is an error found inside a finding's message.
type Cause struct {
	Format    string `json:"format"`
	API       string `json:"api,omitempty"`
	Code      string `json:"code,omitempty"`
	CodeDesc  string `json:"codeDesc,omitempty"`
	ErrorCode string `json:"errorCode,omitempty"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
}

// maxCauseMessage bounds the messages searched for a cause.
const maxCauseMessage = 64 << 10

// causeTrigger is the cheap test for a message that may hold another error: a code key
// followed by its separator, or an SDK exception name.
func causeTrigger(msg string) bool {
	// Anchored on the rarer 'd' and 'K': this runs on every message.
	for i := 0; i < len(msg); {
		k := indexAnchoredString(msg[i:], "ode", 1)
		if k < 0 {
			break
		}
		i += k + len("ode")
		if i < len(msg) {
			switch msg[i] {
			case '=', ':', '"', '\'', ' ', 0xef: // 0xef starts a full-width colon
				return true
			}
		}
	}
	return indexAnchoredString(msg, markerStem, len(markerStem)-1) >= 0
}

// findCause looks for another error inside f's message and records the first whose code
// differs from f's own (the same code again is the same error, printed twice).
func (s *scanner) findCause(f *Finding) {
	if s.inner || len(f.Message) > maxCauseMessage || !causeTrigger(f.Message) {
		return
	}
	if s.sub == nil {
		s.sub = newScanner(Options{Source: s.opts.Source, KnownCode: s.opts.KnownCode, CodeFilter: s.opts.CodeFilter}, func(Finding) error { return nil })
		s.sub.inner = true
	}
	sub := s.sub
	sub.lineFinds, sub.lineN, sub.memo, sub.lineNo = sub.lineFinds[:0], 0, lineMemo{}, 1
	sub.known = s.known // share the answers the scan already has
	msg := []byte(f.Message)
	sub.recognize(msg, len(msg), 0, false)
	outer := f.ErrorCode + "\x00" + f.CodeDesc
	for i := range sub.lineFinds {
		c := &sub.lineFinds[i].f
		if c.OK || c.ErrorCode+"\x00"+c.CodeDesc == outer || c.ErrorCode == f.CodeDesc && c.CodeDesc == "" {
			continue
		}
		if c.ErrorCode == "" && c.CodeDesc == "" && c.Code == "" {
			continue
		}
		f.Cause = &Cause{Format: c.Format, API: c.API, Code: c.Code, CodeDesc: c.CodeDesc, ErrorCode: c.ErrorCode,
			Message: c.Message, RequestID: c.RequestID}
		break
	}
	clear(sub.lineFinds)
	sub.lineFinds = sub.lineFinds[:0]
}
