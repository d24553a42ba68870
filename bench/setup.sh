#!/usr/bin/env bash
# Installs what bench/engine.ts compares against: Debian's PyTorch 1.13 for /usr/bin/python3 on OpenBLAS (about
# 250 MB of packages), and makes OpenBLAS the libblas.so.3 that PyTorch loads. Idempotent: when everything is in
# place it changes nothing and needs no root.
#
# Why the BLAS step: libtorch links libblas.so.3, which Debian's alternatives system points at one of the installed
# BLAS libraries. `apt-get install python3-torch` alone pulls Debian's reference BLAS (libblas3) and not OpenBLAS,
# and the reference code runs PyTorch's GEMMs 10-20x slower; bench/engine.ts refuses to compare against it.
# Without PyTorch the benchmark still runs and reports our engine alone.
set -euo pipefail
PYTHON=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo > /dev/null; then
    sudo "$@"
  else
    echo "bench/setup.sh: '$*' needs root; run bench/setup.sh as root" >&2
    exit 1
  fi
}

# --sklearn: bench/dr.ts's anchor instead, Debian's scikit-learn (python3-sklearn) on the same OpenBLAS.
MODE=${1:-torch}
packages=()
if [ "$MODE" = --sklearn ]; then
  if ! "$PYTHON" -c 'import sklearn, threadpoolctl' 2> /dev/null; then
    packages+=(python3-sklearn python3-threadpoolctl)
  fi
elif ! "$PYTHON" -c 'import torch, numpy' 2> /dev/null; then
  packages+=(python3-torch python3-numpy)
fi
if ! dpkg-query -W -f='${Status}\n' libopenblas0-pthread 2> /dev/null | grep -qx 'install ok installed'; then
  packages+=(libopenblas0-pthread)
fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "bench/setup.sh: installing ${packages[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
fi

# One alternative per architecture: libblas.so.3-x86_64-linux-gnu here. Keep any OpenBLAS variant that is already
# selected (pthread, openmp or serial); otherwise select the pthread build (the reference BLAS may be selected by
# hand, or be the only candidate when OpenBLAS was installed later with the selection set to manual).
multiarch=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_config_var("MULTIARCH") or "")')
name="libblas.so.3-$multiarch"
if current=$(update-alternatives --query "$name" 2> /dev/null | awk '$1 == "Value:" {print $2}'); then
  case "$current" in
    */openblas*) ;;
    *)
      openblas=$(update-alternatives --list "$name" | grep '/openblas-pthread/' | head -n 1 || true)
      if [ -z "$openblas" ]; then
        echo "bench/setup.sh: $name has no OpenBLAS candidate (is libopenblas0-pthread installed?)" >&2
        exit 1
      fi
      echo "bench/setup.sh: libblas.so.3 was ${current:-unset}; selecting $openblas"
      as_root update-alternatives --set "$name" "$openblas"
      ;;
  esac
else
  echo "bench/setup.sh: no $name alternative; leaving the BLAS as it is"
fi

if [ "$MODE" = --sklearn ]; then
  # The BLAS numpy really loads, and its threads (exits 3 with the reason when it is not an optimized one).
  "$PYTHON" "$HERE/dr_sklearn.py" probe | "$PYTHON" -c '
import json, sys
p = json.load(sys.stdin)
b = p["blas"]
print("scikit-learn %s on %s %s (%s kernels, %s threads): %s" % (p["sklearn"], b["implementation"], b["version"],
                                                                 b["kernels"], b["threads"], b["file"]))
'
  exit 0
fi

# Check in a real PyTorch process which BLAS it loads (exits 3 with the reason when it is not an optimized one).
"$PYTHON" "$HERE/torch_anchor.py" probe | "$PYTHON" -c '
import json, sys
p = json.load(sys.stdin)
b = p["blas"]
print("PyTorch %s on %s %s (%s kernels): %s" % (p["torch"], b["implementation"], b.get("version") or "",
                                               b.get("kernels") or "?", b["resolved"]))
'
