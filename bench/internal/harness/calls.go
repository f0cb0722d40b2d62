package harness

import (
	"context"
	"net/http"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/servers"
	"github.com/bia-go/bia/bench/internal/service"
)

// Call is one RPC of the benchmarks with one request, as each protocol
// sends it.
type Call struct {
	// Name is the method's name, e.g. "GetItem".
	Name string
	// Request is the request message the specs encode.
	Request proto.Message
	// REST is the request through the method's google.api.http rule, as a
	// hand-written client sends it.
	REST Spec
	// Connect is the request in the Connect protocol with JSON.
	Connect Spec

	call func(context.Context, *service.Service, proto.Message) (*benchpb.Item, error)
}

// Spec returns the request of c in protocol p.
func (c Call) Spec(p servers.Protocol) Spec {
	if p == servers.ConnectJSON {
		return c.Connect
	}
	return c.REST
}

// Expected returns the reply of svc to a copy of c.Request, called
// directly: what every framework must answer.
func (c Call) Expected(ctx context.Context, svc *service.Service) (*benchpb.Item, error) {
	return c.call(ctx, svc, proto.Clone(c.Request))
}

// Calls returns the calls of the benchmarks: GetItem (GET, two path
// variables, string, int64, bool, repeated and nested query parameters),
// CreateItem (POST, body "item", a query parameter) and UpdateItem (PATCH,
// body "*" with a FieldMask, a nested path variable).
func Calls() ([]Call, error) {
	calls := []Call{getItem(), createItem(), updateItem()}
	for i := range calls {
		b, err := protojson.Marshal(calls[i].Request)
		if err != nil {
			return nil, err
		}
		calls[i].Connect = Spec{
			Method: http.MethodPost,
			Target: "/bench.v1.Inventory/" + calls[i].Name,
			Header: http.Header{"Content-Type": {"application/json"}, "Connect-Protocol-Version": {"1"}},
			Body:   b,
		}
	}
	return calls, nil
}

// restHeader returns the header of a REST request; withBody adds the
// Content-Type of a JSON body.
func restHeader(withBody bool) http.Header {
	h := http.Header{"Accept": {"application/json"}}
	if withBody {
		h.Set("Content-Type", "application/json")
	}
	return h
}

func getItem() Call {
	return Call{
		Name: "GetItem",
		Request: &benchpb.GetItemRequest{
			Shelf: "shelf-17", Item: "item-4711", Locale: "en-GB", Revision: 42,
			Fields:         []string{"title", "price", "tags"},
			Filter:         &benchpb.Filter{Kind: benchpb.Kind_KIND_MAGAZINE, Tag: "sale"},
			IncludeDeleted: true,
		},
		REST: Spec{
			Method: http.MethodGet,
			Target: "/v1/shelves/shelf-17/items/item-4711?locale=en-GB&revision=42" +
				"&fields=title&fields=price&fields=tags&filter.kind=KIND_MAGAZINE&filter.tag=sale&include_deleted=true",
			Header: restHeader(false),
		},
		call: func(ctx context.Context, svc *service.Service, m proto.Message) (*benchpb.Item, error) {
			return svc.GetItem(ctx, m.(*benchpb.GetItemRequest))
		},
	}
}

func createItem() Call {
	return Call{
		Name: "CreateItem",
		Request: &benchpb.CreateItemRequest{
			Shelf: "shelf-17", ItemId: "item-4712",
			Item: &benchpb.Item{
				Title: "Structure and Interpretation of Computer Programs", Kind: benchpb.Kind_KIND_BOOK,
				Price: 55.5, Available: true, Tags: []string{"lisp", "classic"},
				Labels:     map[string]string{"publisher": "MIT Press", "lang": "en"},
				Dimensions: &benchpb.Dimensions{WidthMm: 178, HeightMm: 229, DepthMm: 38, WeightG: 1200.25},
				Stock:      3,
			},
		},
		REST: Spec{
			Method: http.MethodPost,
			Target: "/v1/shelves/shelf-17/items?item_id=item-4712",
			Header: restHeader(true),
			Body: []byte(`{"title":"Structure and Interpretation of Computer Programs","kind":"KIND_BOOK",` +
				`"price":55.5,"available":true,"tags":["lisp","classic"],` +
				`"labels":{"publisher":"MIT Press","lang":"en"},` +
				`"dimensions":{"widthMm":178,"heightMm":229,"depthMm":38,"weightG":1200.25},"stock":3}`),
		},
		call: func(ctx context.Context, svc *service.Service, m proto.Message) (*benchpb.Item, error) {
			return svc.CreateItem(ctx, m.(*benchpb.CreateItemRequest))
		},
	}
}

func updateItem() Call {
	return Call{
		Name: "UpdateItem",
		Request: &benchpb.UpdateItemRequest{
			Shelf: "shelf-17",
			Item: &benchpb.Item{
				Id: "item-4711", Title: "The Go Programming Language, 2nd edition", Price: 39.99,
				Tags:   []string{"go", "programming", "second-edition"},
				Labels: map[string]string{"publisher": "Addison-Wesley", "lang": "en", "edition": "2"},
			},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title", "price", "tags", "labels"}},
		},
		REST: Spec{
			Method: http.MethodPatch,
			Target: "/v1/shelves/shelf-17/items/item-4711",
			Header: restHeader(true),
			Body: []byte(`{"item":{"title":"The Go Programming Language, 2nd edition","price":39.99,` +
				`"tags":["go","programming","second-edition"],` +
				`"labels":{"publisher":"Addison-Wesley","lang":"en","edition":"2"}},` +
				`"updateMask":"title,price,tags,labels"}`),
		},
		call: func(ctx context.Context, svc *service.Service, m proto.Message) (*benchpb.Item, error) {
			return svc.UpdateItem(ctx, m.(*benchpb.UpdateItemRequest))
		},
	}
}
