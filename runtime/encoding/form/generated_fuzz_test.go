package form_test

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/encoding/form"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
	jsontestv1 "github.com/bia-go/bia/testdata/golden/jsontest/v1"
)

// treeChain is the key of leaf under n nested Tree.left fields.
func treeChain(n int, leaf string) string {
	return strings.Repeat("left.", n) + leaf
}

// fuzzSubjects are the message types with generated code that
// FuzzDecodeGenerated decodes into, with skipped paths and small limits.
func fuzzSubjects() []subject {
	newTree := func() proto.Message { return &jsontestv1.Tree{} }
	return []subject{
		newSubject("GetBookRequest", newGetBook),
		newSubject("GetBookRequest with skips", newGetBook, form.Skip("shelf.name", "book_id", "filter.year.min", "languages")),
		newSubject("GetBookRequest with small limits", newGetBook, form.MaxDepth(fuzzMaxDepth), form.MaxKeys(fuzzMaxKeys), form.MaxNames(6)),
		newSubject("Tree", newTree),
		newSubject("Tree with skips", newTree, form.Skip("left.label", "right", "node.tree.leaf")),
		newSubject("Tree with small limits", newTree, form.MaxDepth(fuzzMaxDepth), form.MaxKeys(fuzzMaxKeys), form.MaxNames(6)),
		newSubject("Scalars", func() proto.Message { return &jsontestv1.Scalars{} }),
		newSubject("Names", func() proto.Message { return &jsontestv1.Names{} }),
		newSubject("Oneofs", func() proto.Message { return &jsontestv1.Oneofs{} }),
		newSubject("Optionals", func() proto.Message { return &jsontestv1.Optionals{} }),
		newSubject("Maps", func() proto.Message { return &jsontestv1.Maps{} }),
		newSubject("WellKnown", func() proto.Message { return &jsontestv1.WellKnown{} }),
		newSubject("UpdateBookRequest", func() proto.Message { return &httptestv1.UpdateBookRequest{} }),
	}
}

// FuzzDecodeGenerated decodes random queries into messages with
// generated code, through it and without it (and into dynamicpb
// messages): all must agree, on the message and on the error, keys bound
// in either order, and with DecodeValue. The seeds, which plain `go test`
// runs, are the queries of the other tests and random queries of every
// type with generated code.
func FuzzDecodeGenerated(f *testing.F) {
	for _, tc := range getBookCases {
		f.Add(tc.query)
	}
	for _, tc := range decodeCases {
		f.Add(tc.query)
	}
	for _, tc := range decodeErrorCases {
		f.Add(tc.query)
	}
	for _, seed := range limitSeeds {
		f.Add(seed)
	}
	f.Add(treeChain(99, "label") + "=x")
	f.Add(treeChain(100, "label") + "=x")
	f.Add("left.right.node.tree.leaf.numbers=1&left.right.node.tree.leaf.numbers=x&left.label=%FF")
	f.Add("left.label=a&left.label=b&node.weight=1&node.weight=2&right.children.label=1&leaf.numbers=&leaf.numbers=2")
	f.Add("f_int32=1&fInt32=2&r_string=a&rString=b&r_enum=COLOR_RED&r_enum=-1&r_enum=5&r_enum=6&f_bytes=&f_float=1e39")
	f.Add("plain=a&plain_alias=b&plainAlias=c&takes_other=d&renamed=e&custom=f&Leading=g&_leading=h&a%22b=i")
	f.Add("c_string=a&between=b&c_message.f_int32=1&between.x=1&o_double=NaN")
	r := rand.New(rand.NewPCG(3, 4))
	for _, mt := range generatedTypes(f) {
		g := newQueryGen(r, mt.Descriptor())
		for range 4 {
			f.Add(g.query().Encode())
		}
	}
	subjects := fuzzSubjects()
	f.Fuzz(func(t *testing.T, query string) {
		values, err := url.ParseQuery(query)
		if err != nil && len(values) == 0 {
			return
		}
		for _, s := range subjects {
			checkSame(t, s, nil, values)
		}
	})
}
