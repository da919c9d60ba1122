package policy

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/camerr/camerr/internal/jsonstr"
)

// This file holds a small JSON parser. encoding/json cannot say where a value
// sits in the input, and every finding needs a line and column, so the parser
// keeps the byte offset of each value and object key.

// maxDepth bounds nesting. A policy needs about seven levels
// (document, statement list, statement, condition, operator, key, values);
// the bound keeps hostile input from exhausting the stack.
const maxDepth = 64

type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

func (k kind) String() string {
	switch k {
	case kindNull:
		return "null"
	case kindBool:
		return "a boolean"
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindArray:
		return "a list"
	default:
		return "an object"
	}
}

// node is one parsed JSON value.
type node struct {
	kind    kind
	off     int    // byte offset of the value's first byte
	end     int    // byte offset just after the value
	str     string // decoded text of a string, literal text of a number
	boolean bool
	items   []*node  // array elements
	members []member // object members, in document order, duplicates kept
}

type member struct {
	key    string
	off    int // byte offset of the key's opening quote
	keyEnd int // byte offset just after the key's closing quote
	val    *node
}

// syntaxError is a JSON syntax error at a byte offset.
type syntaxError struct {
	off int
	msg string
}

type parser struct {
	data  []byte
	pos   int
	depth int
}

// parseJSON parses data[start:] as exactly one JSON value surrounded by
// optional whitespace. Offsets count from the start of data.
func parseJSON(data []byte, start int) (*node, *syntaxError) {
	p := &parser{data: data, pos: start}
	p.skipSpace()
	if p.pos == len(p.data) {
		return nil, &syntaxError{p.pos, "empty input: expected a JSON object"}
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		return nil, p.errorf("unexpected %s after the end of the JSON value", p.describe())
	}
	return v, nil
}

func (p *parser) errorf(format string, args ...any) *syntaxError {
	return &syntaxError{p.pos, fmt.Sprintf(format, args...)}
}

// describe names the input at the current position for an error message.
func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	r, size := utf8.DecodeRune(p.data[p.pos:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("byte 0x%02x (invalid UTF-8)", p.data[p.pos])
	}
	return fmt.Sprintf("character %q", r)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value() (*node, *syntaxError) {
	n, err := p.value1()
	if n != nil {
		n.end = p.pos
	}
	return n, err
}

func (p *parser) value1() (*node, *syntaxError) {
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input: expected a value")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		off := p.pos
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &node{kind: kindString, off: off, str: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", &node{kind: kindBool, boolean: true})
	case c == 'f':
		return p.literal("false", &node{kind: kindBool})
	case c == 'n':
		return p.literal("null", &node{kind: kindNull})
	default:
		if c == '\'' {
			return nil, p.errorf("unexpected character '\\'': JSON strings use double quotes")
		}
		return nil, p.errorf("unexpected %s: expected a value", p.describe())
	}
}

func (p *parser) literal(word string, n *node) (*node, *syntaxError) {
	n.off = p.pos
	if !bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		return nil, p.errorf("unexpected %s: expected a value (did you mean %s?)", p.describe(), word)
	}
	p.pos += len(word)
	return n, nil
}

func (p *parser) enter() *syntaxError {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf("nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *parser) object() (*node, *syntaxError) {
	n := &node{kind: kindObject, off: p.pos}
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // '{'
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.depth--
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("unexpected %s: expected a double-quoted key", p.describe())
		}
		keyOff := p.pos
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		keyEnd := p.pos
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("unexpected %s: expected ':' after the key", p.describe())
		}
		p.pos++
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, member{key: key, off: keyOff, keyEnd: keyEnd, val: v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input: expected ',' or '}'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.depth--
			return n, nil
		default:
			return nil, p.errorf("unexpected %s: expected ',' or '}'", p.describe())
		}
	}
}

func (p *parser) array() (*node, *syntaxError) {
	n := &node{kind: kindArray, off: p.pos}
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // '['
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.depth--
		return n, nil
	}
	for {
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input: expected ',' or ']'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.depth--
			return n, nil
		default:
			return nil, p.errorf("unexpected %s: expected ',' or ']'", p.describe())
		}
	}
}

func (p *parser) number() (*node, *syntaxError) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.data[p.pos] == '-' {
		p.pos++
	}
	if p.pos < len(p.data) && p.data[p.pos] == '0' {
		p.pos++
	} else if digits() == 0 {
		return nil, p.errorf("unexpected %s in a number: expected a digit", p.describe())
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, p.errorf("unexpected %s in a number: expected a digit after '.'", p.describe())
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, p.errorf("unexpected %s in a number: expected an exponent", p.describe())
		}
	}
	return &node{kind: kindNumber, off: start, str: string(p.data[start:p.pos])}, nil
}

// str reads a double-quoted string starting at p.pos and returns its decoded text.
func (p *parser) str() (string, *syntaxError) {
	p.pos++ // opening quote
	start := p.pos
	var b []byte // used only when the string has escapes
	escaped := false
	for {
		if p.pos >= len(p.data) {
			return "", p.errorf("unexpected end of input in a string: missing closing '\"'")
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			s := string(p.data[start:p.pos])
			if escaped {
				s = string(b)
			}
			p.pos++
			return s, nil
		case c < 0x20:
			return "", p.errorf("control character %U in a string: write it as an escape such as \\n", rune(c))
		case c == '\\':
			if !escaped {
				b, escaped = append(b, p.data[start:p.pos]...), true
			}
			var n int
			if b, n = jsonstr.AppendEscape(b, p.data[p.pos:], jsonstr.JSON); n == 0 {
				return "", p.badEscape()
			}
			p.pos += n
		case c < utf8.RuneSelf:
			if escaped {
				b = append(b, c)
			}
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf("invalid UTF-8 byte 0x%02x in a string", c)
			}
			if escaped {
				b = append(b, p.data[p.pos:p.pos+size]...)
			}
			p.pos += size
		}
	}
}

// badEscape says why the backslash at p.pos starts no JSON escape, placed after the backslash.
func (p *parser) badEscape() *syntaxError {
	p.pos++ // backslash
	if p.pos >= len(p.data) {
		return p.errorf("unexpected end of input in a string escape")
	}
	if c := p.data[p.pos]; c != 'u' {
		return p.errorf("invalid escape '\\%c' in a string", rune(c))
	}
	p.pos++
	return p.errorf("invalid \\u escape: expected four hexadecimal digits")
}
