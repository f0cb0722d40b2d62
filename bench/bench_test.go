package bench_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/harness"
	"github.com/bia-go/bia/bench/internal/servers"
	"github.com/bia-go/bia/bench/internal/service"
)

// replays is how many times TestReplies serves each request through one
// Replay and Recorder, to catch state a handler leaves on them.
const replays = 3

// setup returns the frameworks and the calls.
func setup(tb testing.TB) ([]servers.Framework, []harness.Call) {
	tb.Helper()
	fws, err := servers.All(service.New())
	if err != nil {
		tb.Fatal(err)
	}
	calls, err := harness.Calls()
	if err != nil {
		tb.Fatal(err)
	}
	return fws, calls
}

// serve serves the replayed request with f and decodes the reply.
func serve(f servers.Framework, p *harness.Replay, w *harness.Recorder) (*benchpb.Item, error) {
	w.Reset()
	f.Handler.ServeHTTP(w, p.Request())
	return harness.Reply(w)
}

// check fails tb unless got equals want.
func check(tb testing.TB, what string, want, got *benchpb.Item) {
	tb.Helper()
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		tb.Fatalf("%s (-want +got):\n%s", what, diff)
	}
}

// floorReply returns the floor's reply to c, checked against the service's
// direct answer.
func floorReply(tb testing.TB, fws []servers.Framework, c harness.Call) *benchpb.Item {
	tb.Helper()
	want, err := c.Expected(context.Background(), service.New())
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range fws {
		if f.Name == servers.FloorName {
			got, err := serve(f, harness.NewReplay(c.Spec(f.Protocol)), harness.NewRecorder())
			if err != nil {
				tb.Fatalf("%s %s: %v", c.Name, f.Name, err)
			}
			check(tb, c.Name+" floor reply vs. direct call", want, got)
			return got
		}
	}
	tb.Fatal("no floor framework")
	return nil
}

func TestReplies(t *testing.T) {
	fws, calls := setup(t)
	for _, c := range calls {
		floor := floorReply(t, fws, c)
		for _, f := range fws {
			t.Run(c.Name+"/"+f.Name, func(t *testing.T) {
				p, w := harness.NewReplay(c.Spec(f.Protocol)), harness.NewRecorder()
				for i := range replays {
					got, err := serve(f, p, w)
					if err != nil {
						t.Fatalf("replay %d: %v", i, err)
					}
					check(t, "reply vs. floor", floor, got)
				}
			})
		}
	}
}

func BenchmarkGetItem(b *testing.B)    { benchmarkCall(b, "GetItem") }
func BenchmarkCreateItem(b *testing.B) { benchmarkCall(b, "CreateItem") }
func BenchmarkUpdateItem(b *testing.B) { benchmarkCall(b, "UpdateItem") }

// benchmarkCall measures every framework serving the call named name, each
// in a sub-benchmark named after the framework. Before and after timing it
// checks the framework's reply equals the floor's.
func benchmarkCall(b *testing.B, name string) {
	fws, calls := setup(b)
	var call *harness.Call
	for i := range calls {
		if calls[i].Name == name {
			call = &calls[i]
		}
	}
	if call == nil {
		b.Fatalf("no call %s", name)
	}
	floor := floorReply(b, fws, *call)
	for _, f := range fws {
		b.Run(f.Name, func(b *testing.B) {
			p, w := harness.NewReplay(call.Spec(f.Protocol)), harness.NewRecorder()
			got, err := serve(f, p, w)
			if err != nil {
				b.Fatal(err)
			}
			check(b, "reply vs. floor", floor, got)
			b.ReportAllocs()
			for b.Loop() {
				w.Reset()
				f.Handler.ServeHTTP(w, p.Request())
			}
			got, err = harness.Reply(w)
			if err != nil {
				b.Fatal(err)
			}
			check(b, "last reply vs. floor", floor, got)
		})
	}
}
