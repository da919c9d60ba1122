package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testscript files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"camerr": func() { os.Exit(Main(os.Args[1:], System())) },
	})
}

// bashCompletion is the bash-completion package's entry script.
const bashCompletion = "/usr/share/bash-completion/bash_completion"

// TestScripts runs every testdata/script/*.txtar against the real camerr binary.
func TestScripts(t *testing.T) {
	completions, err := filepath.Abs("../completions")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("COMPLETIONS", completions)
			// Terminal runs (script(1)) would otherwise wait in less for a key press;
			// pager.txtar sets its own.
			env.Setenv("CAMERR_PAGER", "cat")
			// A search query longer than any text of the catalog (search.txtar).
			env.Setenv("LONGQUERY", strings.Repeat("a.", 700))
			return nil
		},
		// [bash-completion]: the Debian package a sourced bash completion script needs; tests
		// that need it skip and say what to install where it is missing.
		Condition: func(cond string) (bool, error) {
			if cond != "bash-completion" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			_, err := os.Stat(bashCompletion)
			return err == nil, nil
		},
	})
}

// run calls Main as a pipe would, with the environment given as KEY=VALUE pairs.
func run(t *testing.T, tty bool, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	io := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, OutTTY: tty, Getenv: func(k string) string { return vars[k] }}
	code = Main(args, io)
	return out.String(), errOut.String(), code
}

// TestCompletionScriptsInSync fails when completions/ is not what `camerr completion` prints.
func TestCompletionScriptsInSync(t *testing.T) {
	for shell, file := range map[string]string{"bash": "camerr.bash", "zsh": "_camerr", "fish": "camerr.fish", "powershell": "camerr.ps1"} {
		got, _, code := run(t, false, nil, "completion", shell)
		if code != 0 {
			t.Fatalf("completion %s exited %d", shell, code)
		}
		want, err := os.ReadFile(filepath.Join("..", "completions", file))
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("completions/%s is out of date: run go generate ./completions", file)
		}
	}
}

// TestJSONFields checks the -o json objects carry the documented field names, with empty
// optional fields omitted and description and action always present.
func TestJSONFields(t *testing.T) {
	out, _, code := run(t, false, nil, "lookup", "4500", "InternalError", "AuthFailure.SignatureExpire", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var entries []map[string]any
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	byID := map[string]map[string]any{}
	for _, e := range entries {
		byID[e["api"].(string)+" "+e["id"].(string)+" "+str(e["service"])] = e
		for _, k := range []string{"api", "id", "description", "action", "source"} {
			if _, ok := e[k]; !ok {
				t.Errorf("%v lacks %q", e["id"], k)
			}
		}
		for k, v := range e {
			if (v == "" || v == nil) && k != "action" {
				t.Errorf("%v has empty field %q", e["id"], k)
			}
		}
	}
	c := byID["v2 4500 "]
	if c["kind"] != "common" || c["code"] != float64(4500) || c["title"] != "Replay attack" || c["note"] == nil {
		t.Errorf("4500 = %v", c)
	}
	m := byID["v2 InternalError "]
	if m["kind"] != "modular" || m["codeDesc"] != "InternalError" || m["code"] != float64(5100) || m["action"] != "" {
		t.Errorf("v2 InternalError = %v", m)
	}
	v3 := byID["v3 AuthFailure.SignatureExpire common"]
	if v3["errorCode"] != "AuthFailure.SignatureExpire" || v3["kind"] != nil {
		t.Errorf("v3 AuthFailure.SignatureExpire = %v", v3)
	}
	rel, _ := v3["related"].([]any)
	if len(rel) == 0 {
		t.Fatalf("AuthFailure.SignatureExpire has no related codes")
	}
	r := rel[0].(map[string]any)
	if _, ok := r["inferred"]; !ok || r["api"] == nil || r["id"] == nil {
		t.Errorf("related entry %v lacks api, id or inferred", r)
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// TestColorDecision checks the one place that decides on colour.
func TestColorDecision(t *testing.T) {
	for _, tc := range []struct {
		mode string
		tty  bool
		env  map[string]string
		want bool
	}{
		{ColorAuto, true, nil, true},
		{ColorAuto, false, nil, false},
		{ColorAuto, true, map[string]string{"NO_COLOR": "1"}, false},
		{ColorAuto, true, map[string]string{"NO_COLOR": ""}, true},
		{ColorAuto, true, map[string]string{"TERM": "dumb"}, false},
		{ColorAuto, false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{ColorAuto, false, map[string]string{"CLICOLOR_FORCE": "0"}, false},
		{ColorAuto, false, map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, false},
		{ColorAlways, false, map[string]string{"NO_COLOR": "1"}, true},
		{ColorNever, true, nil, false},
	} {
		s := &IOStreams{OutTTY: tc.tty, Getenv: func(k string) string { return tc.env[k] }}
		if got := s.ColorEnabled(tc.mode); got != tc.want {
			t.Errorf("ColorEnabled(%s, tty=%v, %v) = %v, want %v", tc.mode, tc.tty, tc.env, got, tc.want)
		}
	}
}

func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		columns string
		term    int
		want    int
	}{{"", 0, 80}, {"120", 0, 120}, {"", 100, 100}, {"60", 100, 60}, {"junk", 0, 80}, {"-5", 0, 80}} {
		s := &IOStreams{TermWidth: tc.term, Getenv: func(k string) string {
			if k == "COLUMNS" {
				return tc.columns
			}
			return ""
		}}
		if got := s.Width(); got != tc.want {
			t.Errorf("Width(COLUMNS=%q, term %d) = %d, want %d", tc.columns, tc.term, got, tc.want)
		}
	}
}

// runStdin is run with standard input.
func runStdin(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	io := &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }}
	code = Main(args, io)
	return out.String(), errOut.String(), code
}

// TestCheckHostileInput feeds check what a hostile or careless paste looks like: each gets a
// clear outcome and its documented exit code, and an error is one line.
func TestCheckHostileInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input string
		code  int
	}{
		{"empty", "", ExitBadInput},
		{"binary", "\x00\x01\x02\xff\xfe\x00ELF", ExitBadInput},
		{"invalid utf-8 in a string", `{"version":"2.0","statement":{"effect":"` + "\xff" + `"}}`, ExitBadInput},
		{"deep nesting", strings.Repeat("[", 100000), ExitBadInput},
		{"deep object nesting", strings.Repeat(`{"a":`, 100000), ExitBadInput},
		{"truncated", `{"version":"2.0","statement":[{"effect":"allow"`, ExitBadInput},
		{"huge", `{"version":"2.0","x":"` + strings.Repeat("a", 3<<20) + `"}`, ExitNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runStdin(t, tc.input, "check")
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tc.code, stderr)
			}
			if code == ExitBadInput && (strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "camerr: <stdin>: not a policy document")) {
				t.Errorf("stderr = %q, want one camerr line", stderr)
			}
			if strings.ContainsAny(stderr, "\x00\x1b") {
				t.Errorf("raw control character on stderr: %q", stderr)
			}
		})
	}
}

// repeatReader yields n bytes of b repeated, without holding them: a 200 MB line costs nothing.
type repeatReader struct {
	b []byte
	n int64
	i int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && int64(k) < r.n {
		p[k] = r.b[r.i%len(r.b)]
		r.i++
		k++
	}
	r.n -= int64(k)
	return k, nil
}

// TestExplainHostileInput checks explain's outcome and exit code on input built to hurt.
func TestExplainHostileInput(t *testing.T) {
	response := `{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}` + "\n"
	for _, tc := range []struct {
		name   string
		in     io.Reader
		code   int
		stderr string
	}{
		{"empty", strings.NewReader(""), ExitNotFound, "no Tencent Cloud error found"},
		{"binary", strings.NewReader("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00" + strings.Repeat("\x00\x01\x02", 1000)), ExitBadInput, "binary"},
		{"deep nesting", strings.NewReader(strings.Repeat("[", 100000) + "\n" + response), ExitOK, ""},
		{"deep object", strings.NewReader(strings.Repeat(`{"Response":`, 100000) + "\n" + response), ExitOK, ""},
		{"truncated json", strings.NewReader(`{"Response":{"Error":{"Code":"InternalError","Mess`), ExitOK, ""},
		{"invalid utf-8", strings.NewReader(`{"Response":{"Error":{"Code":"InternalError","Message":"bad ` + "\xff\xfe" + `"},"RequestId":"r"}}`), ExitOK, "not UTF-8"},
		{"200 MB line then a response", io.MultiReader(&repeatReader{b: []byte("abcdefgh "), n: 200 << 20}, strings.NewReader("\n"+response)), ExitOK, "skipped 1 record"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			s := &IOStreams{In: tc.in, Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }}
			code := Main([]string{"explain"}, s)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tc.code, errOut.String())
			}
			if !strings.Contains(errOut.String(), tc.stderr) {
				t.Errorf("stderr %q, want it to mention %q", errOut.String(), tc.stderr)
			}
			if strings.ContainsAny(out.String()+errOut.String(), "\x00\x1b") {
				t.Error("raw control character in the output")
			}
		})
	}
}

// TestExplainTerminalHint checks a terminal on standard input gets a one-line hint, so camerr
// never looks hung waiting for a paste.
func TestExplainTerminalHint(t *testing.T) {
	var out, errOut bytes.Buffer
	s := &IOStreams{In: strings.NewReader("[TencentCloudSDKError] Code=InternalError, Message=m, RequestId=r\n"), InTTY: true, Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }}
	if code := Main([]string{"explain"}, s); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if got := errOut.String(); got != "camerr: reading text to explain from standard input; paste it, then press Ctrl-D\n" {
		t.Errorf("stderr = %q", got)
	}
}

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// TestExplainOutputError checks a failed write stops explain with an output error, not a
// complaint about the input.
func TestExplainOutputError(t *testing.T) {
	in := strings.Repeat(`{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}`+"\n", 5000)
	for _, args := range [][]string{{"explain", "-o", "json"}, {"explain"}} {
		var errOut bytes.Buffer
		s := &IOStreams{In: strings.NewReader(in), Out: brokenWriter{}, ErrOut: &errOut, Getenv: func(string) string { return "" }}
		code := Main(args, s)
		if code != ExitUsage || errOut.String() != "camerr: cannot write the output: broken pipe\n" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// TestHostileArguments checks words typed (or pasted) on the command line never reach the
// terminal raw, whichever error echoes them.
func TestHostileArguments(t *testing.T) {
	for _, args := range [][]string{
		{"lookup", "a\x1b[31mb"},
		{"lookup", "--a\x1b[2J", "4500"},
		{"search", "\x1b]0;zzqqxxvv\x07"},
		{"frob\x1b[31m"},
		{"check", "no\x1bsuch.json"},
		{"explain", "no\u202esuch.log"},
		{"lookup", "4500", "--output", "j\x1bson"},
	} {
		_, stderr, code := run(t, false, nil, args...)
		if code == 0 || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q; want an error", args, code, stderr)
		}
		if strings.ContainsAny(stderr, "\x1b\x07\u202e") {
			t.Errorf("%q: raw control character on stderr: %q", args, stderr)
		}
	}
}

// TestREADMEExamples runs the README's console examples that need no file or pipe and checks
// they still print what the README shows.
func TestREADMEExamples(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The examples run where their files are, as a reader would run them.
	t.Chdir("../examples")
	blocks := strings.Split(string(readme), "```console\n")[1:]
	checked := 0
	for _, block := range blocks {
		block, _, _ = strings.Cut(block, "```")
		if strings.Contains(block, "╭") { // drawn on a terminal
			continue
		}
		for _, ex := range strings.Split(block, "$ ")[1:] {
			cmdline, want, _ := strings.Cut(ex, "\n")
			if strings.HasPrefix(cmdline, "camerr version") {
				continue // the version and revision differ from build to build
			}
			// "| head -N" keeps the first N lines; no other shell syntax is used.
			head := -1
			if c, n, ok := strings.Cut(cmdline, " | head -"); ok {
				cmdline = c
				if head, err = strconv.Atoi(n); err != nil {
					t.Fatalf("README example %q: bad head", cmdline)
				}
			}
			if strings.ContainsAny(cmdline, "|<>") {
				t.Fatalf("README example %q uses shell syntax the test cannot run", cmdline)
			}
			stdout, stderr, _ := run(t, false, nil, strings.Fields(cmdline)[1:]...)
			got := stdout + stderr
			if head >= 0 {
				lines := strings.SplitAfter(stdout, "\n")
				got = strings.Join(lines[:min(head, len(lines))], "")
			}
			if got != want {
				t.Errorf("README example %q prints:\n%s\nREADME shows:\n%s", cmdline, got, want)
			}
			checked++
		}
	}
	if checked < 10 {
		t.Errorf("checked %d README examples, want at least 10", checked)
	}
}
