package cmd

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// defaultPager is what long output goes through on a terminal when neither CAMERR_PAGER nor
// PAGER says otherwise: less, quitting at once when everything fits on one screen (-F), passing
// colours through (-R) and leaving the output on the screen (-X), as git and gh do.
const defaultPager = "less -FRX"

// pagerCommand is the pager to use: CAMERR_PAGER, else PAGER, else less -FRX. "" or "cat" means
// none.
func (s *IOStreams) pagerCommand() string {
	for _, k := range []string{"CAMERR_PAGER", "PAGER"} {
		if v, ok := s.lookupEnv(k); ok {
			return strings.TrimSpace(v)
		}
	}
	return defaultPager
}

func (s *IOStreams) lookupEnv(k string) (string, bool) {
	v := s.Getenv(k)
	return v, v != ""
}

// startPager sends Out through the pager while a command writes long output to a terminal, and
// returns the function that waits for it. Nothing changes when Out is not a terminal, when
// --no-pager is given, or when the pager is "cat" or cannot be started (then camerr says so once
// and writes directly).
func (s *IOStreams) startPager(noPager bool) (stop func()) {
	cmdline := s.pagerCommand()
	if noPager || !s.OutTTY || cmdline == "" || cmdline == "cat" {
		return func() {}
	}
	// Split on white space, as gh does, rather than running a shell: a pager that is not there
	// is then known before anything is written to it.
	args := strings.Fields(cmdline)
	path, err := exec.LookPath(args[0])
	if err != nil {
		fmt.Fprintf(s.ErrOut, "camerr: the pager %q could not start (%v); writing directly\n", cmdline, err)
		return func() {}
	}
	c := exec.Command(path, args[1:]...)
	c.Stdout = s.Out
	c.Stderr = s.ErrOut
	c.Env = append(os.Environ(), "LESS=FRX", "LV=-c")
	in, err := c.StdinPipe()
	if err == nil {
		err = c.Start()
	}
	if err != nil {
		fmt.Fprintf(s.ErrOut, "camerr: the pager %q could not start (%v); writing directly\n", cmdline, err)
		return func() {}
	}
	out := s.Out
	s.Out = &pagerWriter{w: in}
	return func() {
		in.Close()
		_ = c.Wait()
		s.Out = out
	}
}

// pagerWriter hides the error of writing to a pager the user has already quit: leaving less
// early is not a failure of the command.
type pagerWriter struct {
	w      io.Writer
	closed bool
}

func (p *pagerWriter) Write(b []byte) (int, error) {
	if p.closed {
		return len(b), nil
	}
	if _, err := p.w.Write(b); err != nil {
		p.closed = true
	}
	return len(b), nil
}
