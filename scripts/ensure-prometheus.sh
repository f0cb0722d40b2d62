#!/usr/bin/env bash
# Installs Debian's prometheus when it is missing: the example's
# observability test (examples/helloworld) has a real Prometheus scrape
# the service. Nothing is downloaded from anywhere but the Debian mirror.
set -euo pipefail
if command -v prometheus >/dev/null; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
command -v prometheus >/dev/null
