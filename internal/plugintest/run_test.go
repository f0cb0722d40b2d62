package plugintest_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/plugintest"
)

const enumProto = `syntax = "proto3";
package e.v1;
import "errors/errors.proto";
option go_package = "example.com/e/v1;ev1";
enum Reason {
  option (errors.default_code) = 404;
  REASON_UNSPECIFIED = 0;
}
`

// writeHello is a plugin function that writes one file per file to
// generate.
func writeHello(gen *protogen.Plugin) error {
	for _, f := range gen.Files {
		if f.Generate {
			g := gen.NewGeneratedFile(f.GeneratedFilenamePrefix+".txt", f.GoImportPath)
			g.P("hello ", f.Desc.Path())
		}
	}
	return nil
}

func TestRun(t *testing.T) {
	req := plugintest.Request(t, plugintest.RequestOptions{
		Sources:   map[string]string{"e/v1/e.proto": enumProto},
		Files:     []string{"e/v1/e.proto"},
		Parameter: "paths=source_relative",
	})
	tests := []struct {
		name string
		f    func(*protogen.Plugin) error
		want *pluginpb.CodeGeneratorResponse
	}{
		{
			name: "files",
			f:    writeHello,
			want: &pluginpb.CodeGeneratorResponse{File: []*pluginpb.CodeGeneratorResponse_File{
				{Name: proto.String("e/v1/e.txt"), Content: proto.String("hello e/v1/e.proto\n")},
			}},
		},
		{
			name: "error",
			f:    func(*protogen.Plugin) error { return errors.New("e/v1/e.proto: broken") },
			want: &pluginpb.CodeGeneratorResponse{Error: proto.String("e/v1/e.proto: broken")},
		},
		{
			// Options reach the plugin as in the plugin binary: an
			// extension no linked Go type declares is an unknown field.
			name: "extension",
			f: func(gen *protogen.Plugin) error {
				e := gen.FilesByPath["e/v1/e.proto"].Enums[0]
				want := protowire.AppendVarint(protowire.AppendTag(nil, 1108, protowire.VarintType), 404)
				if !bytes.Contains(e.Desc.Options().ProtoReflect().GetUnknown(), want) {
					return errors.New("default_code not readable")
				}
				return nil
			},
			want: &pluginpb.CodeGeneratorResponse{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plugintest.Run(t, req, tt.f)
			if diff := cmp.Diff(tt.want, got, protocmp.Transform()); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRunWith(t *testing.T) {
	req := plugintest.Request(t, plugintest.RequestOptions{
		Sources:   map[string]string{"e/v1/e.proto": enumProto},
		Files:     []string{"e/v1/e.proto"},
		Parameter: "greeting=hi",
	})
	var greeting string
	opts := protogen.Options{ParamFunc: func(name, value string) error {
		if name != "greeting" {
			return errors.New("unknown parameter " + name)
		}
		greeting = value
		return nil
	}}
	resp := plugintest.RunWith(t, opts, req, func(*protogen.Plugin) error { return nil })
	if resp.GetError() != "" || greeting != "hi" {
		t.Errorf("error %q, greeting %q; want no error and greeting hi", resp.GetError(), greeting)
	}

	// A parameter protogen rejects fails the test.
	reject := protogen.Options{ParamFunc: func(name, _ string) error { return errors.New("unknown parameter " + name) }}
	r := record(t, func(tb testing.TB) { plugintest.RunWith(tb, reject, req, writeHello) })
	if !r.fatal || len(r.errors) != 1 || !strings.Contains(r.errors[0], "greeting") {
		t.Errorf("Run with an unknown parameter: fatal %v, failures %q", r.fatal, r.errors)
	}
}
