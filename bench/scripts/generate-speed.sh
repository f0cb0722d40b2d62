#!/usr/bin/env bash
# Compares the wall time of `bia generate` (compile + protoc-gen-go +
# gRPC + HTTP + errors, all in-process) with protoc running protoc-gen-go
# alone, on a generated proto of 1,000 methods with HTTP rules, 1,000
# messages and a 200-value error enum. protoc comes from Debian's
# protobuf-compiler package, installed when missing. Prints the median of
# RUNS runs of each (default 5). Run from the repository root:
#   bench/scripts/generate-speed.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
runs=${RUNS:-5}

if ! command -v protoc >/dev/null || [ ! -f /usr/include/google/protobuf/descriptor.proto ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends protobuf-compiler libprotobuf-dev >/dev/null
fi
[ -f third_party/google/api/annotations.proto ] || ./scripts/fetch-protos.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bin/protoc-gen-go" google.golang.org/protobuf/cmd/protoc-gen-go
go build -o "$tmp/bin/bia" ./cmd/bia

# The project: big/v1/big.proto under api/.
mkdir -p "$tmp/project/api/big/v1"
{
  echo 'syntax = "proto3";'
  echo 'package big.v1;'
  echo 'import "errors/errors.proto";'
  echo 'import "google/api/annotations.proto";'
  echo 'option go_package = "example.com/big/api/big/v1;v1";'
  echo 'service Big {'
  for i in $(seq 1 1000); do
    echo "  rpc Call$i(Req$i) returns (Req$i) { option (google.api.http) = {post: \"/v1/things$i/{id}\" body: \"*\"}; }"
  done
  echo '}'
  for i in $(seq 1 1000); do
    echo "message Req$i { string id = 1; int64 n = 2; repeated string tags = 3; map<string, string> labels = 4; }"
  done
  echo 'enum ErrorReason {'
  echo '  option (errors.default_code) = 500;'
  for i in $(seq 0 199); do
    echo "  REASON_$i = $i [(errors.code) = 400];"
  done
  echo '}'
} > "$tmp/project/api/big/v1/big.proto"
cat > "$tmp/project/buf.yaml" <<'YAML'
version: v2
modules:
  - path: api
YAML
cp proto/errors/errors.proto "$tmp/errors.proto"
mkdir -p "$tmp/inc/errors" && cp proto/errors/errors.proto "$tmp/inc/errors/"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

cat > "$tmp/project/go-only.yaml" <<'YAML'
version: v2
plugins:
  - local: protoc-gen-go
    out: api
    opt: paths=source_relative
YAML

protoc_times=()
bia_times=()
bia_go_times=()
for _ in $(seq 1 "$runs"); do
  rm -rf "$tmp/out" && mkdir -p "$tmp/out"
  protoc_times+=("$(ms protoc -I "$tmp/project/api" -I "$tmp/inc" -I third_party \
    --plugin=protoc-gen-go="$tmp/bin/protoc-gen-go" --go_out="$tmp/out" --go_opt=paths=source_relative \
    big/v1/big.proto)")
  rm -f "$tmp"/project/api/big/v1/*.go
  bia_times+=("$(cd "$tmp/project" && ms "$tmp/bin/bia" generate -q)")
  rm -f "$tmp"/project/api/big/v1/*.go
  bia_go_times+=("$(cd "$tmp/project" && ms "$tmp/bin/bia" generate -q -template go-only.yaml)")
done
rm -f "$tmp"/project/api/big/v1/*.go
(cd "$tmp/project" && "$tmp/bin/bia" generate -q)
ls "$tmp"/project/api/big/v1/ | sed 's/^/bia wrote: /'
echo "protoc $(protoc --version | cut -d' ' -f2) + protoc-gen-go (messages only): $(printf '%s\n' "${protoc_times[@]}" | median) ms (median of $runs)"
echo "bia generate, protoc-gen-go only (messages):        $(printf '%s\n' "${bia_go_times[@]}" | median) ms (median of $runs)"
echo "bia generate (messages, gRPC, HTTP, errors):       $(printf '%s\n' "${bia_times[@]}" | median) ms (median of $runs)"
echo "nproc: $(nproc)"
