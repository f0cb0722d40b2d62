// Package harness holds what the benchmarks measure with: the calls
// (Calls) with the request each framework receives for them, a request
// that replays without allocating (Replay), a reusable ResponseWriter
// (Recorder), and the check that a reply is the expected Item (Reply).
//
// A benchmark loop serves the same request again and again:
//
//	replay := harness.NewReplay(call.Spec(f.Protocol))
//	w := harness.NewRecorder()
//	for b.Loop() {
//		w.Reset()
//		f.Handler.ServeHTTP(w, replay.Request())
//	}
//
// Every framework gets the same Recorder type and Replay, so what the
// harness costs is the same for all of them and small next to what they
// cost.
package harness
