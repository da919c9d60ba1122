package diagnose

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"
)

// Every error code worth finding in free text is CamelCase with at least two words
// (AuthFailure.SignatureFailure, InternalError, MFACheckFailed), so it holds a lower-case letter
// directly followed by an upper-case one: a "hump". Most log lines have none, and finding one
// takes a few word operations per eight bytes, which is what keeps plain lines cheap.

const (
	lo7  = 0x7f7f7f7f7f7f7f7f
	hi8  = 0x8080808080808080
	ones = 0x0101010101010101
)

// wordMasks returns, for the eight bytes in x, high bits marking ASCII upper- and lower-case
// letters.
func wordMasks(x uint64) (upper, lower uint64) {
	x7 := x & lo7
	ascii := ^x & hi8
	// Adding 0x80-n sets a byte's high bit exactly when the byte is >= n (no carries, as x7 < 0x80).
	upper = (x7 + (0x80-'A')*ones) &^ (x7 + (0x80-'Z'-1)*ones) & ascii
	lower = (x7 + (0x80-'a')*ones) &^ (x7 + (0x80-'z'-1)*ones) & ascii
	return
}

// hasByte returns high bits marking the bytes of x equal to c (exact in its any-bit result).
func hasByte(x, c uint64) uint64 {
	v := x ^ c*ones
	return (v - ones) &^ v & hi8
}

// confirmHump checks the candidate humps h found in the word at b[i:i+8] and returns the index
// of the first real one, or -1.
func confirmHump(b []byte, i int, h uint64) int {
	for ; h != 0; h &= h - 1 {
		k := i + bits.TrailingZeros64(h)/8
		if k > 0 && b[k] >= 'A' && b[k] <= 'Z' && b[k-1] >= 'a' && b[k-1] <= 'z' {
			return k
		}
	}
	return -1
}

// nextHump returns the index of the upper-case letter of the first hump at or after b[from],
// or -1.
func nextHump(b []byte, from int) int {
	i := from
	prevLower := i > 0 && b[i-1] >= 'a' && b[i-1] <= 'z'
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		up, low := wordMasks(x)
		carry := uint64(0)
		if prevLower {
			carry = 0x80
		}
		if h := (low<<8 | carry) & up; h != 0 {
			for k := 0; k < 8; k++ {
				if h>>(8*k+7)&1 != 0 {
					return i + k
				}
			}
		}
		prevLower = low>>63 != 0
	}
	for ; i < len(b); i++ {
		c := b[i]
		if prevLower && c >= 'A' && c <= 'Z' {
			return i
		}
		prevLower = c >= 'a' && c <= 'z'
	}
	return -1
}

// textCode finds the first known code in free text, starting with the hump at ln[h]; there are
// no humps at or past ln[last]. f is the line's flags: with fMasks, the words are found in
// s.masks. It returns the code's span, or -1.
func (s *scanner) textCode(ln []byte, h, last, f int) (start, end int) {
	m := &s.masks
	masked := f&fMasks != 0
	for from := 0; ; {
		if from > 0 {
			h = -1
			if from < last {
				if masked {
					h = m.nextHump(from, last)
				} else {
					h = nextHump(ln[:last], from)
				}
			}
		}
		if h < 0 {
			return -1, -1
		}
		a, e, dotted := 0, 0, false
		if masked {
			a, e = m.wordStart(h), m.wordEnd(h, len(ln))
		} else {
			a, e, dotted = wordAround(ln, h)
		}
		from = e
		for a < e && ln[a] == '.' {
			a++
		}
		for e > a && ln[e-1] == '.' {
			e--
		}
		tok := ln[a:e]
		if len(tok) < 4 || len(tok) > 128 || !(tok[0] >= 'A' && tok[0] <= 'Z') {
			continue
		}
		if s.isKnown(tok) {
			return a, e
		}
		// A dotted code under a known top-level code is still a code: the catalog resolves
		// InvalidParameterValue.InvalidDNSName to its parent.
		if masked {
			dotted = m.hasDot(a, e)
		}
		if !dotted {
			continue
		}
		if d := bytes.IndexByte(tok, '.'); d > 0 && d+1 < len(tok) && isLetter(tok[d+1]) && s.isKnown(tok[:d]) {
			return a, e
		}
	}
}

// wordAround returns the run of code bytes holding ln[h], and whether it holds a '.'.
func wordAround(ln []byte, h int) (a, e int, dotted bool) {
	cls := uint8(identByte) // keeps identByte's bit only while the word has no '.'
	a = h
	for a > 0 && byteClass[ln[a-1]] != 0 {
		cls &= byteClass[ln[a-1]]
		a--
	}
	e = h
	for e < len(ln) && byteClass[ln[e]] != 0 {
		cls &= byteClass[ln[e]]
		e++
	}
	return a, e, cls&1 == 0
}

// textHit reports a known code found in free text; the message is what follows it, less a
// request id clause that ends it ("... (RequestId: x)"): the finding carries the id.
func (s *scanner) textHit(ln []byte, a, e int) hit {
	rest := bytes.TrimLeft(ln[e:], " \t:,;=-.'\"）)]*`：，")
	id, label, idEnd := findRequestIDAt(ln)
	if msgAt := len(ln) - len(rest); id != nil && label >= msgAt && len(bytes.Trim(ln[idEnd:], " \t`'\")]}.,;")) == 0 {
		rest = bytes.TrimRight(ln[msgAt:label], " \t([{,;")
	}
	rest = bytes.TrimRight(rest, " \t,;'\"*`，")
	h := hit{format: "text", code: ln[a:e], message: rest, start: a, end: len(ln)}
	h.reqID = id
	return h
}

// denialTrigger is the cheap test for lines, with line flags f, that may hold a CAM denial: it
// looks for isDenial's phrases ("ermission" whatever the case of its first letter), the English
// ones only where the prefilter saw a piece of them ("uthoriz" only on lines with a 'z') and the
// Chinese ones only on lines with non-ASCII bytes.
// FuzzDiagnose holds it to being true wherever denialHit finds a denial.
func denialTrigger(ln []byte, f int) bool {
	if f&fDenialMark != 0 {
		if f&fZ != 0 && indexAnchored(ln, "uthoriz", 6) >= 0 {
			return true
		}
		if indexAnchored(ln, "ermission", 2) >= 0 {
			return true
		}
		if indexAnchored(ln, "policy not verify", 11) >= 0 {
			return true
		}
	}
	return f&fHigh != 0 && (bytes.Contains(ln, []byte("权限")) || bytes.Contains(ln, []byte("授权")) || bytes.Contains(ln, []byte("无权")))
}

// denialHit reports a CAM denial in text that carries no code. A denial split over lines
// ("operation (x:Y)" then "resource (...) has no permission") is read whole when multi.
func (s *scanner) denialHit(seg []byte, lnEnd int, multi bool) (hit, bool) {
	ln := seg[:lnEnd]
	end := lnEnd
	if multi {
		end = denialContinuation(seg, lnEnd)
	}
	msg := bytes.TrimSpace(stripBox(seg[:end]))
	d := normalizeDenial(string(msg))
	if !isDenial(d) {
		return hit{}, false
	}
	cs := denialClauses(d)
	if len(cs) == 0 && !bytes.Contains(bytes.ToLower(msg), []byte("policy not verify")) {
		return hit{}, false
	}
	h := hit{format: "cam-denial", message: msg, msgMulti: end > lnEnd, start: 0, end: end}
	h.reqID = findRequestID(ln)
	return h, true
}

// indexAnchoredString is indexAnchored for a string.
func indexAnchoredString(s, needle string, anchor int) int {
	c := needle[anchor]
	for i := anchor; i < len(s); {
		k := strings.IndexByte(s[i:], c)
		if k < 0 {
			return -1
		}
		k += i
		if st := k - anchor; st+len(needle) <= len(s) && s[st:st+len(needle)] == needle {
			return st
		}
		i = k + 1
	}
	return -1
}

// indexAnchored is bytes.Index for needles whose first byte is common in logs: it looks for the
// rarer byte needle[anchor] with IndexByte, then compares. bytes.Index stops at every
// occurrence of the first byte, and 'a', 'e' and 'T' are everywhere.
func indexAnchored(b []byte, needle string, anchor int) int {
	c := needle[anchor]
	for i := anchor; i < len(b); {
		k := bytes.IndexByte(b[i:], c)
		if k < 0 {
			return -1
		}
		k += i
		if s := k - anchor; s+len(needle) <= len(b) && string(b[s:s+len(needle)]) == needle {
			return s
		}
		i = k + 1
	}
	return -1
}
