#!/usr/bin/env bash
# Fetch the benchmark corpora: source distributions from PyPI, unpacked under bench/corpora/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpora
cd corpora
python3 -m pip download --quiet --no-binary :all: --no-deps sympy==1.13.3 django==5.1.4 -d .
for archive in *.tar.gz; do tar xzf "$archive"; done
ls -d */
