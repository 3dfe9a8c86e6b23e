package scenarios

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"strings"
	"testing"
)

// referencePath is the scenario reference, generated from the doc
// comments of the scenario types so that every key is documented and the
// document cannot fall behind the code.
const referencePath = "REFERENCE.md"

// TestReference checks REFERENCE.md against the scenario types' doc
// comments; go test -update (the flag of the package's external tests,
// which share this test binary) rewrites it.
func TestReference(t *testing.T) {
	got, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(referencePath, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date; run go test ./scenarios -update", referencePath)
	}
	for _, key := range keyPaths(reflect.TypeFor[Scenario](), "") {
		if !bytes.Contains(got, []byte("| `"+key+"` |")) {
			t.Errorf("key %s is not in the reference", key)
		}
	}
	for _, line := range strings.Split(string(got), "\n") {
		if strings.HasPrefix(line, "| `") && strings.HasSuffix(line, "|  |") {
			t.Errorf("undocumented key: %s", line)
		}
	}
}

// keyPaths lists every key of a scenario type, with [] for list items and
// map values written NAME.
func keyPaths(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	switch t.Kind() {
	case reflect.Struct:
		for _, f := range fieldsOf(t) {
			p := join(prefix, f.name)
			out = append(out, p)
			out = append(out, keyPaths(f.typ, p)...)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			out = append(out, keyPaths(t.Elem(), prefix+"[]")...)
		}
	case reflect.Map:
		if t.Elem().Kind() == reflect.Struct {
			out = append(out, keyPaths(t.Elem(), prefix+".NAME")...)
		}
	}
	return out
}

// reference writes the scenario reference: one table row per key, with
// its type and the field's doc comment.
func reference() ([]byte, error) {
	docs, err := fieldDocs()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`# Scenario reference

Generated from the doc comments of the scenario types in this folder by
` + "`go test ./scenarios -update`" + `; do not edit by hand. Every key of a
scenario file is listed, in file order. ` + "`[]`" + ` marks the items of a
list, ` + "`NAME`" + ` a free map key (a venue family or kind). Defaults are
those of ` + "`scantrail scenario show`" + `; ` + "`scantrail mitigations`" + `
lists the defences by name.

| key | type | meaning |
|---|---|---|
`)
	writeRows(&b, reflect.TypeFor[Scenario](), "", docs)
	return b.Bytes(), nil
}

func writeRows(b *bytes.Buffer, t reflect.Type, prefix string, docs map[string]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		for _, f := range fieldsOf(t) {
			p := join(prefix, f.name)
			text := docs[t.Name()+"."+f.name]
			fmt.Fprintf(b, "| `%s` | %s | %s |\n", p, typeName(f.typ), text)
			writeRows(b, f.typ, p, docs)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			writeRows(b, t.Elem(), prefix+"[]", docs)
		}
	case reflect.Map:
		if t.Elem().Kind() == reflect.Struct {
			writeRows(b, t.Elem(), prefix+".NAME", docs)
		}
	}
}

func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		return "section"
	case reflect.Slice:
		return "list of " + typeName(t.Elem())
	case reflect.Map:
		return "map of " + typeName(t.Elem())
	case reflect.Float64:
		return "number"
	case reflect.Int:
		return "integer"
	case reflect.Bool:
		return "true/false"
	}
	return t.Kind().String()
}

// fieldDocs reads the package's source and returns, for every struct
// field with a yaml key, its doc comment as one line, keyed
// "Type.key". A field without its own comment shares that of the field
// above it (Go groups related fields under one comment), and a section
// without one takes its type's doc.
func fieldDocs() (map[string]string, error) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	p := doc.New(pkgs["scenarios"], "scenarios", 0)
	typeDoc := map[string]string{}
	for _, ty := range p.Types {
		typeDoc[ty.Name] = oneLine(ty.Doc)
	}
	out := map[string]string{}
	embeds := map[string][]string{} // type → the types it inlines
	for _, ty := range p.Types {
		st, ok := ty.Decl.Specs[0].(*ast.TypeSpec).Type.(*ast.StructType)
		if !ok {
			continue
		}
		last := ""
		for _, f := range st.Fields.List {
			text := oneLine(f.Doc.Text())
			if text == "" {
				text = last
			}
			if text == "" {
				text = typeDoc[exprName(f.Type)]
			}
			last = text
			if f.Tag == nil {
				continue
			}
			tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("yaml")
			name, opts, _ := strings.Cut(tag, ",")
			if opts == "inline" {
				embeds[ty.Name] = append(embeds[ty.Name], exprName(f.Type))
			}
			if name != "" && name != "-" {
				out[ty.Name+"."+name] = text
			}
		}
	}
	for outer, inner := range embeds {
		for _, in := range inner {
			for key, text := range out {
				if name, ok := strings.CutPrefix(key, in+"."); ok {
					out[outer+"."+name] = text
				}
			}
		}
	}
	return out, nil
}

func exprName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.StarExpr:
		return exprName(x.X)
	}
	return ""
}

// oneLine joins a comment's lines and escapes it for a table cell.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", "\\|")
}
