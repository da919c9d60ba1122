//go:build linux

package cmd

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/camerr/camerr/bench/explain/loggen"
)

// The README promises that explain never hangs and stays within 64 MiB whatever its input.
// TestExplainHostile holds the real binary to that: each case generates its input as it is read
// (nothing large is stored), runs `camerr explain` under /usr/bin/time at GOMAXPROCS 1, 2 and
// 16, and checks it finishes within a bound and peaks within 64 MiB.

// peakLimit is the README's promise.
const peakLimit = 64 << 20

// lines is an input of n lines made by line(i) as they are read.
type lines struct {
	n    int
	line func(i int) []byte
	i    int
	cur  []byte
}

func (r *lines) Read(p []byte) (int, error) {
	k := 0
	for k < len(p) { // fill p: a write to camerr's standard input per line would be slow
		if len(r.cur) == 0 {
			if r.i >= r.n {
				break
			}
			r.cur = r.line(r.i)
			r.i++
		}
		c := copy(p[k:], r.cur)
		r.cur = r.cur[c:]
		k += c
	}
	if k == 0 {
		return 0, io.EOF
	}
	return k, nil
}

// repeated is one line of unit repeated to about size bytes.
func repeated(unit string, size int) []byte {
	return append(bytes.Repeat([]byte(unit), size/len(unit)), '\n')
}

const v3Error = `{"Response":{"Error":{"Code":"AuthFailure","Message":"m"}}}`

type hostileCase struct {
	name  string
	args  []string
	env   []string
	input func() io.Reader
	limit time.Duration // a bound far above the expected time, far below a hang
	check func(t *testing.T, stdout *outputCheck, stderr string)
}

func hostileCases() []hostileCase {
	long := repeated("a", 1100000)
	line16 := repeated(v3Error, 16<<20-1)
	invisible := "c1\u0085\u009b del\x7f bidi\u202e\u2066 zw\u200b\u200c\u200d\u2060\ufeff soft\u00ad tag\U000E0001\U000E0041\U000E007F"
	return []hostileCase{{
		// 110 MB: the first parallel scanner deadlocked on a handful of lines over a block.
		name: "long lines", args: []string{"explain"},
		input: func() io.Reader {
			return &lines{n: 101, line: func(i int) []byte {
				if i == 100 {
					return []byte(v3Error + "\n")
				}
				return long
			}}
		},
		limit: 120 * time.Second,
		check: func(t *testing.T, out *outputCheck, _ string) {
			if !strings.HasPrefix(out.head.String(), "<stdin>:101: AuthFailure\n") {
				t.Errorf("stdout %q", out.head.String())
			}
		},
	}, {
		// A 16 MB line of 280,000 responses: quadratic once (two minutes), now linear.
		name: "line of responses", args: []string{"explain", "--summary"},
		input: func() io.Reader { return bytes.NewReader(line16) },
		limit: 20 * time.Second,
		check: func(t *testing.T, out *outputCheck, _ string) {
			if want := fmt.Sprintf("%d\tv3\tAuthFailure\ttrue\n", (16<<20-1)/len(v3Error)); out.head.String() != want {
				t.Errorf("stdout %q, want %q", out.head.String(), want)
			}
		},
	}, {
		// 80 MB in five 16 MB lines of responses: memory followed the number of long lines.
		name: "16 MB lines", args: []string{"explain", "-o", "json", "--summary"},
		input: func() io.Reader { return &lines{n: 5, line: func(int) []byte { return line16 }} },
		limit: 120 * time.Second,
		check: wantLines(1),
	}, {
		// 300,000 distinct codes: --summary counts 100,000 of them one by one.
		name: "distinct codes summary", args: []string{"explain", "--summary"},
		input: func() io.Reader {
			return &lines{n: 300000, line: func(i int) []byte {
				return fmt.Appendf(nil, `{"Response":{"Error":{"Code":"Hostile.Code%d","Message":"m"}}}`+"\n", i)
			}}
		},
		limit: 120 * time.Second,
		check: func(t *testing.T, out *outputCheck, stderr string) {
			if out.lines != 100001 || !strings.Contains(stderr, `counted together as "(other codes)"`) {
				t.Errorf("%d lines, stderr %q", out.lines, stderr)
			}
		},
	}, {
		// 300,000 distinct codes, each explained: the caches keyed by code stay small.
		name: "distinct codes json", args: []string{"explain", "-o", "json"},
		input: func() io.Reader {
			return &lines{n: 300000, line: func(i int) []byte {
				return fmt.Appendf(nil, "[TencentCloudSDKError] Code=Hostile.Code%d, Message=m, RequestId=r%d\n", i, i)
			}}
		},
		limit: 120 * time.Second,
		check: wantLines(300000),
	}, {
		// Known codes in free text, each with its own dotted suffix. (Most of the time goes to
		// the catalog resolving each new code to its parent.)
		name: "free text", args: []string{"explain", "-o", "json"},
		input: func() io.Reader {
			return &lines{n: 100000, line: func(i int) []byte {
				return fmt.Appendf(nil, "error InvalidParameter.Foo%d happened\n", i)
			}}
		},
		limit: 120 * time.Second,
		check: wantLines(100000),
	}, {
		// 70 MB of the benchmark log, every response explained: memory followed the core count.
		name: "log json", args: []string{"explain", "-o", "json"},
		input: func() io.Reader { return logReader(70 << 20) },
		limit: 120 * time.Second,
	}, {
		// A 40 MB pretty-printed document: one body open for 16 MB, then skipped.
		name: "pretty document", args: []string{"explain", "--summary"},
		input: func() io.Reader {
			return &lines{n: 1000002, line: func(i int) []byte {
				switch i {
				case 0:
					return []byte("{\n")
				case 1000001:
					return []byte("}\n" + v3Error + "\n")
				}
				return fmt.Appendf(nil, "  \"key%d\": \"a value of some length for the key\",\n", i)
			}}
		},
		limit: 120 * time.Second,
		check: func(t *testing.T, out *outputCheck, stderr string) {
			if out.head.String() != "1\tv3\tAuthFailure\ttrue\n" || !strings.Contains(stderr, "skipped 1 record") {
				t.Errorf("stdout %q, stderr %q", out.head.String(), stderr)
			}
		},
	}, {
		// On a terminal: 10 MB of the log costs about what it costs on a pipe.
		name: "terminal", args: []string{"explain"}, env: []string{"CAMERR_FORCE_TTY=1", "COLUMNS=100"},
		input: func() io.Reader { return logReader(10 << 20) },
		limit: 10 * time.Second,
		check: func(t *testing.T, _ *outputCheck, stderr string) {
			if !strings.Contains(stderr, "the rest are shown as on a pipe") {
				t.Errorf("stderr %q", stderr)
			}
		},
	}, {
		// Invisible characters in every field, in each output mode: none comes out raw.
		name: "invisible characters", args: []string{"explain", "-o", "json"},
		input: func() io.Reader { return invisibleInput(invisible) },
		limit: 10 * time.Second, check: wantLines(3),
	}, {
		name: "invisible characters summary", args: []string{"explain", "--summary", "-o", "json"},
		input: func() io.Reader { return invisibleInput(invisible) },
		limit: 10 * time.Second, check: wantLines(1),
	}, {
		name: "invisible characters text", args: []string{"explain"},
		input: func() io.Reader { return invisibleInput(invisible) },
		limit: 10 * time.Second,
	}, {
		name: "invisible characters terminal", args: []string{"explain"}, env: []string{"CAMERR_FORCE_TTY=1"},
		input: func() io.Reader { return invisibleInput(invisible) },
		limit: 10 * time.Second,
	}}
}

// invisibleInput puts s in the code, message and request id of responses of three forms.
func invisibleInput(s string) io.Reader {
	q := strings.ReplaceAll(s, "\x7f", `\u007f`)
	return strings.NewReader(fmt.Sprintf(`{"Response":{"Error":{"Code":"Auth%sFailure","Message":"%s"},"RequestId":"r%s"}}`, q, q, q) + "\n" +
		fmt.Sprintf("[TencentCloudSDKError] Code=InternalError, Message=%s, RequestId=r-1\n", s) +
		fmt.Sprintf("you are not authorized to perform operation (cvm:Stop%s) resource (qcs::cvm:%s) has no permission\n", s, s))
}

// logReader is size bytes of the benchmark log, made as it is read.
func logReader(size int64) io.Reader {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(loggen.Write(pw, size, 1)) }()
	return pr
}

func wantLines(n int) func(*testing.T, *outputCheck, string) {
	return func(t *testing.T, out *outputCheck, _ string) {
		if out.lines != n {
			t.Errorf("%d lines of output, want %d", out.lines, n)
		}
	}
}

// outputCheck reads the output as it comes: it counts lines, keeps the first few KB, and notes
// any invisible character written raw.
type outputCheck struct {
	lines int
	head  bytes.Buffer
	raw   []rune
}

func (c *outputCheck) read(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			c.lines++
		}
		if c.head.Len() < 4096 {
			c.head.Write(line)
		}
		if len(c.raw) < 10 {
			for _, r := range string(line) {
				// ESC starts the colour sequences of terminal output; the input's own are
				// escaped (shown as ^[), which the text tests check.
				if r != '\n' && r != '\t' && r != 0x1b && (unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) || r >= 0xe0000 && r <= 0xe0fff) {
					c.raw = append(c.raw, r)
				}
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
	}
}

// camerrBinary builds camerr once, static as the README's install line builds it.
var camerrBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "camerr-hostile")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "camerr")
	build := exec.Command("go", "build", "-o", bin, "github.com/camerr/camerr")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func TestExplainHostile(t *testing.T) {
	const timeBin = "/usr/bin/time"
	if _, err := os.Stat(timeBin); err != nil {
		t.Skip("measuring peak memory needs GNU time at /usr/bin/time: apt-get install time")
	}
	if testing.Short() {
		t.Skip("runs camerr on about 1.5 GB of generated input")
	}
	if raceEnabled {
		// The binary under test is built without the race detector either way; under it only
		// the input generator slows down, by five times. CI runs this test without -race.
		t.Skip("measures a binary built without -race; run without -race")
	}
	bin, err := camerrBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range hostileCases() {
		for _, procs := range []int{1, 2, 16} {
			t.Run(fmt.Sprintf("%s/GOMAXPROCS=%d", tc.name, procs), func(t *testing.T) {
				peak, took := runHostile(t, timeBin, bin, tc, procs)
				t.Logf("%.2fs, peak %d MiB", took.Seconds(), peak>>20)
				if peak > peakLimit {
					t.Errorf("peak memory %d MiB, promised at most %d MiB", peak>>20, peakLimit>>20)
				}
				if took > tc.limit {
					t.Errorf("took %v, bound %v", took, tc.limit)
				}
			})
		}
	}
}

// runHostile runs camerr on the case's input and returns its peak memory (maximum resident set
// size) and how long it took. A run that does not finish well within the bound is killed.
func runHostile(t *testing.T, timeBin, bin string, tc hostileCase, procs int) (peak int64, took time.Duration) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "time")
	ctx, cancel := context.WithTimeout(context.Background(), 3*tc.limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, timeBin, append([]string{"-f", "%M", "-o", report, bin}, tc.args...)...)
	// Killing time(1) would leave camerr running: kill the process group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.Env = append(os.Environ(), append([]string{"GOMAXPROCS=" + strconv.Itoa(procs), "NO_COLOR="}, tc.env...)...)
	cmd.Stdin = tc.input()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out outputCheck
	readErr := out.read(stdout)
	err = cmd.Wait()
	took = time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("killed after %v: it hangs, or is far too slow", took)
	}
	if readErr != nil {
		t.Fatal(readErr)
	}
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, stderr.String())
	}
	if len(out.raw) > 0 {
		t.Errorf("invisible characters written raw: %U", out.raw)
	}
	if tc.check != nil {
		tc.check(t, &out, stderr.String())
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	kib, err := strconv.ParseInt(f[len(f)-1], 10, 64)
	if err != nil {
		t.Fatalf("time(1) wrote %q", b)
	}
	return kib << 10, took
}
