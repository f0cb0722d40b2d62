package plugintest_test

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/plugintest"
)

func TestGolden(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/v1/a_x.go", "package av1\n\nconst A = 1\n")
	writeFile(t, dir, "a/v1/a.pb.go", "written by another plugin\n")
	writeFile(t, dir, "b/v1/b_x.go", "package bv1\n")

	file := func(name, content string) *pluginpb.CodeGeneratorResponse_File {
		return &pluginpb.CodeGeneratorResponse_File{Name: proto.String(name), Content: proto.String(content)}
	}
	a := file("a/v1/a_x.go", "package av1\n\nconst A = 1\n")
	b := file("b/v1/b_x.go", "package bv1\n")
	owned := plugintest.OwnedFiles("*_x.go")
	tests := []struct {
		name  string
		resp  *pluginpb.CodeGeneratorResponse
		opts  []plugintest.GoldenOption
		want  []string // substrings of the failures, in order
		fatal bool
	}{
		{
			name: "equal",
			resp: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{a, b}},
			opts: []plugintest.GoldenOption{owned},
		},
		{
			name: "differs",
			resp: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{
				file("a/v1/a_x.go", "package av1\n\nconst A = 2\n"), b,
			}},
			opts: []plugintest.GoldenOption{owned},
			want: []string{"a/v1/a_x.go: generated code differs from the golden file (-golden +generated); run `make generate`:\n"},
		},
		{
			name: "diff shows the lines",
			resp: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{
				file("a/v1/a_x.go", "package av1\n\nconst A = 2\n"), b,
			}},
			opts: []plugintest.GoldenOption{owned},
			want: []string{"const A = 2"},
		},
		{
			name: "golden file missing",
			resp: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{a, b, file("c/v1/c_x.go", "package cv1\n")}},
			opts: []plugintest.GoldenOption{owned},
			want: []string{"c/v1/c_x.go: generated but no golden file in " + dir + "; run `make generate`"},
		},
		{
			name: "owned golden file not generated",
			resp: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{a}},
			opts: []plugintest.GoldenOption{owned},
			want: []string{"b/v1/b_x.go: golden file in " + dir + " is no longer generated; run `make generate` and delete it"},
		},
		{
			name: "every file owned by default",
			resp: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{a, b}},
			want: []string{"a/v1/a.pb.go: golden file in " + dir + " is no longer generated"},
		},
		{
			name: "several patterns",
			resp: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{a, b}},
			opts: []plugintest.GoldenOption{plugintest.OwnedFiles("*.txt"), plugintest.OwnedFiles("*_x.go", "*.pb.go")},
			want: []string{"a/v1/a.pb.go: golden file in " + dir + " is no longer generated"},
		},
		{
			name: "insertion point",
			resp: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{
				{Name: proto.String("a/v1/a_x.go"), InsertionPoint: proto.String("imports"), Content: proto.String("x")}, b,
			}},
			opts: []plugintest.GoldenOption{owned},
			want: []string{`a/v1/a_x.go: insertion point "imports" is not supported by golden tests`},
		},
		{
			name:  "plugin error",
			resp:  &pluginpb.CodeGeneratorResponse{Error: proto.String("x.proto: broken")},
			opts:  []plugintest.GoldenOption{owned},
			want:  []string{"plugin failed: x.proto: broken"},
			fatal: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record(t, func(tb testing.TB) { plugintest.Golden(tb, tt.resp, dir, tt.opts...) })
			if r.fatal != tt.fatal {
				t.Errorf("fatal = %v, want %v", r.fatal, tt.fatal)
			}
			if len(r.errors) != len(tt.want) {
				t.Fatalf("failures %q, want %d", r.errors, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(r.errors[i], w) {
					t.Errorf("failure %d = %q, want it to contain %q", i, r.errors[i], w)
				}
			}
		})
	}
}
