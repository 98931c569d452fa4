package schemas

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var argIndex = regexp.MustCompile(`%\[(\d+)\][sq]`)

// indices are the arguments a format uses, sorted and distinct.
func indices(format string) []int {
	var ns []int
	for _, m := range argIndex.FindAllStringSubmatch(format, -1) {
		n, _ := strconv.Atoi(m[1])
		if !slices.Contains(ns, n) {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	return ns
}

// Every message is said in Vietnamese, with the same arguments as in
// English (none dropped, none invented), and renders cleanly in both.
func TestMessagesInVietnamese(t *testing.T) {
	for _, code := range MessageCodes() {
		en, _ := MessageFormat(code, "en")
		vi, _ := MessageFormat(code, "vi")
		if strings.TrimSpace(vi) == "" || vi == en {
			t.Errorf("message %s has no Vietnamese text (en %q)", code, en)
			continue
		}
		ie, iv := indices(en), indices(vi)
		if !slices.Equal(ie, iv) {
			t.Errorf("message %s: English uses arguments %v, Vietnamese %v", code, ie, iv)
		}
		for i, n := range ie {
			if n != i+1 {
				t.Errorf("message %s: arguments %v are not numbered 1..n", code, ie)
				break
			}
		}
		if stray := strings.Count(strings.ReplaceAll(argIndex.ReplaceAllString(vi, ""), "%%", ""), "%"); stray > 0 {
			t.Errorf("message %s: Vietnamese has a verb not of the form %%[n]s: %q", code, vi)
		}
		args := make([]any, len(ie))
		for i := range args {
			args[i] = "x"
		}
		for _, lang := range []string{"en", "vi"} {
			if got := Say(code, args...).Text(lang); strings.Contains(got, "%!") {
				t.Errorf("Say(%s).Text(%s) = %q", code, lang, got)
			}
		}
	}
	for en, vi := range Terms() {
		if strings.TrimSpace(vi) == "" || vi == en {
			t.Errorf("term %q has no Vietnamese", en)
		}
	}
}

func TestProblemText(t *testing.T) {
	p := Problem{Severity: SeverityError, File: "f.csv", Row: 3, Value: "4800"}.Says(
		Say("check.part_exceeds", "overseas_workers", "jobs_created", "40", "2024-12", KindActual, "row 2", 4350.0))
	if want := `overseas_workers is a part ("trong đó", of which) of jobs_created and cannot exceed it; jobs_created (40, 2024-12, actual) at row 2 is 4350`; p.Message != want || p.Text("en") != want {
		t.Errorf("English = %q, %q, want %q", p.Message, p.Text("en"), want)
	}
	if want := `overseas_workers là phần "trong đó" của jobs_created nên không thể lớn hơn; jobs_created (40, 2024-12, thực hiện) ở dòng 2 là 4350`; p.Text("vi") != want {
		t.Errorf("Vietnamese = %q, want %q", p.Text("vi"), want)
	}
	// a problem from the ledger before messages had codes is shown as written
	old := Problem{Message: "something older"}
	if got := old.Text("vi"); got != "something older" {
		t.Errorf("old problem in Vietnamese = %q", got)
	}
}

// Every problem chitieu makes carries a code: no Problem literal sets its
// Message by hand, and every code written in the source is in the
// catalogue. A new message without its Vietnamese fails here or in
// TestMessagesInVietnamese.
func TestProblemsAreMadeWithCodes(t *testing.T) {
	codeLike := regexp.MustCompile(`^(file|csv|tcvn3|table|sheet|xlsx|value|check|area)\.[a-z0-9_]+$`)
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != ".." && (strings.HasPrefix(n, ".") || n == "testdata" || n == "bin" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files++
		known := func(e ast.Expr) {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && codeLike.MatchString(s) {
				if _, ok := messages[s]; !ok {
					t.Errorf("%s: message code %q is not in the catalogue (schemas/messages.go)", fset.Position(lit.Pos()), s)
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				lits := []*ast.CompositeLit{n}
				switch {
				case isType(n.Type, "Problems"): // Problems{{…}}: the elements' type is elided
					lits = lits[:0]
					for _, e := range n.Elts {
						if c, ok := e.(*ast.CompositeLit); ok && c.Type == nil {
							lits = append(lits, c)
						}
					}
				case !isType(n.Type, "Problem"):
					return true
				}
				for _, lit := range lits {
					for _, e := range lit.Elts {
						if kv, ok := e.(*ast.KeyValueExpr); ok {
							if k, ok := kv.Key.(*ast.Ident); ok && (k.Name == "Message" || k.Name == "Code" || k.Name == "Args") {
								t.Errorf("%s: a Problem with %s set by hand: use .Says(schemas.Say(code, …))", fset.Position(kv.Pos()), k.Name)
							}
						}
					}
				}
			case *ast.AssignStmt: // code := "check.part_exceeds"
				for _, l := range n.Lhs {
					// p.Message = "…": a message without its code. The
					// files allowed hold other types with a Message.
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Message" && !messageFieldsAllowed[filepath.ToSlash(path)] {
						t.Errorf("%s: a problem's Message set by hand: use .Says(schemas.Say(code, …))", fset.Position(sel.Pos()))
					}
				}
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == "code" && i < len(n.Rhs) {
						known(n.Rhs[i])
					}
				}
			case *ast.CallExpr:
				if isType(n.Fun, "say") { // a helper choosing among codes
					for _, a := range n.Args {
						known(a)
					}
				}
				if !isType(n.Fun, "Say") || len(n.Args) == 0 {
					return true
				}
				lit, ok := n.Args[0].(*ast.BasicLit)
				if !ok {
					return true
				}
				code, _ := strconv.Unquote(lit.Value)
				en, ok := MessageFormat(code, "en")
				if !ok {
					t.Errorf("%s: Say(%q): no such message", fset.Position(n.Pos()), code)
				} else if want, got := len(indices(en)), len(n.Args)-1; got != want {
					t.Errorf("%s: Say(%q) with %d arguments, its text takes %d", fset.Position(n.Pos()), code, got, want)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("read %d Go files of the module, expected the whole repository", files)
	}
}

// messageFieldsAllowed are the files that set a Message field of their
// own types (not a Problem's), or make a problem's from its code.
var messageFieldsAllowed = map[string]bool{
	"../schemas/messages.go": true,
	"../web/upload.go":       true, // fileResult.Message: why a file was refused before it was read
}

// isType says whether e names name (a type or a function), of this
// package or another.
func isType(e ast.Expr, name string) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == name
	case *ast.SelectorExpr:
		return e.Sel.Name == name
	}
	return false
}
