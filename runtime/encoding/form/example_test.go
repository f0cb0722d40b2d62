package form_test

import (
	"errors"
	"fmt"
	"net/url"

	"google.golang.org/protobuf/types/known/sourcecontextpb"
	"google.golang.org/protobuf/types/known/typepb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

func ExampleDecoder_Decode() {
	// Once per route: "name" comes from the URL path.
	dec := form.NewDecoder((&typepb.Type{}).ProtoReflect().Descriptor(), form.Skip("name"))

	// Per request: the path variable is bound first, then the query.
	query, err := url.ParseQuery("name=ignored&oneofs=a&oneofs=b&sourceContext.file_name=x.proto&syntax=SYNTAX_PROTO3")
	if err != nil {
		panic(err)
	}
	req := &typepb.Type{Name: "from-path"}
	if err := dec.Decode(query, req); err != nil {
		panic(err)
	}
	fmt.Println(req.GetName(), req.GetOneofs(), req.GetSourceContext().GetFileName(), req.GetSyntax())

	// A bad value is an *form.Error, which the server answers with 400.
	err = dec.Decode(url.Values{"syntax": {"SYNTAX_COBOL"}}, &typepb.Type{})
	var fe *form.Error
	if errors.As(err, &fe) {
		fmt.Println(fe.Key, "-", fe.Msg)
	}
	// Output:
	// from-path [a b] x.proto SYNTAX_PROTO3
	// syntax - not a value of enum google.protobuf.Syntax
}

func ExampleEncode() {
	req := &typepb.Type{
		Name:          "books/1", // goes in the URL path
		Oneofs:        []string{"a", "b"},
		SourceContext: &sourcecontextpb.SourceContext{FileName: "x.proto"},
		Syntax:        typepb.Syntax_SYNTAX_PROTO3,
	}
	query := url.Values{}
	if err := form.Encode(req, query, form.SkipPaths("name"), form.UseJSONNames()); err != nil {
		panic(err)
	}
	fmt.Println(query.Encode())
	// Output:
	// oneofs=a&oneofs=b&sourceContext.fileName=x.proto&syntax=SYNTAX_PROTO3
}
