#!/usr/bin/env bash
# Fetch the benchmark corpora: source distributions from PyPI, unpacked under bench/corpora/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpora
cd corpora
python3 -m pip download --quiet --no-binary :all: --no-deps sympy==1.13.3 django==5.1.4 flask==3.0.3 click==8.1.7 \
    requests==2.32.3 httpx==0.27.2 -d .
for archive in *.tar.gz; do tar xzf "$archive"; done
ls -d */
