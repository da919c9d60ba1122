package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// This file finds the CAM policy documents of a Terraform configuration
// (hashicorp/hcl/v2 parses it) and keeps, for each, a map from offsets in
// the JSON it checks back to the .tf source, so that a finding points at
// the value as written in Terraform.

// Document is one policy document found in a file.
type Document struct {
	// Address is the Terraform address ("tencentcloud_cam_policy.ops",
	// "data.tencentcloud_cam_policy_document.ops").
	Address string
	// Type is Trust for a role's document, else Permission.
	Type Type
	// Terraform is the provider's own check the document goes through.
	Terraform TerraformCheck
	// Line and Column are where the document is written in the file.
	Line, Column int
	// Body is the JSON to check: the string as Terraform would send it, or
	// the JSON jsonencode or the data source would render. Nil when File
	// or Unchecked is set.
	Body []byte
	// File is the path given to file(...) ("policy.json", relative to the
	// .tf file's directory), to be read and checked by the caller.
	File string
	// Unchecked says why the document cannot be checked offline ("depends
	// on var.bucket"); Line and Column then point at the reason.
	Unchecked string
	// Uses is the address of the tencentcloud_cam_policy_document data
	// source whose JSON this document is, when it is one; Unchecked is set
	// too, for a caller that cannot find that data source.
	Uses string

	src   []byte
	lines []int  // byte offsets of line starts in src
	marks []mark // Body offsets to src offsets, sorted by at
}

// mark says that the JSON from at on was written at src in the .tf file.
type mark struct{ at, src int }

// MaxTerraformDepth bounds the nesting of brackets in a .tf file, which the
// HCL parser follows by recursion.
const MaxTerraformDepth = 256

// Resource types whose document attribute is a CAM policy.
var documentResources = map[string]struct {
	typ   Type
	check TerraformCheck
}{
	"tencentcloud_cam_policy":         {Permission, TerraformAlways},
	"tencentcloud_cam_policy_by_name": {Permission, TerraformAlways},
	"tencentcloud_cam_role":           {Trust, TerraformOnUpdate},
	"tencentcloud_cam_role_by_name":   {Trust, TerraformOnUpdate},
}

// PolicyDocumentData is the data source type whose statement blocks make a policy.
const PolicyDocumentData = "tencentcloud_cam_policy_document"

// Terraform finds the CAM policy documents in one Terraform file: the
// document of tencentcloud_cam_policy and tencentcloud_cam_role (and their
// _by_name variants), as a heredoc, a quoted string, jsonencode({...}) of
// literal values or file("x.json"), and tencentcloud_cam_policy_document
// data sources. It returns an error wrapping ErrNotPolicy when src is not
// valid HCL. It never panics.
func Terraform(src []byte, filename string) ([]Document, error) {
	lines := lineStarts(src)
	if off, ok := tooDeep(src); !ok {
		line, col := position(src, lines, off)
		return nil, &NotPolicyError{Line: line, Column: col, Format: "HCL", Reason: fmt.Sprintf("nesting deeper than %d levels", MaxTerraformDepth)}
	}
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		d := diags.Errs()[0].(*hcl.Diagnostic)
		line, col := 1, 1
		if d.Subject != nil {
			line, col = position(src, lines, d.Subject.Start.Byte)
		}
		reason := d.Summary
		if d.Detail != "" {
			reason += ": " + strings.TrimSuffix(d.Detail, ".")
		}
		return nil, &NotPolicyError{Line: line, Column: col, Format: "HCL", Reason: reason}
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, nil
	}
	var docs []Document
	for _, b := range body.Blocks {
		if len(b.Labels) != 2 {
			continue
		}
		switch {
		case b.Type == "resource":
			kind, ok := documentResources[b.Labels[0]]
			attr := b.Body.Attributes["document"]
			if !ok || attr == nil {
				continue
			}
			d := Document{Address: b.Labels[0] + "." + b.Labels[1], Type: kind.typ, Terraform: kind.check, src: src, lines: lines}
			d.fromExpr(attr.Expr)
			docs = append(docs, d)
		case b.Type == "data" && b.Labels[0] == PolicyDocumentData:
			d := Document{Address: "data." + PolicyDocumentData + "." + b.Labels[1], src: src, lines: lines}
			d.fromData(b)
			docs = append(docs, d)
		}
	}
	return docs, nil
}

// Check checks the document's Body like Check, with the document's Type and
// Terraform check; positions are in the .tf file.
func (d *Document) Check(opts Options) ([]Finding, error) {
	opts.Type, opts.Terraform = d.Type, d.Terraform
	c, err := runAt(d.Body, opts, d.locate)
	if err != nil {
		return nil, err
	}
	return c.finish(d.locate), nil
}

// locate maps an offset of Body to a line and column of the .tf file.
func (d *Document) locate(off int) (line, col int) {
	i := sort.Search(len(d.marks), func(i int) bool { return d.marks[i].at > off }) - 1
	if i < 0 {
		return d.Line, d.Column
	}
	return position(d.src, d.lines, d.marks[i].src)
}

func (d *Document) at(off int) {
	d.Line, d.Column = position(d.src, d.lines, off)
}

func (d *Document) unchecked(off int, reason string) {
	d.Body, d.marks = nil, nil
	d.at(off)
	d.Unchecked = reason
}

// fromExpr reads the document attribute of a resource.
func (d *Document) fromExpr(x hclsyntax.Expression) {
	d.at(x.Range().Start.Byte)
	switch x := x.(type) {
	case *hclsyntax.TemplateExpr:
		d.fromTemplate(x)
		return
	case *hclsyntax.FunctionCallExpr:
		switch {
		case x.Name == "jsonencode" && len(x.Args) == 1 && !x.ExpandFinal:
			e := &emitter{}
			if !e.value(x.Args[0]) {
				d.unchecked(e.off, e.reason)
				return
			}
			d.Body, d.marks = e.buf, e.marks
			return
		case x.Name == "file" && len(x.Args) == 1 && !x.ExpandFinal:
			ctx := &hcl.EvalContext{Variables: map[string]cty.Value{
				"path": cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(".")}),
			}}
			v, diags := x.Args[0].Value(ctx)
			if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
				off, reason := why(x.Args[0])
				d.unchecked(off, "the file name "+reason)
				return
			}
			if d.File = v.AsString(); d.File == "" {
				d.unchecked(x.Args[0].Range().Start.Byte, "the file name is empty")
			}
			return
		}
	case *hclsyntax.ScopeTraversalExpr:
		t := x.Traversal
		if len(t) == 4 && t.RootName() == "data" && attrName(t[1]) == PolicyDocumentData && attrName(t[3]) == "json" {
			d.Uses = "data." + PolicyDocumentData + "." + attrName(t[2])
		}
	}
	off, reason := why(x)
	d.unchecked(off, "the document "+reason)
}

// fromTemplate reads a heredoc or quoted string.
func (d *Document) fromTemplate(x *hclsyntax.TemplateExpr) {
	v, diags := x.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		off, reason := why(x)
		d.unchecked(off, "the document "+reason)
		return
	}
	s := v.AsString()
	d.Body = []byte(s)
	start := x.SrcRange.Start.Byte
	quoted := start < len(d.src) && d.src[start] == '"'
	var units []unit
	for _, p := range x.Parts {
		r := p.Range()
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && r.End.Byte <= len(d.src) && r.Start.Byte <= r.End.Byte {
			units = appendUnits(units, d.src[r.Start.Byte:r.End.Byte], r.Start.Byte, quoted)
			continue
		}
		pv, diags := p.Value(nil)
		if diags.HasErrors() || !pv.IsKnown() || pv.IsNull() || pv.Type() != cty.String {
			units = nil
			break
		}
		units = append(units, unit{r.Start.Byte, pv.AsString()})
	}
	if marks, ok := align(s, units, !quoted); ok {
		d.marks = marks
	} else {
		// Positions inside the string are lost; every finding points at it.
		d.marks = []mark{{0, start}}
	}
}

// unit is source text and the bytes of the string it stands for.
type unit struct {
	off int
	s   string
}

// appendUnits splits the raw text of a template literal into units: a
// backslash escape (quoted strings only), "$${" and "%%{" stand for the
// text they write; every other byte for itself.
func appendUnits(units []unit, raw []byte, base int, quoted bool) []unit {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case quoted && c == '\\' && i+1 < len(raw):
			n, s := 2, ""
			switch raw[i+1] {
			case 'n':
				s = "\n"
			case 'r':
				s = "\r"
			case 't':
				s = "\t"
			case '"':
				s = `"`
			case '\\':
				s = `\`
			case 'u', 'U':
				digits := 4
				if raw[i+1] == 'U' {
					digits = 8
				}
				var r rune
				ok := i+2+digits <= len(raw)
				for k := 0; ok && k < digits; k++ {
					h := raw[i+2+k]
					switch {
					case h >= '0' && h <= '9':
						r = r<<4 | rune(h-'0')
					case h >= 'a' && h <= 'f':
						r = r<<4 | rune(h-'a'+10)
					case h >= 'A' && h <= 'F':
						r = r<<4 | rune(h-'A'+10)
					default:
						ok = false
					}
				}
				if !ok {
					s, n = `\`, 1
					break
				}
				s, n = string(r), 2+digits
			default:
				s, n = `\`, 1
			}
			units = append(units, unit{base + i, s})
			i += n
		case (c == '$' || c == '%') && i+2 < len(raw) && raw[i+1] == c && raw[i+2] == '{':
			units = append(units, unit{base + i, string(c) + "{"})
			i += 3
		default:
			units = append(units, unit{base + i, string(c)})
			i++
		}
	}
	return units
}

// align matches the string Terraform evaluated against the units of its
// source. A flush heredoc (<<-) drops indentation, so with skipSpace a
// space or tab unit that does not match is passed over.
func align(s string, units []unit, skipSpace bool) ([]mark, bool) {
	marks := make([]mark, 0, len(units))
	i := 0
	for _, u := range units {
		if i == len(s) {
			break
		}
		if strings.HasPrefix(s[i:], u.s) && u.s != "" {
			marks = append(marks, mark{i, u.off})
			i += len(u.s)
			continue
		}
		if skipSpace && (u.s == " " || u.s == "\t") {
			continue
		}
		return nil, false
	}
	return marks, i == len(s)
}

// emitter writes the JSON jsonencode would make of literal HCL values,
// keys sorted as Terraform sorts them, marking where each value came from.
type emitter struct {
	buf    []byte
	marks  []mark
	off    int    // where a value that is not a literal is
	reason string // why
	depth  int
}

func (e *emitter) mark(x hcl.Range) {
	e.marks = append(e.marks, mark{len(e.buf), x.Start.Byte})
}

func (e *emitter) fail(x hclsyntax.Expression) bool {
	e.off, e.reason = why(x)
	e.reason = "the document " + e.reason
	return false
}

func (e *emitter) value(x hclsyntax.Expression) bool {
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > maxDepth {
		e.off, e.reason = x.Range().Start.Byte, fmt.Sprintf("the document nests deeper than %d levels", maxDepth)
		return false
	}
	switch x := x.(type) {
	case *hclsyntax.ObjectConsExpr:
		type kv struct {
			key  string
			krng hcl.Range
			val  hclsyntax.Expression
		}
		var items []kv
		for _, it := range x.Items {
			k, diags := it.KeyExpr.Value(nil)
			if diags.HasErrors() || !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
				return e.fail(it.KeyExpr)
			}
			items = append(items, kv{k.AsString(), it.KeyExpr.Range(), it.ValueExpr})
		}
		// jsonencode writes an object's keys sorted, each once (the last wins).
		slices.SortStableFunc(items, func(a, b kv) int { return strings.Compare(a.key, b.key) })
		for i := 0; i+1 < len(items); {
			if items[i].key == items[i+1].key {
				items = slices.Delete(items, i, i+1)
				continue
			}
			i++
		}
		e.mark(x.SrcRange)
		e.buf = append(e.buf, '{')
		for i, it := range items {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.mark(it.krng)
			e.buf = append(e.buf, jsonString(it.key)...)
			e.buf = append(e.buf, ':')
			if !e.value(it.val) {
				return false
			}
		}
		e.buf = append(e.buf, '}')
		return true
	case *hclsyntax.TupleConsExpr:
		e.mark(x.SrcRange)
		e.buf = append(e.buf, '[')
		for i, item := range x.Exprs {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if !e.value(item) {
				return false
			}
		}
		e.buf = append(e.buf, ']')
		return true
	}
	v, diags := x.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return e.fail(x)
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return e.fail(x)
	}
	e.mark(x.Range())
	e.buf = append(e.buf, b...)
	return true
}

// fromData renders a tencentcloud_cam_policy_document data source:
//
//	version = "2.0"                   (default "2.0")
//	statement {
//	  effect    = "allow"             (default "allow")
//	  actions   = [...]               (or action)
//	  resources = [...]               (or resource)
//	  principal { type = "qcs"  identifiers = [...] }
//	  condition { test = "string_equal"  variable = "qcs:ip"  values = [...] }
//	}
//
// as {"version", "statement": [{"effect", "action", "resource",
// "principal": {type: ids}, "condition": {test: {variable: values}}}]}.
func (d *Document) fromData(b *hclsyntax.Block) {
	d.at(b.TypeRange.Start.Byte)
	e := &emitter{}
	head := b.TypeRange
	for _, blk := range b.Body.Blocks {
		if blk.Type == "dynamic" {
			d.unchecked(blk.TypeRange.Start.Byte, "the data source uses a dynamic block, whose statements are known only to Terraform")
			return
		}
	}
	e.mark(head)
	e.buf = append(e.buf, `{"version":`...)
	if a := b.Body.Attributes["version"]; a != nil {
		if !e.value(a.Expr) {
			d.unchecked(e.off, e.reason)
			return
		}
	} else {
		e.mark(head)
		e.buf = append(e.buf, `"2.0"`...)
	}
	e.mark(head)
	e.buf = append(e.buf, `,"statement":[`...)
	n := 0
	for _, st := range b.Body.Blocks {
		if st.Type != "statement" {
			continue
		}
		if n > 0 {
			e.buf = append(e.buf, ',')
		}
		n++
		if !e.statement(st) {
			d.unchecked(e.off, e.reason)
			return
		}
	}
	e.buf = append(e.buf, "]}"...)
	d.Body, d.marks = e.buf, e.marks
}

func (e *emitter) statement(st *hclsyntax.Block) bool {
	attrs := st.Body.Attributes
	e.mark(st.TypeRange)
	e.buf = append(e.buf, '{')
	e.buf = append(e.buf, `"effect":`...)
	if a := attrs["effect"]; a != nil {
		if !e.value(a.Expr) {
			return false
		}
	} else {
		e.mark(st.TypeRange)
		e.buf = append(e.buf, `"allow"`...)
	}
	for _, el := range [][2]string{{"action", "actions"}, {"resource", "resources"}} {
		a := attrs[el[1]]
		if a == nil {
			a = attrs[el[0]]
		}
		if a == nil {
			continue
		}
		e.buf = append(e.buf, ',')
		e.mark(a.NameRange)
		e.buf = append(e.buf, jsonString(el[0])...)
		e.buf = append(e.buf, ':')
		if !e.value(a.Expr) {
			return false
		}
	}
	// principal blocks, grouped by type; condition blocks by test, then variable.
	type group struct {
		name  string
		at    hcl.Range
		exprs []hclsyntax.Expression
	}
	var principals []*group
	type cond struct {
		test string
		at   hcl.Range
		vars []*group
	}
	var conds []*cond
	str := func(a *hclsyntax.Attribute) (string, bool) {
		if a == nil {
			return "", false
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			e.fail(a.Expr)
			return "", false
		}
		return v.AsString(), true
	}
	for _, blk := range st.Body.Blocks {
		ba := blk.Body.Attributes
		switch blk.Type {
		case "principal", "principals":
			typ, ok := str(ba["type"])
			ids := ba["identifiers"]
			if !ok || ids == nil {
				if e.reason == "" {
					e.off, e.reason = blk.TypeRange.Start.Byte, "the data source has a principal block without type and identifiers"
				}
				return false
			}
			i := slices.IndexFunc(principals, func(g *group) bool { return g.name == typ })
			if i < 0 {
				principals = append(principals, &group{name: typ, at: ba["type"].Expr.Range()})
				i = len(principals) - 1
			}
			principals[i].exprs = append(principals[i].exprs, ids.Expr)
		case "condition":
			test, ok := str(ba["test"])
			if !ok {
				test, ok = str(ba["operator"])
			}
			variable, ok2 := str(ba["variable"])
			values := ba["values"]
			if !ok || !ok2 || values == nil {
				if e.reason == "" {
					e.off, e.reason = blk.TypeRange.Start.Byte, "the data source has a condition block without test, variable and values"
				}
				return false
			}
			ta := ba["test"]
			if ta == nil {
				ta = ba["operator"]
			}
			i := slices.IndexFunc(conds, func(c *cond) bool { return c.test == test })
			if i < 0 {
				conds = append(conds, &cond{test: test, at: ta.Expr.Range()})
				i = len(conds) - 1
			}
			c := conds[i]
			j := slices.IndexFunc(c.vars, func(g *group) bool { return g.name == variable })
			if j < 0 {
				c.vars = append(c.vars, &group{name: variable, at: ba["variable"].Expr.Range()})
				j = len(c.vars) - 1
			}
			c.vars[j].exprs = append(c.vars[j].exprs, values.Expr)
		}
	}
	if len(principals) > 0 {
		e.buf = append(e.buf, `,"principal":{`...)
		for i, g := range principals {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if !e.group(g.name, g.at, g.exprs) {
				return false
			}
		}
		e.buf = append(e.buf, '}')
	}
	if len(conds) > 0 {
		e.buf = append(e.buf, `,"condition":{`...)
		for i, c := range conds {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.mark(c.at)
			e.buf = append(e.buf, jsonString(c.test)...)
			e.buf = append(e.buf, ":{"...)
			for j, g := range c.vars {
				if j > 0 {
					e.buf = append(e.buf, ',')
				}
				if !e.group(g.name, g.at, g.exprs) {
					return false
				}
			}
			e.buf = append(e.buf, '}')
		}
		e.buf = append(e.buf, '}')
	}
	e.buf = append(e.buf, '}')
	return true
}

// group writes "name": [...], the items of every list expression joined.
func (e *emitter) group(name string, at hcl.Range, exprs []hclsyntax.Expression) bool {
	e.mark(at)
	e.buf = append(e.buf, jsonString(name)...)
	e.buf = append(e.buf, ':')
	if len(exprs) == 1 {
		return e.value(exprs[0])
	}
	e.buf = append(e.buf, '[')
	n := 0
	for _, x := range exprs {
		items := []hclsyntax.Expression{x}
		if t, ok := x.(*hclsyntax.TupleConsExpr); ok {
			items = t.Exprs
		}
		for _, it := range items {
			if n > 0 {
				e.buf = append(e.buf, ',')
			}
			n++
			if !e.value(it) {
				return false
			}
		}
	}
	e.buf = append(e.buf, ']')
	return true
}

// why says why an expression has no value offline, and where: the first
// variable it reads, or the first function it calls.
func why(x hclsyntax.Expression) (off int, reason string) {
	if vars := x.Variables(); len(vars) > 0 {
		return vars[0].SourceRange().Start.Byte, "depends on " + traversalString(vars[0]) + ", which only Terraform knows"
	}
	off, reason = x.Range().Start.Byte, "is not a literal value"
	_ = hclsyntax.VisitAll(x, func(n hclsyntax.Node) hcl.Diagnostics {
		if f, ok := n.(*hclsyntax.FunctionCallExpr); ok && reason == "is not a literal value" {
			off, reason = f.NameRange.Start.Byte, "calls "+f.Name+"(), which only Terraform runs"
		}
		return nil
	})
	if _, ok := x.(*hclsyntax.LiteralValueExpr); ok {
		reason = "is not a string"
	}
	return off, reason
}

// traversalString writes var.bucket, local.doc, aws_x.y[0].
func traversalString(t hcl.Traversal) string {
	var b strings.Builder
	for _, s := range t {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String {
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			} else if s.Key.Type() == cty.Number {
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			} else {
				b.WriteString("[...]")
			}
		default:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

func attrName(t hcl.Traverser) string {
	switch t := t.(type) {
	case hcl.TraverseAttr:
		return t.Name
	case hcl.TraverseRoot:
		return t.Name
	}
	return ""
}

// lineStarts returns the byte offset of each line's start.
func lineStarts(src []byte) []int {
	lines := []int{0}
	for i, c := range src {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// position turns a byte offset into a 1-based line and a column in characters.
func position(src []byte, lines []int, off int) (line, col int) {
	off = max(0, min(off, len(src)))
	i := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	return i + 1, utf8.RuneCount(src[lines[i]:off]) + 1
}

// tooDeep finds where brackets nest deeper than MaxTerraformDepth, counted
// over the whole text (strings too, which can only overcount).
func tooDeep(src []byte) (int, bool) {
	if len(src) < MaxTerraformDepth {
		return 0, true
	}
	depth := 0
	for i, c := range src {
		switch c {
		case '(', '[', '{':
			depth++
			if depth > MaxTerraformDepth {
				return i, false
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, true
}
