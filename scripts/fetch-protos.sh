#!/usr/bin/env bash
# Fetches the third-party .proto files Bia's protos import into third_party/
# (git-ignored). Sources are package registries only, pinned by version and
# checksum, so a fresh machine gets byte-identical files:
#   google/api/*.proto   npm google-proto-files (byte-identical to googleapis)
#   validate/*.proto     Go module github.com/envoyproxy/protoc-gen-validate
# Re-running is cheap: a stamp file records what is already there.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/third_party"

GOOGLE_PROTO_FILES_VERSION=6.0.1
GOOGLE_PROTO_FILES_SHA256=711763f77ea15bbc7436aac53db013b421d2c7b86ae27f4013723970ce54a96e
PGV_VERSION=v1.3.3
GNOSTIC_VERSION=v0.7.1

# protovalidate's rules are printed from the descriptor linked into the main
# module (no registry this project reaches ships the .proto), so the stamp
# names that module's version.
PROTOVALIDATE_GO=$(cd "$root" && go list -m -f '{{.Version}}' buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go)

stamp="google-proto-files@$GOOGLE_PROTO_FILES_VERSION pgv@$PGV_VERSION protovalidate@$PROTOVALIDATE_GO gnostic@$GNOSTIC_VERSION"
if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ]; then
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out"
mkdir -p "$out/google/api" "$out/validate" "$out/openapiv3"

# googleapis annotations, from npm.
(cd "$tmp" && npm pack --silent "google-proto-files@$GOOGLE_PROTO_FILES_VERSION" >/dev/null)
tgz="$tmp/google-proto-files-$GOOGLE_PROTO_FILES_VERSION.tgz"
echo "$GOOGLE_PROTO_FILES_SHA256  $tgz" | sha256sum --check --quiet
tar -xzf "$tgz" -C "$tmp"
for f in annotations http httpbody field_behavior; do
  cp "$tmp/package/google/api/$f.proto" "$out/google/api/$f.proto"
done

# protoc-gen-validate rules, from the Go module proxy (checked against go.sum's
# database by the go command itself).
pgv_dir=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "github.com/envoyproxy/protoc-gen-validate@$PGV_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp "$pgv_dir/validate/validate.proto" "$out/validate/validate.proto"

# gnostic's OpenAPI annotations (openapiv3/*.proto), which
# protoc-gen-openapi reads, from the Go module proxy.
gnostic_dir=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "github.com/google/gnostic-models@$GNOSTIC_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp "$gnostic_dir/openapiv3/annotations.proto" "$gnostic_dir/openapiv3/OpenAPIv3.proto" "$out/openapiv3/"

# protovalidate's rules (buf/validate/validate.proto), printed from the
# descriptor of the Go package the runtime links.
(cd "$root" && go run ./internal/cmd/protoprint -out "$out" buf/validate/validate.proto)

chmod -R u+w "$out"
echo "$stamp" > "$out/.stamp"
