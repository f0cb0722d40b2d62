// Package jsoncheck compares the generated proto3 JSON code of
// protoc-gen-go-json (through package jsoncodec) with protojson, the
// reference: the differential tests of the main module and of the
// benchmark module share it.
//
//	for _, m := range randomMessages {
//		if err := jsoncheck.Marshal(m); err != nil {
//			t.Error(err)
//		}
//	}
package jsoncheck

import (
	"bytes"
	"encoding/json"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/encoding/jsoncodec"
)

// marshalModes are the option sets compared: protojson's defaults, the
// server's defaults (EmitUnpopulated) and proto names.
var marshalModes = []jsoncodec.MarshalOptions{
	{},
	{EmitUnpopulated: true},
	{UseProtoNames: true},
	{EmitUnpopulated: true, UseProtoNames: true},
}

// Marshal checks m under every option set: the generated encoder fails
// exactly when protojson fails, writes the same JSON (after removing
// protojson's random insignificant spaces), and both the generated
// decoder agrees with protojson on reading it back. m must have generated
// code.
func Marshal(m proto.Message) error {
	if !jsoncodec.Generated(m) {
		return fmt.Errorf("%T has no generated proto3 JSON code", m)
	}
	for _, o := range marshalModes {
		want, werr := protojson.MarshalOptions{EmitUnpopulated: o.EmitUnpopulated, UseProtoNames: o.UseProtoNames}.Marshal(m)
		got, gerr := o.Marshal(m)
		if (werr == nil) != (gerr == nil) {
			return fmt.Errorf("%T %+v: protojson error %v, generated error %v (protojson wrote %s)", m, o, werr, gerr, clip(want))
		}
		if werr != nil {
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, want); err != nil {
			return fmt.Errorf("%T: protojson wrote invalid JSON: %v", m, err)
		}
		if !bytes.Equal(compact.Bytes(), got) {
			return fmt.Errorf("%T %+v:\nprotojson: %s\ngenerated: %s", m, o, clip(compact.Bytes()), clip(got))
		}
		// Read back: the generated decoder must agree with protojson on
		// the JSON (which need not read back as m: protojson writes null
		// for any NullValue number, and under proto names a field's JSON
		// name can be another field's proto name).
		if err := Unmarshal(m, got); err != nil {
			return err
		}
	}
	return nil
}

// unmarshalModes are the decoding option sets compared.
var unmarshalModes = []jsoncodec.UnmarshalOptions{{}, {DiscardUnknown: true}}

// Unmarshal checks that the generated decoder and protojson agree on data
// decoded into a message of m's type, under both unknown-field policies:
// both reject it, or both accept it with equal messages.
func Unmarshal(m proto.Message, data []byte) error {
	for _, o := range unmarshalModes {
		want := m.ProtoReflect().New().Interface()
		werr := protojson.UnmarshalOptions{DiscardUnknown: o.DiscardUnknown}.Unmarshal(data, want)
		got := m.ProtoReflect().New().Interface()
		gerr := o.Unmarshal(data, got)
		if (werr == nil) != (gerr == nil) {
			return fmt.Errorf("%T %+v: %q: protojson error %v, generated error %v", m, o, clip(data), werr, gerr)
		}
		if werr == nil && !proto.Equal(want, got) {
			return fmt.Errorf("%T %+v: %q: protojson reads %s, generated reads %s", m, o, clip(data), clip([]byte(fmt.Sprint(want))), clip([]byte(fmt.Sprint(got))))
		}
	}
	return nil
}

// clip shortens b for an error message; random messages can be long.
func clip(b []byte) []byte {
	const max = 600
	if len(b) <= max {
		return b
	}
	return append(append([]byte{}, b[:max]...), "..."...)
}
