package service

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
)

// The fixed times of every item, so replies are reproducible:
// create_time 2024-03-01T09:30:00Z, update_time 2025-06-15T17:45:30.250Z.
const (
	createSeconds = 1709285400
	updateSeconds = 1750009530
	updateNanos   = 250_000_000
)

// Service implements the methods of bench.v1.Inventory. The zero value is
// ready to use; it holds no state, so it is safe for concurrent use.
type Service struct{}

// New returns a Service.
func New() *Service { return &Service{} }

// GetItem returns the item req names, presented as req asks: its title in
// req.Locale, its revision req.Revision (1 when 0), its tags req.Fields,
// its kind req.Filter.Kind (KIND_BOOK when unspecified), and labels
// recording the locale and the filter's tag.
func (*Service) GetItem(_ context.Context, req *benchpb.GetItemRequest) (*benchpb.Item, error) {
	if req.GetShelf() == "" || req.GetItem() == "" {
		return nil, status.Error(codes.InvalidArgument, "shelf and item are required")
	}
	item := stored(req.GetShelf(), req.GetItem())
	item.Title = "The Go Programming Language (" + req.GetLocale() + ")"
	if req.GetRevision() != 0 {
		item.Revision = req.GetRevision()
	}
	if len(req.GetFields()) > 0 {
		item.Tags = req.GetFields()
	}
	if k := req.GetFilter().GetKind(); k != benchpb.Kind_KIND_UNSPECIFIED {
		item.Kind = k
	}
	item.Available = !req.GetIncludeDeleted()
	item.Labels["locale"] = req.GetLocale()
	item.Labels["tag"] = req.GetFilter().GetTag()
	return item, nil
}

// CreateItem returns req.Item as created: with the ID req.ItemId, on shelf
// req.Shelf, at revision 1, with the fixed create and update times of every item. It
// takes ownership of req.Item.
func (*Service) CreateItem(_ context.Context, req *benchpb.CreateItemRequest) (*benchpb.Item, error) {
	if req.GetShelf() == "" || req.GetItemId() == "" {
		return nil, status.Error(codes.InvalidArgument, "shelf and item_id are required")
	}
	item := req.GetItem()
	if item == nil {
		item = &benchpb.Item{}
	}
	item.Id = req.GetItemId()
	item.Shelf = req.GetShelf()
	item.Revision = 1
	item.CreateTime = &timestamppb.Timestamp{Seconds: createSeconds}
	item.UpdateTime = &timestamppb.Timestamp{Seconds: updateSeconds, Nanos: updateNanos}
	return item, nil
}

// UpdateItem returns the stored item req.Item.Id on shelf req.Shelf with
// the top-level fields req.UpdateMask names set from req.Item (the
// populated fields of req.Item when the mask is empty), its revision
// incremented. Masks naming id, shelf, revision, create_time or
// update_time, nested paths, and unknown fields are InvalidArgument.
func (*Service) UpdateItem(_ context.Context, req *benchpb.UpdateItemRequest) (*benchpb.Item, error) {
	src := req.GetItem()
	if req.GetShelf() == "" || src.GetId() == "" {
		return nil, status.Error(codes.InvalidArgument, "shelf and item.id are required")
	}
	item := stored(req.GetShelf(), src.GetId())
	dst, from := item.ProtoReflect(), src.ProtoReflect()
	paths := req.GetUpdateMask().GetPaths()
	if len(paths) == 0 {
		from.Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
			if !immutable(fd.Name()) {
				paths = append(paths, string(fd.Name()))
			}
			return true
		})
	}
	fields := dst.Descriptor().Fields()
	for _, p := range paths {
		fd := fields.ByName(protoreflect.Name(p))
		if fd == nil || immutable(fd.Name()) {
			return nil, status.Errorf(codes.InvalidArgument, "update_mask: cannot update %q", p)
		}
		if from.Has(fd) {
			dst.Set(fd, from.Get(fd))
		} else {
			dst.Clear(fd)
		}
	}
	item.Revision++
	return item, nil
}

// immutable reports whether the update of field name is refused.
func immutable(name protoreflect.Name) bool {
	switch name {
	case "id", "shelf", "revision", "create_time", "update_time":
		return true
	}
	return false
}

// stored returns the item id on shelf as the service stores it: every field
// populated.
func stored(shelf, id string) *benchpb.Item {
	return &benchpb.Item{
		Id:        id,
		Shelf:     shelf,
		Title:     "The Go Programming Language",
		Kind:      benchpb.Kind_KIND_BOOK,
		Revision:  7,
		Price:     34.99,
		Available: true,
		Tags:      []string{"go", "programming", "classic"},
		Labels:    map[string]string{"publisher": "Addison-Wesley", "lang": "en"},
		Dimensions: &benchpb.Dimensions{
			WidthMm:  187,
			HeightMm: 235,
			DepthMm:  22,
			WeightG:  748.5,
		},
		CreateTime: &timestamppb.Timestamp{Seconds: createSeconds},
		UpdateTime: &timestamppb.Timestamp{Seconds: updateSeconds, Nanos: updateNanos},
		Stock:      12,
	}
}
