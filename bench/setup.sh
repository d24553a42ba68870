#!/usr/bin/env bash
# Installs what bench/engine.ts compares against: Debian's PyTorch 1.13 (OpenBLAS) for /usr/bin/python3, about
# 250 MB of packages. Without it the benchmark still runs and reports our engine alone.
set -euo pipefail
if /usr/bin/python3 -c 'import torch' 2> /dev/null; then
  echo "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') is already installed"
  exit 0
fi
apt-get update
apt-get install -y python3-torch python3-numpy
