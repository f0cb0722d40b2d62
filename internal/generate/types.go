package generate

import (
	"fmt"
	"slices"

	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

// serviceField is FileDescriptorProto.service's field number, the first
// element of the source paths of services.
const serviceField = 6

// filterTypes applies a plugin's types and exclude_types to req as buf's
// type filter does for what bia supports: a package or a service.
//
//   - types: only files of a listed package, or declaring a listed
//     service, message or enum, are generated; in a file kept for a
//     listed service, the services not listed are removed;
//   - exclude_types: files of a listed package are not generated, listed
//     services are removed from their files.
//
// Excluding a message or an enum is refused: buf removes what depends on
// it, which bia does not do.
func filterTypes(req *pluginpb.CodeGeneratorRequest, include, exclude []string) error {
	if len(include) == 0 && len(exclude) == 0 {
		return nil
	}
	in, ex := set(include), set(exclude)
	byName := map[string][]*descriptorpb.FileDescriptorProto{}
	for _, f := range append(req.GetProtoFile(), req.GetSourceFileDescriptors()...) {
		byName[f.GetName()] = append(byName[f.GetName()], f)
	}
	var keep []string
	for _, name := range req.GetFileToGenerate() {
		copies := byName[name]
		if len(copies) == 0 {
			continue
		}
		f := copies[0]
		pkg := f.GetPackage()
		if ex[pkg] {
			continue
		}
		for _, m := range f.GetMessageType() {
			if ex[qualified(pkg, m.GetName())] {
				return fmt.Errorf("exclude_types %s: excluding a message is not supported by bia generate", qualified(pkg, m.GetName()))
			}
		}
		for _, e := range f.GetEnumType() {
			if ex[qualified(pkg, e.GetName())] {
				return fmt.Errorf("exclude_types %s: excluding an enum is not supported by bia generate", qualified(pkg, e.GetName()))
			}
		}
		keepService := func(s *descriptorpb.ServiceDescriptorProto) bool { return !ex[qualified(pkg, s.GetName())] }
		if len(include) > 0 && !in[pkg] {
			declared, services := false, false
			for _, s := range f.GetService() {
				if in[qualified(pkg, s.GetName())] {
					declared, services = true, true
				}
			}
			for _, m := range f.GetMessageType() {
				declared = declared || in[qualified(pkg, m.GetName())]
			}
			for _, e := range f.GetEnumType() {
				declared = declared || in[qualified(pkg, e.GetName())]
			}
			if !declared {
				continue
			}
			if services {
				keepService = func(s *descriptorpb.ServiceDescriptorProto) bool {
					return in[qualified(pkg, s.GetName())] && !ex[qualified(pkg, s.GetName())]
				}
			}
		}
		for _, c := range copies {
			removeServices(c, keepService)
		}
		keep = append(keep, name)
	}
	req.FileToGenerate = keep
	return nil
}

func set(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func qualified(pkg, name string) string {
	if pkg == "" {
		return name
	}
	return pkg + "." + name
}

// removeServices removes the services of f that keep rejects, with their
// source locations, renumbering those of the services after them.
func removeServices(f *descriptorpb.FileDescriptorProto, keep func(*descriptorpb.ServiceDescriptorProto) bool) {
	newIndex := make([]int, len(f.GetService()))
	var kept []*descriptorpb.ServiceDescriptorProto
	for i, s := range f.GetService() {
		newIndex[i] = -1
		if keep(s) {
			newIndex[i] = len(kept)
			kept = append(kept, s)
		}
	}
	if len(kept) == len(f.GetService()) {
		return
	}
	f.Service = kept
	info := f.GetSourceCodeInfo()
	if info == nil {
		return
	}
	info.Location = slices.DeleteFunc(info.Location, func(loc *descriptorpb.SourceCodeInfo_Location) bool {
		p := loc.GetPath()
		if len(p) < 2 || p[0] != serviceField || int(p[1]) >= len(newIndex) {
			return false
		}
		if newIndex[p[1]] < 0 {
			return true
		}
		p[1] = int32(newIndex[p[1]])
		return false
	})
}
