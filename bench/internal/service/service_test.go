package service_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/service"
)

var (
	created = &timestamppb.Timestamp{Seconds: 1709285400}                   // 2024-03-01T09:30:00Z
	updated = &timestamppb.Timestamp{Seconds: 1750009530, Nanos: 250000000} // 2025-06-15T17:45:30.250Z
)

// stored is the item the service stores for s1/i1, as the contract says.
func stored() *benchpb.Item {
	return &benchpb.Item{
		Id: "i1", Shelf: "s1", Title: "The Go Programming Language", Kind: benchpb.Kind_KIND_BOOK,
		Revision: 7, Price: 34.99, Available: true, Tags: []string{"go", "programming", "classic"},
		Labels:     map[string]string{"publisher": "Addison-Wesley", "lang": "en"},
		Dimensions: &benchpb.Dimensions{WidthMm: 187, HeightMm: 235, DepthMm: 22, WeightG: 748.5},
		CreateTime: created, UpdateTime: updated, Stock: 12,
	}
}

// with returns stored() changed by f.
func with(f func(*benchpb.Item)) *benchpb.Item {
	it := stored()
	f(it)
	return it
}

func TestGetItem(t *testing.T) {
	tests := []struct {
		name string
		req  *benchpb.GetItemRequest
		want *benchpb.Item
	}{
		{
			name: "defaults",
			req:  &benchpb.GetItemRequest{Shelf: "s1", Item: "i1"},
			want: with(func(it *benchpb.Item) {
				it.Title = "The Go Programming Language ()"
				it.Labels["locale"], it.Labels["tag"] = "", ""
			}),
		},
		{
			name: "every parameter",
			req: &benchpb.GetItemRequest{
				Shelf: "s1", Item: "i1", Locale: "en-GB", Revision: 42, Fields: []string{"title", "price"},
				Filter: &benchpb.Filter{Kind: benchpb.Kind_KIND_MAP, Tag: "sale"}, IncludeDeleted: true,
			},
			want: with(func(it *benchpb.Item) {
				it.Title = "The Go Programming Language (en-GB)"
				it.Revision = 42
				it.Tags = []string{"title", "price"}
				it.Kind = benchpb.Kind_KIND_MAP
				it.Available = false
				it.Labels["locale"], it.Labels["tag"] = "en-GB", "sale"
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := service.New().GetItem(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, protocmp.Transform()); diff != "" {
				t.Errorf("GetItem (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreateItem(t *testing.T) {
	tests := []struct {
		name string
		req  *benchpb.CreateItemRequest
		want *benchpb.Item
	}{
		{
			name: "no item",
			req:  &benchpb.CreateItemRequest{Shelf: "s1", ItemId: "new"},
			want: &benchpb.Item{Id: "new", Shelf: "s1", Revision: 1, CreateTime: created, UpdateTime: updated},
		},
		{
			name: "ID, shelf and revision overridden",
			req: &benchpb.CreateItemRequest{Shelf: "s1", ItemId: "new", Item: &benchpb.Item{
				Id: "ignored", Shelf: "ignored", Revision: 9, Title: "T", Tags: []string{"a"}, Stock: 3,
			}},
			want: &benchpb.Item{
				Id: "new", Shelf: "s1", Revision: 1, Title: "T", Tags: []string{"a"}, Stock: 3,
				CreateTime: created, UpdateTime: updated,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := service.New().CreateItem(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, protocmp.Transform()); diff != "" {
				t.Errorf("CreateItem (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUpdateItem(t *testing.T) {
	change := &benchpb.Item{Id: "i1", Title: "New", Price: 10, Labels: map[string]string{"k": "v"}}
	tests := []struct {
		name string
		mask []string
		want *benchpb.Item
	}{
		{
			name: "masked fields only",
			mask: []string{"title", "labels"},
			want: with(func(it *benchpb.Item) {
				it.Title, it.Labels, it.Revision = "New", map[string]string{"k": "v"}, 8
			}),
		},
		{
			name: "unset field in mask clears it",
			mask: []string{"stock"},
			want: with(func(it *benchpb.Item) { it.Stock, it.Revision = 0, 8 }),
		},
		{
			name: "empty mask: populated fields but the ID",
			want: with(func(it *benchpb.Item) {
				it.Title, it.Price, it.Labels, it.Revision = "New", 10, map[string]string{"k": "v"}, 8
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &benchpb.UpdateItemRequest{Shelf: "s1", Item: proto.CloneOf(change)}
			if tt.mask != nil {
				req.UpdateMask = &fieldmaskpb.FieldMask{Paths: tt.mask}
			}
			got, err := service.New().UpdateItem(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, protocmp.Transform()); diff != "" {
				t.Errorf("UpdateItem (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInvalidArgument(t *testing.T) {
	svc := service.New()
	ctx := context.Background()
	item := &benchpb.Item{Id: "i1"}
	tests := []struct {
		name string
		call func() error
	}{
		{"get without shelf", func() error { _, err := svc.GetItem(ctx, &benchpb.GetItemRequest{Item: "i1"}); return err }},
		{"get without item", func() error { _, err := svc.GetItem(ctx, &benchpb.GetItemRequest{Shelf: "s1"}); return err }},
		{"create without ID", func() error {
			_, err := svc.CreateItem(ctx, &benchpb.CreateItemRequest{Shelf: "s1"})
			return err
		}},
		{"update without item", func() error {
			_, err := svc.UpdateItem(ctx, &benchpb.UpdateItemRequest{Shelf: "s1"})
			return err
		}},
		{"update of an unknown field", func() error {
			_, err := svc.UpdateItem(ctx, &benchpb.UpdateItemRequest{
				Shelf: "s1", Item: item, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"nope"}},
			})
			return err
		}},
		{"update of the revision", func() error {
			_, err := svc.UpdateItem(ctx, &benchpb.UpdateItemRequest{
				Shelf: "s1", Item: item, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"revision"}},
			})
			return err
		}},
		{"update of a nested path", func() error {
			_, err := svc.UpdateItem(ctx, &benchpb.UpdateItemRequest{
				Shelf: "s1", Item: item, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"dimensions.width_mm"}},
			})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := status.Code(tt.call()); got != codes.InvalidArgument {
				t.Errorf("code = %v, want InvalidArgument", got)
			}
		})
	}
}
