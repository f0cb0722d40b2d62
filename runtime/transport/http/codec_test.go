package http_test

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/transport/http"
)

func TestCodecs(t *testing.T) {
	full := `{"name":"n","bookId":"7","color":"BLUE","tags":["a","b"],"book":{"id":"b"},"labels":{"k":"v"},"ratio":1.5}`
	tests := []struct {
		codec   http.Codec
		name    string
		contain []string // substrings of the encoding
	}{
		{http.JSONCodec{}, "json", []string{`"bookId"`, `"7"`, `"BLUE"`}},
		{http.JSONCodec{UseProtoNames: true}, "json", []string{`"book_id"`}},
		{http.ProtoCodec{}, "proto", nil},
		{http.FormCodec{}, "form", []string{"book_id=7", "tags=a&tags=b", "book.id=b", "labels%5Bk%5D=v"}},
		{http.FormCodec{UseJSONNames: true}, "form", []string{"bookId=7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.codec.Name(); got != tt.name {
				t.Errorf("Name = %q, want %q", got, tt.name)
			}
			in := msgJSON(t, full)
			b, err := tt.codec.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.contain {
				if !strings.Contains(string(b), c) {
					t.Errorf("encoding %q lacks %q", b, c)
				}
			}
			out := types(t).msg.New().Interface()
			if err := tt.codec.Unmarshal(b, out); err != nil {
				t.Fatal(err)
			}
			if d := diffMsg(in, out); d != "" {
				t.Errorf("round trip (-want +got):\n%s", d)
			}
		})
	}
}

func TestJSONCodecOptions(t *testing.T) {
	m := types(t).msg.New().Interface()
	if err := (http.JSONCodec{}).Unmarshal([]byte(`{"nope":1,"name":"x"}`), m); err != nil {
		t.Errorf("unknown field not ignored by default: %v", err)
	}
	if err := (http.JSONCodec{RejectUnknownFields: true}).Unmarshal([]byte(`{"nope":1}`), m); err == nil {
		t.Error("RejectUnknownFields accepted an unknown field")
	}
	b, err := http.JSONCodec{EmitUnpopulated: true}.Marshal(types(t).book.New().Interface())
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, string(b), `{"id":"","title":"","pages":"0","sequel":null}`)
	if err := (http.FormCodec{}).Unmarshal([]byte("%zz"), m); err == nil {
		t.Error("FormCodec accepted a malformed form")
	}
	if err := (http.FormCodec{}).Unmarshal([]byte("small=x"), m); err == nil {
		t.Error("FormCodec accepted a bad value")
	}
	var nilMsg proto.Message
	if _, err := (http.FormCodec{}).Marshal(nilMsg); err == nil {
		t.Error("FormCodec marshalled a nil message")
	}
}
