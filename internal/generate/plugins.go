package generate

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"sync"

	pgv "github.com/envoyproxy/protoc-gen-validate/module"
	pgs "github.com/lyft/protoc-gen-star/v2"
	pgsgo "github.com/lyft/protoc-gen-star/v2/lang/go"
	gengo "google.golang.org/protobuf/cmd/protoc-gen-go/internal_gengo"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/bia-go/bia/internal/errorsgen"
	"github.com/bia-go/bia/internal/grpcgen"
	"github.com/bia-go/bia/internal/httpgen"
	"github.com/bia-go/bia/internal/jsongen"
	"github.com/bia-go/bia/internal/openapigen"
	"github.com/bia-go/bia/internal/protoimage"
)

// builtin runs a plugin bia has built in on a request decoded from the
// wire, which it owns.
type builtin func(req *pluginpb.CodeGeneratorRequest) (*pluginpb.CodeGeneratorResponse, error)

// builtins are the plugins that run in-process, by name (protoc-gen-NAME).
func builtins() map[string]builtin {
	return map[string]builtin{
		"go":        protogenPlugin(nil, runGengo),
		"go-grpc":   protogenPlugin(grpcgen.SetParameter, grpcgen.Run),
		"go-errors": protogenPlugin(noParameter("protoc-gen-go-errors"), errorsgen.Run),
		"go-json":   protogenPlugin(noParameter("protoc-gen-go-json"), jsongen.Run),
		"go-http": func(req *pluginpb.CodeGeneratorRequest) (*pluginpb.CodeGeneratorResponse, error) {
			g := httpgen.New()
			return protoimage.RunDecoded(req, protogen.Options{ParamFunc: g.SetParameter}, g.Run)
		},
		"openapi": func(req *pluginpb.CodeGeneratorRequest) (*pluginpb.CodeGeneratorResponse, error) {
			g := openapigen.New()
			return protoimage.RunDecoded(req, protogen.Options{ParamFunc: g.SetParameter}, g.Run)
		},
		"validate": runPGV,
	}
}

func protogenPlugin(param func(name, value string) error, run func(*protogen.Plugin) error) builtin {
	return func(req *pluginpb.CodeGeneratorRequest) (*pluginpb.CodeGeneratorResponse, error) {
		return protoimage.RunDecoded(req, protogen.Options{ParamFunc: param}, run)
	}
}

func noParameter(plugin string) func(name, value string) error {
	return func(name, value string) error {
		return fmt.Errorf("%s: unknown parameter %s=%s (supported: paths, module, M)", plugin, name, value)
	}
}

// runGengo is protoc-gen-go.
func runGengo(gen *protogen.Plugin) error {
	for _, f := range gen.Files {
		if f.Generate {
			gengo.GenerateFile(gen, f)
		}
	}
	gen.SupportedFeatures = gengo.SupportedFeatures
	gen.SupportedEditionsMinimum = gengo.SupportedEditionsMinimum
	gen.SupportedEditionsMaximum = gengo.SupportedEditionsMaximum
	return nil
}

// pgvMu serializes protoc-gen-validate runs: protoc-gen-star was written
// for one run per process.
var pgvMu sync.Mutex

// runPGV is protoc-gen-validate, through protoc-gen-star's own pipes.
func runPGV(req *pluginpb.CodeGeneratorRequest) (*pluginpb.CodeGeneratorResponse, error) {
	pgvMu.Lock()
	defer pgvMu.Unlock()
	in, err := proto.Marshal(req)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	optional := uint64(pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL)
	pgs.Init(pgs.ProtocInput(bytes.NewReader(in)), pgs.ProtocOutput(&out), pgs.SupportedFeatures(&optional)).
		RegisterModule(pgv.Validator()).
		RegisterPostProcessor(pgsgo.GoFmt()).
		Render()
	resp := new(pluginpb.CodeGeneratorResponse)
	return resp, proto.Unmarshal(out.Bytes(), resp)
}

// runCommand runs a plugin bia does not have built in as buf does: its
// command, the request on stdin, the response on stdout.
func runCommand(ctx context.Context, dir string, command []string, req *pluginpb.CodeGeneratorRequest) (*pluginpb.CodeGeneratorResponse, error) {
	if len(command) == 0 {
		return nil, fmt.Errorf("no local command to run it with (bia runs remote plugins only when it has them built in)")
	}
	in, err := proto.Marshal(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, command[0], command[1:]...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%v: %v\n%s", command, err, stderr.Bytes())
	}
	resp := new(pluginpb.CodeGeneratorResponse)
	return resp, proto.Unmarshal(stdout.Bytes(), resp)
}
