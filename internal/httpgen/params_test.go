package httpgen_test

import (
	"testing"

	"github.com/bia-go/bia/internal/httpgen"
)

// TestSetParameter checks the plugin parameters protoc-gen-go-http accepts
// and the errors for the others.
func TestSetParameter(t *testing.T) {
	tests := []struct {
		name, value string
		wantErr     string
	}{
		{name: "omitempty", value: "false"},
		{name: "omitempty", value: "true"},
		{name: "omitempty", value: "0"},
		{name: "omitempty", value: "", wantErr: "protoc-gen-go-http: parameter omitempty=: want true or false"},
		{name: "omitempty", value: "no", wantErr: "protoc-gen-go-http: parameter omitempty=no: want true or false"},
		{name: "omitempty_prefix", value: ""},
		{name: "omitempty_prefix", value: "/api"},
		{name: "omitempty_prefix", value: "/api/v1"},
		{name: "omitempty_prefix", value: "api", wantErr: `protoc-gen-go-http: parameter omitempty_prefix=api: path template "api": at offset 0: template must start with '/'`},
		{name: "omitempty_prefix", value: "/api/", wantErr: "protoc-gen-go-http: parameter omitempty_prefix=/api/: must not end with '/'"},
		{name: "omitempty_prefix", value: "/", wantErr: "protoc-gen-go-http: parameter omitempty_prefix=/: must not end with '/'"},
		{name: "omitempty_prefix", value: "/api/{name}", wantErr: "protoc-gen-go-http: parameter omitempty_prefix=/api/{name}: must hold only literal segments"},
		{name: "omitempty_prefix", value: "/api/*", wantErr: "protoc-gen-go-http: parameter omitempty_prefix=/api/*: must hold only literal segments"},
		{name: "omitempty_prefix", value: "/api:call", wantErr: "protoc-gen-go-http: parameter omitempty_prefix=/api:call: must not have a custom verb"},
		{name: "omitempty_prefix", value: "/a b", wantErr: `protoc-gen-go-http: parameter omitempty_prefix=/a b: path template "/a b": at offset 2: character ' ' not allowed in literal`},
		{name: "colour", value: "blue", wantErr: "protoc-gen-go-http: unknown parameter colour=blue (supported: paths, module, M, omitempty, omitempty_prefix)"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			err := httpgen.New().SetParameter(tt.name, tt.value)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("SetParameter(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.wantErr)
			}
		})
	}
}

// TestRunInvalidPrefixOption checks that Run reports an invalid prefix set
// with OmitEmptyPrefix, and generates nothing.
func TestRunInvalidPrefixOption(t *testing.T) {
	g := httpgen.New(httpgen.OmitEmpty(false), httpgen.OmitEmptyPrefix("api/"))
	resp := runWith(t, g, httpProto(`service S { rpc Plain(Req) returns (Res); }`), "")
	want := "protoc-gen-go-http: parameter omitempty_prefix=api/: must not end with '/'"
	if got := resp.GetError(); got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	if n := len(resp.GetFile()); n != 0 {
		t.Errorf("generated %d files despite the error", n)
	}
}
