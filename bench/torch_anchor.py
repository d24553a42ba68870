#!/usr/bin/python3
"""PyTorch side of bench/engine.ts: the reference workloads of issue 7 on PyTorch's CPU path.

Usage: /usr/bin/python3 bench/torch_anchor.py THREADS REPEATS CASE [CASE...]
  THREADS  torch.set_num_threads; the caller sets OMP_NUM_THREADS / OPENBLAS_NUM_THREADS for the BLAS pool
           (left unset, OpenBLAS uses its own 2 threads: the "2c-BLAS" setting of research/torch-anchor.md).
  CASE     a, b (masked MLP training), c (SCANN DAG, one batched step per level), d10 / d2 (case a at 10 % / 2 %
           density: PyTorch's dense-masked cost does not depend on it), infer_a, infer_s (inference at batch 1
           and 1024 of case a and of the sparse DAG).
Prints one JSON object per case and measurement. Timing: one warm-up run, then REPEATS timed runs, median.

Masks come from the same integer hash as bench/engine.ts (mask_hash), so both engines train the same structures:
for the DAG this fixes the number of levels, which sets PyTorch's cost.
"""
import json
import statistics
import sys
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
    threads, repeats, cases = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    torch.set_num_threads(threads)
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
        else:
            raise SystemExit(f'unknown case {case}')


if __name__ == '__main__':
    main()
