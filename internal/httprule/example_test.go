package httprule_test

import (
	"fmt"

	"github.com/bia-go/bia/internal/httprule"
)

func ExampleParse() {
	t, err := httprule.Parse("/v1/{name=shelves/*/books/*}:publish")
	if err != nil {
		panic(err)
	}
	v := t.Variables[0]
	fmt.Println(t.Normalized(), t.Verb, v.Path(), v.Start, v.End, t.MultiSegment(0))

	_, err = httprule.Parse("/v1/{name=**}/books")
	fmt.Println(err)
	// Output:
	// /v1/shelves/*/books/*:publish publish name 1 5 true
	// path template "/v1/{name=**}/books": at offset 14: '**' must be the last segment
}
