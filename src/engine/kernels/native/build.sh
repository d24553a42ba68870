#!/usr/bin/env bash
# Builds the kernel modules into ../wasm/ with Debian's clang-16 (apt-get install -y --no-install-recommends
# clang-16 lld-16). The outputs are committed, so neither CI nor users need this toolchain.
#   kernels-{simd,relaxed}-{shared,plain}.wasm: SIMD128 mul+add or relaxed-SIMD FMA; shared memory (threads) or
#   plain memory (the fallback where shared memory is unavailable).
# Usage: build.sh [outdir]   (a test builds into a temporary folder and compares with the committed files)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../wasm}"
CC="${CLANG:-clang-16}"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cflags=(--target=wasm32 -O3 -msimd128 -mbulk-memory -ffreestanding -fno-builtin -Wall -Wextra -Werror
  -Wno-unused-function)
# Linked without -O: clang runs any wasm-opt it finds on PATH after an optimizing link (npm puts binaryen's on
# it), which would make the output depend on the caller's PATH.
ldflags=(--target=wasm32 -nostdlib -Wl,--no-entry -Wl,--import-memory -Wl,--export=__heap_base
  -Wl,-z,stack-size=4096 -Wl,--stack-first -Wl,--strip-all)
shared=(-matomics -mmutable-globals)
shared_ld=(-Wl,--shared-memory -Wl,--max-memory=2147483648)
for simd in simd relaxed; do
  flags=()
  [ "$simd" = relaxed ] && flags=(-mrelaxed-simd -DSCANN_RELAXED)
  # Kernels must not use the shadow stack (see common.h): the assembly must never touch __stack_pointer.
  if "$CC" "${cflags[@]}" "${flags[@]}" -S -o - "$here/kernels.c" | grep -q __stack_pointer; then
    echo "build.sh: the $simd kernels use the shadow stack" >&2
    exit 1
  fi
  for mem in shared plain; do
    extra=()
    extra_ld=()
    if [ "$mem" = shared ]; then
      extra=("${shared[@]}")
      extra_ld=("${shared_ld[@]}")
    fi
    "$CC" "${cflags[@]}" "${flags[@]}" "${extra[@]}" -c "$here/kernels.c" -o "$tmp/k.o"
    "$CC" "${ldflags[@]}" "${extra_ld[@]}" "$tmp/k.o" -o "$out/kernels-$simd-$mem.wasm"
  done
done
