#!/usr/bin/env bash
# Installs Debian's chromium when it is missing: the OpenAPI page test
# (internal/openapitest) renders the page in headless Chromium. Nothing is
# downloaded from anywhere but the Debian mirror.
set -euo pipefail
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null
