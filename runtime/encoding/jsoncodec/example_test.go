package jsoncodec_test

import (
	"fmt"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/bia-go/bia/runtime/encoding/jsoncodec"
	jsontestv1 "github.com/bia-go/bia/testdata/golden/jsontest/v1"
)

// A message with generated code is encoded and decoded by it; the JSON is
// protojson's.
func Example() {
	in := &jsontestv1.Leaf{Text: "hello", Numbers: []int64{1, 1 << 60}}
	b, err := jsoncodec.MarshalOptions{}.Marshal(in)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))

	out := new(jsontestv1.Leaf)
	err = jsoncodec.UnmarshalOptions{}.Unmarshal([]byte(`{"text":"hi","numbers":["7",8],"extra":1}`), out)
	fmt.Println(err)
	err = jsoncodec.UnmarshalOptions{DiscardUnknown: true}.Unmarshal([]byte(`{"text":"hi","numbers":["7",8],"extra":1}`), out)
	fmt.Println(out.GetText(), out.GetNumbers(), err)
	// Output:
	// {"text":"hello","numbers":["1","1152921504606846976"]}
	// jsoncodec: field extra (offset 31): unknown field "extra"
	// hi [7 8] <nil>
}

// A message without generated code (here a well-known type) goes through
// protojson.
func ExampleMarshalOptions_Marshal() {
	b, _ := jsoncodec.MarshalOptions{}.Marshal(&timestamppb.Timestamp{Seconds: 1700000000})
	fmt.Println(string(b))
	fmt.Println(jsoncodec.Generated(&timestamppb.Timestamp{}), jsoncodec.Generated(&jsontestv1.Leaf{}))
	// Output:
	// "2023-11-14T22:13:20Z"
	// false true
}
