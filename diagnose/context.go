package diagnose

import "bytes"

// A paste often says which product answered somewhere other than in the error itself: a debug
// line with the API host before it, the tccli command that ran, the SDK's package path in the
// stack trace after it, the Terraform resource it was creating, an Action field in the body.
// The scanner keeps the last product a line named for productWindow lines, reads the stack
// frames under an SDK exception, and gives each finding the nearest: its own stack first, then
// what came shortly before. Only lines holding one of the few spellings that can name a product
// are read for it, so plain lines stay cheap; a summary, which shows no product, skips it all.

// productWindow is how many lines a product named by a line stays the context of findings.
const productWindow = 12

// maxHintSpan bounds the text around a trigger that FindProductHint reads: every spelling it
// knows is short.
const maxHintSpan = 256

// productTrigger returns where ln may name a product (a "tencentcloud" or "TencentCloud" that
// is a host, package path, namespace or Terraform type, or a tccli command), or -1. The SDK's
// exception names (TencentCloudSDKError) do not count: they are on every SDK error line and
// name no product. It runs on every line, so it hops between the letters 'l' of the line, which
// is rarer in logs and JSON keys than the 'e' and 't' the spellings start with.
func productTrigger(ln []byte) int {
	for i := 0; i < len(ln); {
		k := bytes.IndexByte(ln[i:], 'l')
		if k < 0 {
			return -1
		}
		l := i + k
		i = l + 1
		// tencentcloud: the 'l' of "cloud", at 8.
		if l >= 8 && l+4 < len(ln) && string(ln[l+1:l+4]) == "oud" && ln[l-1]|0x20 == 'c' && string(ln[l-7:l-1]) == "encent" {
			switch ln[l+4] {
			case '/', '.', '_', '\\', 'a':
				return l - 8
			}
		}
		// "tccli ": the 'l' at 3.
		if l >= 3 && l+2 < len(ln) && string(ln[l-3:l+3]) == "tccli " {
			return l - 3
		}
	}
	return -1
}

// hintAt reads the product named around ln[k], where productTrigger pointed.
func hintAt(ln []byte, k int) (ProductHint, bool) {
	if h, ok := hostAt(ln, k); ok {
		return h, true
	}
	a := max(0, k-64) // a host's service id comes before "tencentcloudapi"
	b := min(len(ln), k+maxHintSpan)
	return FindProductHint(string(ln[a:b]))
}

// hostAt reads an API host ending in the "tencentcloudapi.com" at ln[k] (cvm.tencentcloudapi.com,
// cvm.ap-guangzhou.tencentcloudapi.com) without a regular expression: clients log the host of
// every call, so this is the spelling met most. It answers only for plain hosts, exactly as
// FindProductHint would, and leaves anything unusual to it.
func hostAt(ln []byte, k int) (ProductHint, bool) {
	const domain = "tencentcloudapi.com"
	if k < 2 || ln[k-1] != '.' || !bytes.HasPrefix(ln[k:], []byte(domain)) ||
		k+len(domain) < len(ln) && isIdentByte(ln[k+len(domain)]) {
		return ProductHint{}, false
	}
	a := k - 1
	for a > 0 && (ln[a-1] >= 'a' && ln[a-1] <= 'z' || ln[a-1] >= '0' && ln[a-1] <= '9' || ln[a-1] == '-' || ln[a-1] == '.') {
		a--
	}
	if a > 0 && isIdentByte(ln[a-1]) {
		return ProductHint{}, false
	}
	labels := bytes.Split(ln[a:k-1], []byte("."))
	svc := labels[len(labels)-1] // cvm.tencentcloudapi.com
	if n := len(labels); n >= 2 {
		svc = labels[n-2] // cvm.ap-guangzhou.tencentcloudapi.com
		if len(labels[n-1]) == 0 {
			return ProductHint{}, false
		}
	}
	if len(svc) == 0 || svc[0] < 'a' || svc[0] > 'z' || bytes.IndexByte(svc, '-') >= 0 ||
		string(svc) == "api" || string(svc) == "www" {
		return ProductHint{}, false
	}
	return ProductHint{Service: string(svc), From: "host"}, true
}

// noteProduct remembers the product a line names, if it names one.
func (s *scanner) noteProduct(ln []byte) {
	k := productTrigger(ln)
	if k < 0 {
		return
	}
	if h, ok := hintAt(ln, k); ok {
		s.hint, s.hintLine = h, s.lineNo
	}
}

// hintLive reports whether a product named above still holds for what starts at line.
func (s *scanner) hintLive(line int) bool {
	return s.hint.From != "" && s.hintLine >= line-productWindow
}

// hintWithin reads the lines of a hit that spans lines, seg[start:], for a product: Node's
// console.log prints the stack inside the exception it reads whole.
func (s *scanner) hintWithin(seg []byte, start int) (ProductHint, bool) {
	nl := bytes.IndexByte(seg[start:], '\n')
	if nl < 0 {
		return ProductHint{}, false // one line: noteProduct has read it
	}
	rest := seg[start+nl:]
	if k := productTrigger(rest); k >= 0 {
		return hintAt(rest, k)
	}
	return ProductHint{}, false
}

// maxFrames bounds the stack frames read under an SDK exception for the product.
const maxFrames = 12

// hintBelow reads the stack frames that follow an SDK exception ending at seg[end] ("at
// com.tencentcloudapi.cvm.v20170312.CvmClient...", "File \".../tencentcloud/cvm/..."), for
// the product whose client threw it.
func (s *scanner) hintBelow(seg []byte, end int) (ProductHint, bool) {
	for i := 0; i < maxFrames && s.work > 0; i++ {
		a, b, ok := nextLine(seg, end)
		if !ok {
			break
		}
		end = b
		s.work -= b - a
		t := bytes.TrimLeft(seg[a:b], " \t")
		if !bytes.HasPrefix(t, []byte("at ")) && !bytes.HasPrefix(t, []byte("File ")) && !bytes.HasPrefix(t, []byte("from ")) {
			break
		}
		if k := productTrigger(t); k >= 0 {
			if h, ok := hintAt(t, k); ok {
				return h, true
			}
		}
	}
	return ProductHint{}, false
}
