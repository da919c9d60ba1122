package cmd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// openInput opens a named input: "-" is standard input. When standard input is a terminal,
// a one-line hint on stderr says camerr is waiting for a paste, so it never looks hung.
// Errors are usage errors (exit 2) that name the file.
func openInput(s *IOStreams, name, what string) (io.ReadCloser, error) {
	if name == "-" {
		if s.InTTY {
			fmt.Fprintf(s.ErrOut, "camerr: reading %s from standard input; paste it, then press Ctrl-D\n", what)
		}
		return io.NopCloser(s.In), nil
	}
	f, err := os.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("cannot read %q: %v", name, err)}
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("cannot read %q: it is a directory", name)}
	}
	return f, nil
}
