// Package plugintest runs protoc plugins built on protogen inside a Go test,
// without protoc or buf: [Request] compiles .proto files in-process into the
// CodeGeneratorRequest a plugin would receive, [Run] runs the plugin function
// on it, and [Golden] compares the generated files with committed golden
// files.
//
// The golden files themselves are written by buf running the real plugin
// binary (`make generate`), so a golden test checks that the in-process run
// and the binary agree and that the committed files are up to date.
//
// A golden test:
//
//	func TestGolden(t *testing.T) {
//		req := plugintest.Request(t, plugintest.RequestOptions{
//			ImportPaths: []string{"../../testdata/proto"},
//			Files:       []string{"errorstest/v1/errors.proto"},
//			Parameter:   "paths=source_relative",
//		})
//		resp := plugintest.Run(t, req, errorsgen.Run)
//		plugintest.Golden(t, resp, "../../testdata/golden", plugintest.OwnedFiles("*_errors.pb.go"))
//	}
//
// A test of an error path declares its files inline and reads the error of
// the response:
//
//	req := plugintest.Request(t, plugintest.RequestOptions{
//		Sources: map[string]string{"x/v1/x.proto": src},
//		Files:   []string{"x/v1/x.proto"},
//	})
//	if msg := plugintest.Run(t, req, errorsgen.Run).GetError(); !strings.Contains(msg, "...") {
//		t.Errorf("error = %q", msg)
//	}
package plugintest
