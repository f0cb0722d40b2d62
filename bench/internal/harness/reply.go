package harness

import (
	"fmt"
	"mime"
	"net/http"

	"google.golang.org/protobuf/encoding/protojson"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
)

// Reply decodes the Item w recorded: it fails unless the status is 200, the
// Content-Type is application/json and the body is the proto3 JSON of an
// Item with no unknown fields.
func Reply(w *Recorder) (*benchpb.Item, error) {
	if w.Code() != http.StatusOK {
		return nil, fmt.Errorf("status %d, body %s", w.Code(), w.Body())
	}
	ct := w.Header().Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return nil, fmt.Errorf("content type %q, want application/json", ct)
	}
	item := &benchpb.Item{}
	if err := protojson.Unmarshal(w.Body(), item); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", w.Body(), err)
	}
	return item, nil
}
