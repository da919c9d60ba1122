package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/camerr/camerr/policy"
	"github.com/camerr/camerr/render"
)

// maxTerraform is the largest .tf file check reads; configurations are far smaller.
const maxTerraform = 8 << 20

// checkRun is one `camerr check`: the inputs, what was found, and the exit status so far.
type checkRun struct {
	o    *checkOptions
	opts policy.Options

	inputs   []checkInput
	seen     map[string]bool   // files already taken, by cleaned path
	contents map[string][]byte // JSON files read through file(), by cleaned path, after any fix
	refs     map[string]bool   // JSON files some Terraform document reads with file()

	report   render.CheckReport
	problems []string // one-line messages for standard error
	exit     int      // ExitUsage or ExitBadInput when one happened
}

// checkInput is one file to check.
type checkInput struct {
	path  string // as given, or joined to the directory it was found in; "-" is standard input
	named bool   // named on the command line, not found in a directory
	tf    bool
}

func (r *checkRun) fail(code int, msg string) {
	r.problems = append(r.problems, msg)
	// An unreadable file (2) outranks a file that is not a policy (3).
	if r.exit != ExitUsage {
		r.exit = code
	}
}

func (r *checkRun) run() {
	for _, p := range r.o.paths {
		r.collect(p)
	}
	r.report.Single = len(r.inputs) == 1 && r.inputs[0].named && !r.inputs[0].tf
	// Terraform first: its documents say which JSON files they read with file(), and a file
	// read that way is checked as that resource's document, not on its own.
	docs := map[int][]policy.Document{}
	byDir := map[string][]*policy.Document{}
	for i, in := range r.inputs {
		if in.tf {
			ds, ok := r.terraform(in)
			if !ok {
				continue
			}
			docs[i] = ds
			dir := filepath.Dir(in.path)
			for j := range docs[i] {
				byDir[dir] = append(byDir[dir], &docs[i][j])
			}
		}
	}
	// A document that is a tencentcloud_cam_policy_document data source of its own module is
	// checked there, with the type of the resource that uses it.
	used := map[*policy.Document]bool{}
	for _, ds := range byDir {
		for _, d := range ds {
			if d.Uses == "" {
				continue
			}
			for _, data := range ds {
				if data.Address == d.Uses {
					data.Type, data.Terraform = d.Type, d.Terraform
					used[d] = true
				}
			}
		}
	}
	r.refs = map[string]bool{}
	for i, ds := range docs {
		for _, d := range ds {
			if d.File != "" {
				r.refs[filepath.Clean(filepath.Join(filepath.Dir(r.inputs[i].path), d.File))] = true
			}
		}
	}
	for i, in := range r.inputs {
		switch {
		case in.tf:
			for j := range docs[i] {
				if d := &docs[i][j]; !used[d] {
					r.document(in, d)
				}
			}
		case in.path != "-" && r.refs[filepath.Clean(in.path)]:
			// Checked where Terraform reads it.
		default:
			r.json(in)
		}
	}
}

// collect adds the files of one command-line path: a file, standard input, or a directory's
// *.json and *.tf files, hidden directories and .terraform left out.
func (r *checkRun) collect(p string) {
	if p == "-" {
		r.inputs = append(r.inputs, checkInput{path: p, named: true})
		return
	}
	fi, err := os.Stat(p)
	if err != nil {
		r.fail(ExitUsage, fmt.Sprintf("cannot read %q: %v", p, pathErr(err)))
		return
	}
	if !fi.IsDir() {
		r.add(checkInput{path: p, named: true, tf: strings.HasSuffix(p, ".tf")})
		return
	}
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			r.fail(ExitUsage, fmt.Sprintf("cannot read %q: %v", path, pathErr(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != p && (strings.HasPrefix(name, ".") || name == ".terraform") {
				return fs.SkipDir
			}
			return nil
		}
		tf := strings.HasSuffix(name, ".tf")
		if !tf && !strings.HasSuffix(name, ".json") {
			return nil
		}
		// A symbolic link to a file is followed; one to a directory is not (no cycles).
		if d.Type()&fs.ModeSymlink != 0 {
			if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		r.add(checkInput{path: path, tf: tf})
		return nil
	})
	if err != nil {
		r.fail(ExitUsage, fmt.Sprintf("cannot read %q: %v", p, pathErr(err)))
	}
}

func (r *checkRun) add(in checkInput) {
	key := filepath.Clean(in.path)
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	r.inputs = append(r.inputs, in)
}

// pathErr drops the path from a file error; messages name the file themselves.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// read reads at most max+1 bytes of an input: one byte over is enough to know it is too big.
func (r *checkRun) read(in checkInput, max int) ([]byte, bool) {
	var f io.Reader
	if in.path == "-" {
		if r.o.io.InTTY {
			fmt.Fprintf(r.o.io.ErrOut, "camerr: reading a policy document from standard input; paste it, then press Ctrl-D\n")
		}
		f = r.o.io.In
	} else {
		file, err := os.Open(in.path)
		if err != nil {
			r.fail(ExitUsage, fmt.Sprintf("cannot read %q: %v", in.path, pathErr(err)))
			return nil, false
		}
		defer file.Close()
		f = file
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		r.fail(ExitUsage, fmt.Sprintf("cannot read %q: %v", in.path, pathErr(err)))
		return nil, false
	}
	r.report.Files++
	return data, true
}

// json checks a JSON file or standard input.
func (r *checkRun) json(in checkInput) {
	doc, ok := r.read(in, policy.MaxInput)
	if !ok {
		return
	}
	if !in.named && len(doc) > policy.MaxInput {
		r.report.Files--
		r.report.Skipped++ // far too big for a policy: some other JSON
		return
	}
	findings, err := policy.Check(doc, r.opts)
	if err != nil {
		var np *policy.NotPolicyError
		errors.As(err, &np)
		switch {
		case in.named:
			name := in.path
			if name == "-" {
				name = "<stdin>"
			}
			r.fail(ExitBadInput, fmt.Sprintf("%s: %v", name, err))
		case mentionsStatement(doc):
			// A policy with a syntax error, found in a directory: an error of the run.
			r.report.Documents = append(r.report.Documents, render.CheckDocument{File: in.path, Findings: []policy.Finding{notPolicy(np)}})
		default:
			r.report.Files--
			r.report.Skipped++
		}
		return
	}
	if !hasStatement(findings) {
		if !in.named {
			r.report.Files--
			r.report.Skipped++ // some other JSON: package.json, a tsconfig
			return
		}
	} else if r.o.fix {
		findings = r.fixFile(in.path, doc, r.opts, findings)
	}
	r.report.Documents = append(r.report.Documents, render.CheckDocument{File: in.path, Findings: findings})
}

// terraform reads a .tf file and returns its documents.
func (r *checkRun) terraform(in checkInput) ([]policy.Document, bool) {
	src, ok := r.read(in, maxTerraform)
	if !ok {
		return nil, false
	}
	if len(src) > maxTerraform {
		r.fileProblem(in, &policy.NotPolicyError{Line: 1, Column: 1, Format: "HCL", Reason: fmt.Sprintf("the file is larger than %d MiB", maxTerraform>>20)})
		return nil, false
	}
	docs, err := policy.Terraform(src, in.path)
	if err != nil {
		var np *policy.NotPolicyError
		errors.As(err, &np)
		r.fileProblem(in, np)
		return nil, false
	}
	return docs, true
}

// fileProblem reports a file that cannot be read as intended: on standard error with exit 3
// when it was named, as an error of the run when it was found in a directory.
func (r *checkRun) fileProblem(in checkInput, np *policy.NotPolicyError) {
	if in.named {
		r.fail(ExitBadInput, fmt.Sprintf("%s: %v", in.path, np))
		return
	}
	r.report.Documents = append(r.report.Documents, render.CheckDocument{File: in.path, Findings: []policy.Finding{notPolicy(np)}})
}

// document checks one document of a Terraform file.
func (r *checkRun) document(in checkInput, d *policy.Document) {
	out := render.CheckDocument{File: in.path, Address: d.Address}
	opts := r.opts
	opts.Type, opts.Terraform = d.Type, d.Terraform
	// The request parameters of the flags belong to the JSON documents named; a resource
	// has its own name and description.
	opts.PolicyName, opts.RoleName, opts.Description = nil, nil, nil
	switch {
	case d.Unchecked != "":
		out.Findings = []policy.Finding{{Severity: policy.SeverityNote, Line: d.Line, Column: d.Column,
			Message: "not checked: " + d.Unchecked,
			Hint:    "check the rendered policy instead (terraform show -json), or write the document with literal values"}}
	case d.File != "":
		r.fileDocument(in, d, opts)
		return
	default:
		findings, err := d.Check(opts)
		if err != nil {
			var np *policy.NotPolicyError
			errors.As(err, &np)
			findings = []policy.Finding{notPolicy(np)}
		}
		out.Findings = findings
	}
	r.report.Documents = append(r.report.Documents, out)
}

// fileDocument checks the JSON file a Terraform document reads with file(...), as that
// resource's document: findings point into the JSON file and carry the resource's address.
func (r *checkRun) fileDocument(in checkInput, d *policy.Document, opts policy.Options) {
	path := filepath.Clean(filepath.Join(filepath.Dir(in.path), d.File))
	out := render.CheckDocument{File: path, Address: d.Address}
	doc, ok := r.contents[path]
	if !ok {
		data, err := os.ReadFile(path)
		if err != nil {
			out.File = in.path
			out.Findings = []policy.Finding{{Severity: policy.SeverityError, Line: d.Line, Column: d.Column,
				Message: fmt.Sprintf("file(%q): %v, so Terraform cannot read the document", d.File, pathErr(err)),
				Hint:    "create the file, or correct its path (it is relative to the .tf file's directory)"}}
			r.report.Documents = append(r.report.Documents, out)
			return
		}
		doc = data
		if !r.seen[path] {
			r.seen[path] = true
			r.report.Files++
		}
	}
	findings, err := policy.Check(doc, opts)
	if err != nil {
		var np *policy.NotPolicyError
		errors.As(err, &np)
		out.Findings = []policy.Finding{notPolicy(np)}
	} else {
		if r.o.fix {
			findings = r.fixFile(path, doc, opts, findings)
			doc = r.contents[path]
		}
		out.Findings = findings
	}
	r.contents[path] = doc
	r.report.Documents = append(r.report.Documents, out)
}

// fixFile rewrites the file at path with policy.Fix, writes it back in place and returns the
// findings of the fixed document.
func (r *checkRun) fixFile(path string, doc []byte, opts policy.Options, findings []policy.Finding) []policy.Finding {
	fixed, changes, err := policy.Fix(doc, opts)
	if err != nil || len(changes) == 0 {
		r.contents[path] = doc
		return findings
	}
	if err := writeInPlace(path, fixed); err != nil {
		r.fail(ExitUsage, fmt.Sprintf("cannot write %q: %v", path, pathErr(err)))
		r.contents[path] = doc
		return findings
	}
	r.contents[path] = fixed
	for _, c := range changes {
		r.report.Fixed = append(r.report.Fixed, render.CheckFix{File: path, Line: c.Line, Column: c.Column, Message: c.Message})
	}
	after, err := policy.Check(fixed, opts)
	if err != nil {
		return findings
	}
	return after
}

// writeInPlace replaces the file's content through a temporary file in the same directory and
// a rename, so that a crash leaves the old file or the new one, never half of one. The file
// keeps its permissions; a symbolic link is followed and stays a link.
func writeInPlace(path string, data []byte) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	fi, err := os.Stat(real)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".camerr-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), real)
}

// notPolicy is the error finding for a document that cannot be read as a policy.
func notPolicy(np *policy.NotPolicyError) policy.Finding {
	if np == nil {
		np = &policy.NotPolicyError{Line: 1, Column: 1, Reason: "unreadable"}
	}
	what := "not a policy document"
	if np.Format == "HCL" {
		what = "not valid Terraform (HCL)"
	}
	return policy.Finding{Severity: policy.SeverityError, Line: np.Line, Column: np.Column,
		Message: what + ": " + np.Reason,
		Hint:    "fix the syntax at this place; CAM reads only a JSON object"}
}

// hasStatement reports whether a checked document has a statement element in any case: a
// JSON file found in a directory without one is some other JSON, not a policy.
func hasStatement(findings []policy.Finding) bool {
	for _, f := range findings {
		if f.CodeDesc == "MissingParameter.statement" && f.Path == "" {
			return false
		}
	}
	return true
}

// mentionsStatement reports whether text that is not valid JSON looks like a policy.
func mentionsStatement(doc []byte) bool {
	return bytes.Contains(bytes.ToLower(doc), []byte(`"statement"`))
}
