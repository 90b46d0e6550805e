package internal

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 10's rule, checked on every non-test file under internal/: no
// package-level mutable state. Features are values composed in ui.New,
// never registered into packages. Allowed at package level: constants,
// compiled regexps, error sentinels, and unexported tables written once
// in their declaration (a literal with elements, or a value made by a
// call such as common.Bind). Not allowed: Register functions, exported
// variables, sync or atomic state, channels, empty maps or slices to be
// filled later, replaceable function variables, and scalar settings
// (timeouts) that belong in constants or options.
func TestNoPackageLevelMutableState(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv == nil && decl.Name.Name == "Register" {
					t.Errorf("%s: func Register: features are values composed in ui.New, not registered", fset.Position(decl.Pos()))
				}
			case *ast.GenDecl:
				if decl.Tok == token.VAR {
					checkVars(t, fset, decl)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkVars(t *testing.T, fset *token.FileSet, decl *ast.GenDecl) {
	for _, spec := range decl.Specs {
		vs := spec.(*ast.ValueSpec)
		for i, name := range vs.Names {
			if name.Name == "_" {
				continue // interface assertions
			}
			var value ast.Expr
			if i < len(vs.Values) {
				value = vs.Values[i]
			}
			if why := mutable(name.Name, vs.Type, value); why != "" {
				t.Errorf("%s: package-level var %s: %s", fset.Position(name.Pos()), name.Name, why)
			}
		}
	}
}

// mutable says why a package-level variable is state, or "".
func mutable(name string, typ, value ast.Expr) string {
	if isErrorSentinel(value) || isCall(value, "regexp", "MustCompile") {
		return ""
	}
	if ast.IsExported(name) {
		return "exported variables can be changed by any package"
	}
	switch {
	case value == nil:
		return "declared without a value, to be set later"
	case isSelectorType(typ, "sync") || isSelectorType(typ, "atomic"):
		return "shared synchronised state"
	case isCall(value, "", "make"):
		return "made empty, to be filled later"
	}
	switch v := value.(type) {
	case *ast.FuncLit:
		return "a replaceable function"
	case *ast.BasicLit, *ast.BinaryExpr:
		return "a setting that tests or callers can change: make it a constant or an option"
	case *ast.CompositeLit:
		if len(v.Elts) == 0 {
			return "an empty table, to be filled later"
		}
	}
	return ""
}

func isErrorSentinel(e ast.Expr) bool {
	return isCall(e, "errors", "New") || isCall(e, "fmt", "Errorf")
}

func isCall(e ast.Expr, pkg, fn string) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return pkg == "" && f.Name == fn
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == pkg && f.Sel.Name == fn
	}
	return false
}

func isSelectorType(e ast.Expr, pkg string) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := s.X.(*ast.Ident)
	return ok && x.Name == pkg
}

// Issue 16's rule: the commands (internal/cli), the watcher
// (internal/watch) and what they build on — the world-changing actions,
// the model, the kube layer and the store — never import Bubble Tea or
// any other terminal-UI library, directly or through another package of
// this module (test files aside). A package not written yet is skipped.
func TestCommandsDoNotImportBubbleTea(t *testing.T) {
	const module = "github.com/flightdeck/fdtui/internal/"
	forbidden := []string{"charm.land/", "github.com/charmbracelet/"}
	imports := map[string][]string{} // package dir under internal/ -> imports
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		for _, imp := range f.Imports {
			imports[dir] = append(imports[dir], strings.Trim(imp.Path.Value, `"`))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// via finds a forbidden import reachable from dir, and the path to it.
	var via func(dir string, seen map[string]bool) []string
	via = func(dir string, seen map[string]bool) []string {
		if seen[dir] {
			return nil
		}
		seen[dir] = true
		for _, imp := range imports[dir] {
			for _, f := range forbidden {
				if strings.HasPrefix(imp, f) {
					return []string{dir, imp}
				}
			}
			if next, ok := strings.CutPrefix(imp, module); ok {
				if chain := via(next, seen); chain != nil {
					return append([]string{dir}, chain...)
				}
			}
		}
		return nil
	}
	for _, dir := range []string{"cli", "watch", "actions", "kube", "model", "ui/store"} {
		if _, ok := imports[dir]; !ok {
			continue
		}
		if chain := via(dir, map[string]bool{}); chain != nil {
			t.Errorf("internal/%s imports a terminal-UI library: %s", dir, strings.Join(chain, " -> "))
		}
	}
}
