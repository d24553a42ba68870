"""scikit-learn's side of bench/dr.ts: fits one DR method on the float32 matrix bench/dr.ts wrote and prints JSON.

Usage:
  dr_sklearn.py probe                                  -> versions, the BLAS numpy runs on, threads
  dr_sklearn.py fit FILE ROWS COLS METHOD K SUBSET     -> {"method", "rows", "wallS", "cpuS", "iterations"?}

Exits 3 with the reason on stderr when numpy's BLAS is not an optimized one (the reference BLAS would make every
dense fit look 10x slower than scikit-learn really is). bench/setup.sh --sklearn installs and selects OpenBLAS.
"""

import json
import os
import sys
import time

EXIT_BAD_BLAS = 3
OPTIMIZED = {"openblas", "mkl", "blis"}


def probe():
    import numpy
    import sklearn
    from threadpoolctl import threadpool_info

    pools = threadpool_info()
    blas = next((p for p in pools if p.get("user_api") == "blas"), None)
    info = {
        "python": sys.version.split()[0],
        "sklearn": sklearn.__version__,
        "numpy": numpy.__version__,
        "blas": {
            "implementation": blas["internal_api"] if blas else None,
            "version": blas.get("version") if blas else None,
            "threads": blas.get("num_threads") if blas else None,
            "threadingLayer": blas.get("threading_layer") if blas else None,
            "kernels": blas.get("architecture") if blas else None,
            "file": blas.get("filepath") if blas else None,
        },
        "openmpThreads": next((p["num_threads"] for p in pools if p.get("user_api") == "openmp"), None),
    }
    if not blas or blas["internal_api"] not in OPTIMIZED:
        sys.stderr.write(
            "numpy runs on %s, not an optimized BLAS: run bench/setup.sh --sklearn (it selects OpenBLAS)\n"
            % (blas["filepath"] if blas else "no BLAS library")
        )
        sys.exit(EXIT_BAD_BLAS)
    return info


def fit(path, rows, cols, method, k, subset):
    import numpy as np
    from sklearn import decomposition, manifold, random_projection

    x = np.fromfile(path, dtype=np.float32).reshape(rows, cols)
    if subset and subset < rows:
        x = x[:subset]
    make = {
        "pca": lambda: decomposition.PCA(n_components=k, random_state=0),
        "factorAnalysis": lambda: decomposition.FactorAnalysis(n_components=k, max_iter=100, random_state=0),
        "ica": lambda: decomposition.FastICA(
            n_components=k, max_iter=200, whiten="unit-variance", random_state=0
        ),
        "isomap": lambda: manifold.Isomap(n_neighbors=10, n_components=k),
        "spectral": lambda: manifold.SpectralEmbedding(n_components=k, n_neighbors=10, random_state=0),
        "rpGaussian": lambda: random_projection.GaussianRandomProjection(n_components=k, random_state=0),
        "rpSparseTernary": lambda: random_projection.SparseRandomProjection(n_components=k, random_state=0),
    }
    model = make[method]()
    # Random projections fit in microseconds: their cost is the transform, so both sides time fit + transform.
    transform = method.startswith("rp")
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if method == "spectral":
        model.fit_transform(x)
    elif transform:
        model.fit(x).transform(x)
    else:
        model.fit(x)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    out = {"method": method, "rows": int(x.shape[0]), "wallS": wall, "cpuS": cpu}
    # Iterative fits: how many iterations they ran (their cap means they stopped before converging).
    if hasattr(model, "n_iter_"):
        out["iterations"] = int(model.n_iter_)
    return out


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    import warnings

    warnings.filterwarnings("ignore")
    if sys.argv[1] == "probe":
        print(json.dumps(probe()))
    else:
        _, _, path, rows, cols, method, k, subset = sys.argv
        print(json.dumps(fit(path, int(rows), int(cols), method, int(k), int(subset))))
