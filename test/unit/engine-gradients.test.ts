import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainSchema, type ConnectionGroup } from '../../src/protocol/config';
import { backward, forward, identity, loadBatch, softmaxCrossEntropy, Workspace } from '../../src/engine/core/compute';
import { compilePlan } from '../../src/engine/core/plan';
import { dagNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { gradientScores } from '../../src/engine/synthesis/ops/growConnections';
import { Rng } from '../../src/engine/core/random';
import { Trainer } from '../../src/engine/training/trainer';
import { randomTable } from './helpers/synthetic';

/** Mean softmax cross-entropy of the network on the whole table, in double precision from float32 activations. */
function meanLoss(net: Network, x: Float32Array, y: Int32Array, n: number): number {
  const plan = compilePlan(net);
  const ws = new Workspace(net, n);
  loadBatch(ws, x, identity(n), 0, n);
  forward(ws, plan, n);
  return softmaxCrossEntropy(ws, y, identity(n), 0, n, false).loss / n;
}

function analytic(net: Network, x: Float32Array, y: Int32Array, n: number): { gw: Float32Array; gb: Float32Array } {
  const plan = compilePlan(net);
  const ws = new Workspace(net, n);
  loadBatch(ws, x, identity(n), 0, n);
  forward(ws, plan, n);
  softmaxCrossEntropy(ws, y, identity(n), 0, n, true);
  const gw = new Float32Array(net.weights.length);
  const gb = new Float32Array(net.bias.length);
  backward(ws, plan, n, gw, gb);
  return { gw, gb };
}

/** Which hidden ReLUs are on, per sample: finite differences are only valid while this pattern stays the same. */
function reluPattern(net: Network, x: Float32Array, n: number): string {
  const plan = compilePlan(net);
  const ws = new Workspace(net, n);
  loadBatch(ws, x, identity(n), 0, n);
  forward(ws, plan, n);
  let s = '';
  for (const t of net.order) for (let b = 0; b < n; b++) s += ws.act[(net.inputs + t) * n + b]! > 0 ? '1' : '0';
  return s;
}

/**
 * Central difference of the loss in one parameter (float32 storage limits the step to about 1e-2), or undefined
 * when the step crosses a ReLU kink, where a finite difference does not estimate the derivative.
 */
function numeric(
  net: Network,
  arr: Float32Array,
  i: number,
  x: Float32Array,
  y: Int32Array,
  n: number,
): number | undefined {
  const h = 1e-2;
  const old = arr[i]!;
  const base = reluPattern(net, x, n);
  arr[i] = old + h;
  const up = meanLoss(net, x, y, n);
  const upSame = reluPattern(net, x, n) === base;
  arr[i] = old - h;
  const down = meanLoss(net, x, y, n);
  const downSame = reluPattern(net, x, n) === base;
  arr[i] = old;
  return upSame && downSame ? (up - down) / (2 * h) : undefined;
}

let compared = 0;
let skipped = 0;
function assertClose(a: number, b: number | undefined, what: string): void {
  if (b === undefined) {
    skipped++;
    return;
  }
  compared++;
  const tol = 1e-3 + 1e-2 * Math.abs(b);
  assert.ok(Math.abs(a - b) <= tol, `${what}: analytic ${a} vs numeric ${b}`);
}

test.after(() => {
  // Kinks must stay the exception, or the check would silently test nothing.
  process.stdout.write(`finite differences: ${compared} compared, ${skipped} on a kink\n`);
  assert.ok(skipped <= compared / 10, `${skipped} of ${compared + skipped} coordinates sat on a ReLU kink`);
});

/**
 * A random DAG with skip connections, with biases shifted so ReLUs are mostly active: finite differences are only
 * valid away from the kinks, so positions whose pre-activations sit near zero would make the check flaky.
 */
function randomDag(seed: number): { net: Network; x: Float32Array; y: Int32Array; n: number } {
  const rng = new Rng(seed);
  const d = 5;
  const c = 3;
  const net = dagNetwork(
    d,
    c,
    { hidden: 7, capacity: 10, inputDensity: 0.6, skipConnections: true, initialBias: 0.5 },
    rng,
  );
  // Thin out the dense hidden->hidden DAG so some positions are dormant.
  net.forEachActive((src, t, i) => {
    if (net.groupOf(src, t) === 'hiddenHidden' && rng.next() < 0.4) net.mask[i] = 0;
  });
  net.applyMask();
  const { x, y, rows } = randomTable(rng, 24, d, c);
  return { net, x, y, n: rows };
}

test('backprop matches finite differences for every connection group of a DAG with skip connections', () => {
  for (const seed of [1, 2, 3]) {
    const { net, x, y, n } = randomDag(seed);
    const { gw, gb } = analytic(net, x, y, n);
    const seen = new Set<ConnectionGroup>();
    net.forEachActive((src, t, i) => {
      seen.add(net.groupOf(src, t));
      assertClose(
        gw[i]!,
        numeric(net, net.weights, i, x, y, n),
        `seed ${seed} w[${src}->${t}] (${net.groupOf(src, t)})`,
      );
    });
    assert.deepEqual([...seen].sort(), ['hiddenHidden', 'hiddenOutput', 'inputHidden', 'inputOutput']);
    for (const t of [...net.order, ...Array.from({ length: net.outputs }, (_, o) => net.outputTarget(o))]) {
      assertClose(gb[t]!, numeric(net, net.bias, t, x, y, n), `seed ${seed} bias ${t}`);
    }
  }
});

test('backprop matches finite differences in the MLP space', () => {
  const rng = new Rng(9);
  const net = mlpNetwork(4, 3, { layers: [6, 5], inputDensity: 1, initialBias: 0.3 }, rng);
  const { x, y, rows } = randomTable(rng, 20, 4, 3);
  const { gw } = analytic(net, x, y, rows);
  let checked = 0;
  net.forEachActive((src, t, i) => {
    assertClose(gw[i]!, numeric(net, net.weights, i, x, y, rows), `mlp w[${src}->${t}]`);
    checked++;
  });
  assert.equal(checked, 4 * 6 + 6 * 5 + 5 * 3);
});

test('growth scores of dormant positions equal the gradient the connection would have', () => {
  const { net, x, y, n } = randomDag(4);
  const cfg = trainSchema.parse({ batch: n });
  const table = { x, y, rows: n };
  const trainer = new Trainer(net, table, table, cfg, new Rng(1));
  const srcs: number[] = [];
  const tgts: number[] = [];
  const idx: number[] = [];
  net.forEachAllowed((src, t, i) => {
    if (!net.mask[i]) {
      srcs.push(src);
      tgts.push(t);
      idx.push(i);
    }
  });
  assert.ok(idx.length > 5, 'the test network has dormant positions');
  const scores = gradientScores(trainer, srcs, tgts, 1, true);
  idx.forEach((i, k) => {
    net.mask[i] = 1; // make the position a live connection at weight 0, then differentiate
    const fd = numeric(net, net.weights, i, x, y, n);
    net.mask[i] = 0;
    assertClose(scores[k]!, fd, `dormant ${srcs[k]}->${tgts[k]}`);
  });
});
