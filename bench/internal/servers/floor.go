package servers

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/service"
)

// maxBody is the largest request body the floor reads: 4 MiB, Bia's
// default.
const maxBody = 4 << 20

// Floor returns the hand-written baseline: a net/http ServeMux with Go 1.22
// patterns and handlers that bind each request by hand (PathValue, the
// parsed query, protojson for bodies) and write the reply with protojson.
// It is what a competent programmer writes without a framework: query keys
// by proto name, enums by name or number, bodies read in one allocation
// when their length is known, size-limited, unknown JSON fields ignored.
func Floor(svc *service.Service) http.Handler {
	f := &floor{svc: svc, unmarshal: protojson.UnmarshalOptions{DiscardUnknown: true}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/shelves/{shelf}/items/{item}", f.getItem)
	mux.HandleFunc("POST /v1/shelves/{shelf}/items", f.createItem)
	mux.HandleFunc("PATCH /v1/shelves/{shelf}/items/{id}", f.updateItem)
	return mux
}

type floor struct {
	svc       *service.Service
	unmarshal protojson.UnmarshalOptions
}

func (f *floor) getItem(w http.ResponseWriter, r *http.Request) {
	req := &benchpb.GetItemRequest{Shelf: r.PathValue("shelf"), Item: r.PathValue("item")}
	if err := bindGetItemQuery(r.URL.Query(), req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	item, err := f.svc.GetItem(r.Context(), req)
	reply(w, item, err)
}

// bindGetItemQuery sets the query parameters of GetItem on req.
func bindGetItemQuery(q url.Values, req *benchpb.GetItemRequest) error {
	for key, vs := range q {
		var err error
		switch key {
		case "locale":
			req.Locale, err = single(key, vs)
		case "revision":
			var s string
			if s, err = single(key, vs); err == nil {
				req.Revision, err = strconv.ParseInt(s, 10, 64)
			}
		case "fields":
			req.Fields = vs
		case "include_deleted":
			var s string
			if s, err = single(key, vs); err == nil {
				req.IncludeDeleted, err = strconv.ParseBool(s)
			}
		case "filter.kind":
			var s string
			if s, err = single(key, vs); err == nil {
				req.Filter = filter(req)
				req.Filter.Kind, err = parseKind(s)
			}
		case "filter.tag":
			req.Filter = filter(req)
			req.Filter.Tag, err = single(key, vs)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func filter(req *benchpb.GetItemRequest) *benchpb.Filter {
	if req.Filter == nil {
		return &benchpb.Filter{}
	}
	return req.Filter
}

func (f *floor) createItem(w http.ResponseWriter, r *http.Request) {
	req := &benchpb.CreateItemRequest{Shelf: r.PathValue("shelf"), Item: &benchpb.Item{}}
	if err := f.readJSON(r, req.Item); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	q := r.URL.Query()
	var err error
	if vs, ok := q["item_id"]; ok {
		req.ItemId, err = single("item_id", vs)
	}
	if vs, ok := q["validate_only"]; ok && err == nil {
		var s string
		if s, err = single("validate_only", vs); err == nil {
			req.ValidateOnly, err = strconv.ParseBool(s)
		}
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	item, err := f.svc.CreateItem(r.Context(), req)
	reply(w, item, err)
}

func (f *floor) updateItem(w http.ResponseWriter, r *http.Request) {
	req := &benchpb.UpdateItemRequest{}
	if err := f.readJSON(r, req); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	req.Shelf = r.PathValue("shelf")
	if req.Item == nil {
		req.Item = &benchpb.Item{}
	}
	req.Item.Id = r.PathValue("id")
	item, err := f.svc.UpdateItem(r.Context(), req)
	reply(w, item, err)
}

// single returns the one value of a scalar query parameter.
func single(key string, vs []string) (string, error) {
	if len(vs) != 1 {
		return "", status.Errorf(codes.InvalidArgument, "query parameter %q given %d times", key, len(vs))
	}
	return vs[0], nil
}

// parseKind parses a Kind by name or number.
func parseKind(s string) (benchpb.Kind, error) {
	if v, ok := benchpb.Kind_value[s]; ok {
		return benchpb.Kind(v), nil
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, status.Errorf(codes.InvalidArgument, "invalid kind %q", s)
	}
	return benchpb.Kind(n), nil
}

// readJSON decodes the proto3 JSON body of r into m, reading at most
// maxBody bytes. An empty body leaves m unchanged.
func (f *floor) readJSON(r *http.Request, m proto.Message) error {
	var body []byte
	var err error
	if n := r.ContentLength; n >= 0 && n <= maxBody {
		body = make([]byte, n)
		_, err = io.ReadFull(r.Body, body)
	} else {
		body, err = io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err == nil && len(body) > maxBody {
			err = status.Error(codes.InvalidArgument, "request body too large")
		}
	}
	if err != nil || len(body) == 0 {
		return err
	}
	return f.unmarshal.Unmarshal(body, m)
}

// reply writes item as proto3 JSON, or err.
func reply(w http.ResponseWriter, item *benchpb.Item, err error) {
	if err != nil {
		code := http.StatusInternalServerError
		if status.Code(err) == codes.InvalidArgument {
			code = http.StatusBadRequest
		}
		writeError(w, code, status.Convert(err).Message())
		return
	}
	b, err := protojson.Marshal(item)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "cannot encode the reply")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// writeError writes a JSON error body with status code.
func writeError(w http.ResponseWriter, code int, msg string) {
	b, _ := json.Marshal(struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}{code, msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(b)
}
