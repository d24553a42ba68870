#!/usr/bin/python3
"""PyTorch side of bench/engine.ts: the reference workloads of issue 7 on PyTorch's CPU path.

Usage: /usr/bin/python3 bench/torch_anchor.py THREADS REPEATS CASE [CASE...]
  THREADS  torch.set_num_threads; the caller sets OMP_NUM_THREADS / OPENBLAS_NUM_THREADS for the BLAS pool
           (left unset, OpenBLAS uses its own 2 threads: the "2c-BLAS" setting of research/torch-anchor.md).
  CASE     a, b (masked MLP training), c (SCANN DAG, one batched step per level), d10 / d2 (case a at 10 % / 2 %
           density: PyTorch's dense-masked cost does not depend on it), infer_a, infer_s (inference at batch 1
           and 1024 of case a and of the sparse DAG), f64 / f256 (LeNet-5 SGD training at batch 64 / 256),
           fb1 (LeNet-5 inference at batch 1).
Prints one JSON object per case and measurement. Timing: one warm-up run, then REPEATS timed runs, median.

Masks come from the same integer hash as bench/engine.ts (mask_hash), so both engines train the same structures:
for the DAG this fixes the number of levels, which sets PyTorch's cost.

       /usr/bin/python3 bench/torch_anchor.py probe [--peak]
  Prints one JSON object describing what PyTorch really runs on: the BLAS library that libtorch's sgemm_ resolves
  to in this process (through the libblas.so.3 alternative), its version, kernels and threads, the CPU's ISA,
  torch/OpenMP threads and, with --peak, a one-thread SGEMM peak (the caller sets OPENBLAS_NUM_THREADS=1).

Every mode refuses to run (exit status 3, message on stderr) when that BLAS is not an optimized one (OpenBLAS, MKL,
BLIS): Debian's reference libblas3 is 10-20x slower on SGEMM and would make every ratio against PyTorch meaningless.
"""
import ctypes
import json
import os
import re
import statistics
import sys
import sysconfig
import time

import numpy as np
import torch
import torch.nn.functional as F

M32 = 0xFFFFFFFF


def mask_hash(seed, rows, cols):
    """u[i, j] in [0, 1): murmur3's finalizer over seed*K0 + i*K1 + j*K2 (mod 2^32). Mirrors maskHash in TS."""
    i = np.arange(rows, dtype=np.uint64)[:, None]
    j = np.arange(cols, dtype=np.uint64)[None, :]
    h = (np.uint64(seed) * np.uint64(0x9E3779B1) + i * np.uint64(0x85EBCA77) + j * np.uint64(0xC2B2AE3D)) & np.uint64(M32)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(M32)
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(M32)
    h ^= h >> np.uint64(16)
    return torch.from_numpy(h.astype(np.float64) / 4294967296.0)


def masked(seed, rows, cols, density):
    return (mask_hash(seed, rows, cols) < density).float()


class MaskedMLP(torch.nn.Module):
    """ReLU MLP whose Linear weights (out x in) are multiplied by fixed 0/1 masks."""

    def __init__(self, sizes, density):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.params = [l.weight for l in self.layers]
        self.masks = [masked(1 + l, w.shape[0], w.shape[1], density) for l, w in enumerate(self.params)]
        self.apply_masks()

    def apply_masks(self):
        with torch.no_grad():
            for w, m in zip(self.params, self.masks):
                w.mul_(m)

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = F.relu(layer(x))
        return self.layers[-1](x)


class LevelDAG(torch.nn.Module):
    """SCANN DAG: hidden j reads inputs and hidden i < j; outputs read inputs and hidden. Levels (longest path)
    are computed together: one matmul pair per level."""

    def __init__(self, d, n, k, p_hh, density):
        super().__init__()

        def param(rows, cols):
            return torch.nn.Parameter(torch.randn(rows, cols) / rows**0.5)

        self.w_ih, self.w_hh, self.w_io, self.w_ho = param(d, n), param(n, n), param(d, k), param(n, k)
        self.b_h = torch.nn.Parameter(torch.zeros(n))
        self.b_o = torch.nn.Parameter(torch.zeros(k))
        self.params = [self.w_ih, self.w_hh, self.w_io, self.w_ho]
        self.masks = [
            masked(11, d, n, density),
            masked(12, n, n, p_hh).triu(1),
            masked(13, d, k, density),
            masked(14, n, k, density),
        ]
        self.apply_masks()
        level = [0] * n
        hh = self.masks[1]
        for j in range(n):
            level[j] = 1 + max([level[i] for i in range(j) if hh[i, j] > 0], default=0)
        self.levels = [torch.tensor([j for j in range(n) if level[j] == l]) for l in range(1, max(level) + 1)]

    def apply_masks(self):
        with torch.no_grad():
            for w, m in zip(self.params, self.masks):
                w.mul_(m)

    def forward(self, x):
        hidden, done = [], torch.empty(0, dtype=torch.long)
        for units in self.levels:
            z = x @ self.w_ih[:, units] + self.b_h[units]
            if len(done):
                z = z + torch.cat(hidden, 1) @ self.w_hh[done][:, units]
            hidden.append(F.relu(z))
            done = torch.cat([done, units])
        return x @ self.w_io + torch.cat(hidden, 1) @ self.w_ho[done] + self.b_o


class LeNet5(torch.nn.Module):
    """Caffe's LeNet-5: conv 20@5x5, max pool 2, conv 50@5x5, max pool 2, fc 500 + ReLU, fc 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 20, 5)
        self.conv2 = torch.nn.Conv2d(20, 50, 5)
        self.fc1 = torch.nn.Linear(800, 500)
        self.fc2 = torch.nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x), 2)
        x = F.max_pool2d(self.conv2(x), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


# Examples per timed LeNet-5 run (bench/engineCases.ts uses the same).
LENET_ROWS = 3072
LENET_INFER = 500

ROWS = {'a': (60000, 784, 10), 'b': (58509, 48, 11)}
NETS = {
    'a': lambda: MaskedMLP([784, 300, 100, 10], 0.5),
    'b': lambda: MaskedMLP([48, 64, 32, 11], 0.5),
    'c': lambda: LevelDAG(48, 64, 11, 0.3, 0.5),
    's': lambda: LevelDAG(48, 64, 11, 0.1, 0.15),
}


def data(shape):
    n, d, k = ROWS[shape]
    return torch.randn(n, d), torch.randint(0, k, (n,))


def timed(fn, repeats):
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, statistics.median(cpu) / statistics.median(wall)


def train_epoch(net, opt, x, y, batch=128):
    for i in range(0, len(x), batch):
        loss = F.cross_entropy(net(x[i:i + batch]), y[i:i + batch])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        for w, m in zip(net.params, net.masks):
            w.grad.mul_(m)
        opt.step()
        net.apply_masks()


def emit(threads, **fields):
    print(json.dumps(dict(engine='torch', threads=threads, **fields)), flush=True)


def main():
    if sys.argv[1:2] == ['probe']:
        return probe('--peak' in sys.argv[2:])
    threads, repeats, cases = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    torch.set_num_threads(threads)
    require_optimized_blas(blas_info())
    for case in cases:
        torch.manual_seed(0)
        if case in ('a', 'b', 'c', 'd10', 'd2'):
            net = NETS[case[0] if case[0] != 'd' else 'a']()
            x, y = data('b' if case == 'c' else case[0] if case[0] != 'd' else 'a')
            opt = torch.optim.Adam(net.parameters(), lr=1e-3)
            wall, par = timed(lambda: train_epoch(net, opt, x, y), repeats)
            emit(threads, case=case, kind='train', ex_s=[len(x) / w for w in wall], cpu_per_wall=par)
        elif case in ('infer_a', 'infer_s'):
            key = case[-1]
            net = NETS[key]().eval()
            x, _ = data('a' if key == 'a' else 'b')
            for batch, n in ((1, 5000), (1024, len(x))):
                def run():
                    with torch.inference_mode():
                        for i in range(0, n, batch):
                            net(x[i:i + batch])

                wall, par = timed(run, repeats)
                emit(threads, case=f'{case}_b{batch}', kind='infer', ex_s=[n / w for w in wall], cpu_per_wall=par)
        elif case in ('f64', 'f256'):
            batch = int(case[1:])
            net = LeNet5()
            x, y = torch.randn(LENET_ROWS, 1, 28, 28), torch.randint(0, 10, (LENET_ROWS,))
            opt = torch.optim.SGD(net.parameters(), lr=0.01)

            def epoch():
                for i in range(0, LENET_ROWS, batch):
                    loss = F.cross_entropy(net(x[i:i + batch]), y[i:i + batch])
                    opt.zero_grad(set_to_none=True)
                    loss.backward()
                    opt.step()

            wall, par = timed(epoch, repeats)
            emit(threads, case=case, kind='train', ex_s=[LENET_ROWS / w for w in wall], cpu_per_wall=par)
        elif case == 'fb1':
            net = LeNet5().eval()
            x = torch.randn(LENET_INFER, 1, 1, 28, 28)

            def run():
                with torch.inference_mode():
                    for i in range(LENET_INFER):
                        net(x[i])

            wall, par = timed(run, repeats)
            emit(threads, case='fb1', kind='infer', ex_s=[LENET_INFER / w for w in wall], cpu_per_wall=par)
        else:
            raise SystemExit(f'unknown case {case}')


# ---- What the anchor runs on -------------------------------------------------------------------------------------

BLAS_FIX = 'run `bash bench/setup.sh` as root (it installs libopenblas0-pthread and selects it as libblas.so.3 with update-alternatives)'
EXIT_BAD_BLAS = 3


class _DlInfo(ctypes.Structure):
    _fields_ = [('dli_fname', ctypes.c_char_p), ('dli_fbase', ctypes.c_void_p),
                ('dli_sname', ctypes.c_char_p), ('dli_saddr', ctypes.c_void_p)]


def _mapped(pattern):
    """Real paths of the files mapped into this process whose name matches pattern."""
    out = []
    with open('/proc/self/maps') as maps:
        for line in maps:
            parts = line.split()
            if len(parts) >= 6 and parts[5].startswith('/') and re.search(pattern, os.path.basename(parts[5])):
                real = os.path.realpath(parts[5])
                if real not in out:
                    out.append(real)
    return out


def _loaded(path):
    """ctypes handle of an already loaded library (never loads a new one), or None."""
    try:
        return ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
    except OSError:
        return None


def _symbol(lib, name, restype=ctypes.c_int):
    try:
        fn = getattr(lib, name)
    except AttributeError:
        return None
    fn.restype = restype
    return fn


def _sgemm_provider():
    """The file that defines the sgemm_ libtorch calls: dladdr on the symbol as libtorch_cpu's handle resolves it."""
    torch.ones(8, 8) @ torch.ones(8, 8)  # make sure the BLAS is loaded and bound
    for lib in _mapped(r'^libtorch_cpu\.so'):
        handle = _loaded(lib)
        fn = handle is not None and _symbol(handle, 'sgemm_')
        if fn:
            info = _DlInfo()
            if ctypes.CDLL(None).dladdr(ctypes.cast(fn, ctypes.c_void_p), ctypes.byref(info)) and info.dli_fname:
                return info.dli_fname.decode()
    return None


def _alternative_chain(name='libblas.so.3'):
    """The symlink chain of the system's libblas.so.3 (Debian: /usr/lib/<triplet>/libblas.so.3 -> /etc/alternatives
    -> the selected implementation), for the messages."""
    link = os.path.join('/usr/lib', sysconfig.get_config_var('MULTIARCH') or '', name)
    chain = [link]
    while os.path.islink(chain[-1]) and len(chain) < 8:
        chain.append(os.path.normpath(os.path.join(os.path.dirname(chain[-1]), os.readlink(chain[-1]))))
    return chain if os.path.exists(link) else []


def blas_info():
    """Which BLAS this process really runs SGEMM on, identified by the functions the library exports."""
    provider = _sgemm_provider()
    info = {'library': provider, 'resolved': os.path.realpath(provider) if provider else None,
            'alternative': ' -> '.join(_alternative_chain()) or None}
    handle = _loaded(provider) if provider else None
    config = _symbol(handle, 'openblas_get_config', ctypes.c_char_p) if handle else None
    if config:
        text = config().decode()
        corename = _symbol(handle, 'openblas_get_corename', ctypes.c_char_p)
        parallel = _symbol(handle, 'openblas_get_parallel')
        version = re.match(r'OpenBLAS ([0-9.]+)', text)
        info.update(implementation='OpenBLAS', version=version.group(1) if version else None, config=text,
                    kernels=corename().decode() if corename else None,
                    threading={0: 'sequential', 1: 'pthreads', 2: 'OpenMP'}.get(parallel() if parallel else -1),
                    threads=handle.openblas_get_num_threads(),
                    backend=(_mapped(r'^libopenblas') or [None])[0], optimized=True)
        return info
    mkl = handle and _symbol(handle, 'mkl_get_max_threads')
    if mkl:
        info.update(implementation='MKL', threads=mkl(), optimized=True)
        return info
    blis = handle and _symbol(handle, 'bli_info_get_version_str', ctypes.c_char_p)
    if blis:
        threads = _symbol(handle, 'bli_thread_get_num_threads')
        info.update(implementation='BLIS', version=blis().decode(), threads=threads() if threads else None,
                    optimized=True)
        return info
    if provider is None and 'Math Kernel Library' in torch.__config__.show():
        info.update(implementation='MKL (linked into libtorch)', threads=torch.get_num_threads(), optimized=True)
        return info
    resolved = info['resolved'] or ''
    if '/blas/' in resolved:
        kind = "reference BLAS (Debian's libblas3, the unoptimized Netlib code)"
    elif '/atlas/' in resolved:
        kind = 'ATLAS'
    else:
        kind = 'an unrecognized BLAS'
    info.update(implementation=kind, optimized=False)
    return info


def require_optimized_blas(blas):
    if blas['optimized']:
        return
    where = blas['resolved'] or 'no library exporting sgemm_ was found'
    chain = f" (libblas.so.3 alternative: {blas['alternative']})" if blas['alternative'] else ''
    elsewhere = ''
    if blas['alternative'] and blas['resolved'] and not blas['alternative'].endswith(blas['resolved']):
        elsewhere = ' This process loaded another libblas.so.3 than the system selects: check LD_LIBRARY_PATH.'
    sys.stderr.write(
        f"No valid PyTorch anchor: PyTorch's SGEMM runs on {blas['implementation']}, {where}{chain}.{elsewhere}\n"
        'Its GEMMs are 15-40x slower than OpenBLAS on the benchmark\'s shapes (2.5-6 against 93-103 GFLOP/s per '
        'core on the development machine), so every ratio against it would be meaningless; nothing is measured '
        'or recorded.\n'
        f'Fix: {BLAS_FIX}.\n')
    sys.exit(EXIT_BAD_BLAS)


def isa_info():
    flags, cpu, family, model = [], None, None, None
    with open('/proc/cpuinfo') as f:
        for line in f:
            key, _, value = line.partition(':')
            key, value = key.strip(), value.strip()
            if key == 'model name' and cpu is None:
                cpu = value
            elif key == 'cpu family' and family is None:
                family = int(value)
            elif key == 'model' and model is None:
                model = int(value)
            elif key == 'flags' and not flags:
                flags = [f for f in value.split() if re.match(r'^(sse4_2|avx|avx2|fma|f16c|avx512|amx)', f)]
    capability = None
    cpu_backend = getattr(torch.backends, 'cpu', None)
    if cpu_backend is not None and hasattr(cpu_backend, 'get_cpu_capability'):
        capability = cpu_backend.get_cpu_capability()
    else:
        found = re.search(r'CPU capability usage: (\S+)', torch.__config__.show())
        capability = found.group(1) if found else None
    return {'cpu': cpu, 'family': family, 'model': model, 'flags': flags, 'torchCapability': capability}


def thread_info(blas):
    omp = re.search(r'omp_get_max_threads\(\) : (\d+)', torch.__config__.parallel_info())
    return {'torch': torch.get_num_threads(), 'interop': torch.get_num_interop_threads(),
            'omp': int(omp.group(1)) if omp else None, 'blas': blas.get('threads')}


def sgemm_peak():
    """One-thread float32 GEMM rate on square sizes: the per-core peak the report divides by. Each call is timed by
    wall clock and by this process's CPU time: with one thread, FLOP per CPU-second is the rate while the core is
    ours, which other processes' time slices on a shared machine do not lower. The peak is the best size's median
    CPU-time rate; wall-clock best and median are recorded next to it."""
    torch.set_num_threads(1)
    sizes = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for n, repeats in ((512, 60), (1024, 20), (2048, 6)):
        a, b = torch.randn(n, n), torch.randn(n, n)
        a @ b
        wall, cpu = [], []
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            a @ b
            wall.append(2 * n**3 / (time.perf_counter() - t0) / 1e9)
            cpu.append(2 * n**3 / max(time.process_time() - c0, 1e-9) / 1e9)
        sizes.append({'n': n, 'cpuMedian': round(statistics.median(cpu), 1), 'wallBest': round(max(wall), 1),
                      'wallMedian': round(statistics.median(wall), 1)})
    cpu_per_wall = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    return {'gflops': max(s['cpuMedian'] for s in sizes), 'sizes': sizes, 'cpuPerWall': round(cpu_per_wall, 2)}


def probe(peak):
    blas = blas_info()
    require_optimized_blas(blas)
    out = {'engine': 'torch', 'kind': 'probe', 'torch': torch.__version__, 'numpy': np.__version__,
           'python': f'{sys.executable} {sys.version.split()[0]}', 'blas': blas, 'isa': isa_info(),
           'threads': thread_info(blas)}
    if peak:
        # The caller sets OPENBLAS_NUM_THREADS=1; make sure, since OpenBLAS' pool ignores torch.set_num_threads.
        handle = _loaded(blas['library'])
        set_threads = handle is not None and _symbol(handle, 'openblas_set_num_threads', None)
        if set_threads:
            set_threads(1)
        out['sgemm'] = sgemm_peak()
        out['sgemm']['blasThreads'] = blas_info().get('threads')
    print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
