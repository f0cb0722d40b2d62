package harness_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/bia-go/bia/bench/internal/harness"
	"github.com/bia-go/bia/bench/internal/servers"
	"github.com/bia-go/bia/bench/internal/service"
)

func TestCalls(t *testing.T) {
	calls, err := harness.Calls()
	if err != nil {
		t.Fatal(err)
	}
	wantREST := map[string]string{
		"GetItem":    http.MethodGet,
		"CreateItem": http.MethodPost,
		"UpdateItem": http.MethodPatch,
	}
	if len(calls) != len(wantREST) {
		t.Fatalf("%d calls, want %d", len(calls), len(wantREST))
	}
	for _, c := range calls {
		t.Run(c.Name, func(t *testing.T) {
			if got := c.Spec(servers.REST).Method; got != wantREST[c.Name] {
				t.Errorf("REST method %s, want %s", got, wantREST[c.Name])
			}
			cs := c.Spec(servers.ConnectJSON)
			if cs.Method != http.MethodPost || cs.Target != "/bench.v1.Inventory/"+c.Name {
				t.Errorf("Connect request %s %s", cs.Method, cs.Target)
			}
			decoded := c.Request.ProtoReflect().New().Interface()
			if err := protojson.Unmarshal(cs.Body, decoded); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.Request, decoded, protocmp.Transform()); diff != "" {
				t.Errorf("Connect body (-request +decoded):\n%s", diff)
			}
			before := protojson.Format(c.Request)
			if _, err := c.Expected(context.Background(), service.New()); err != nil {
				t.Fatal(err)
			}
			if after := protojson.Format(c.Request); after != before {
				t.Errorf("Expected changed the request:\n%s\nto\n%s", before, after)
			}
		})
	}
}
