import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainSchema } from '../../src/protocol/config';
import {
  backward,
  backwardFront,
  forward,
  identity,
  loadBatch,
  softmaxCrossEntropy,
  Workspace,
} from '../../src/engine/core/compute';
import { frontGrads, type ConvLayer, type FrontLayerSpec } from '../../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../../src/engine/core/init';
import type { Network } from '../../src/engine/core/network';
import { compilePlan } from '../../src/engine/core/plan';
import { Rng } from '../../src/engine/core/random';
import { Trainer } from '../../src/engine/training/trainer';
import { randomTable } from './helpers/synthetic';

const conv = (channels: number, kernel: number, stride = 1, padding = 0, activation: 'relu' | 'linear' = 'relu') =>
  ({ kind: 'conv', channels, kernel, stride, padding, activation }) as const;

/** Every layer kind: a padded strided ReLU conv, max pooling, a linear conv, average pooling. */
const SPECS: FrontLayerSpec[] = [
  conv(3, 3, 1, 1),
  { kind: 'maxPool', size: 2, stride: 2 },
  conv(4, 2, 1, 0, 'linear'),
  { kind: 'avgPool', size: 2, stride: 1 },
];

function smallConvNet(seed: number): { net: Network; x: Float32Array; y: Int32Array; n: number } {
  const rng = new Rng(seed);
  const input = { h: 7, w: 6, c: 2 };
  const net = frontNetwork(
    input,
    SPECS,
    (inputs) => mlpNetwork(inputs, 3, { layers: [5], inputDensity: 1, initialBias: 0.3 }, rng),
    rng,
  );
  // Some kernel weights dormant, so the masked-weight gradient is checked too.
  for (const l of net.front!.convLayers()) for (let i = 0; i < l.mask.length; i++) if (rng.next() < 0.25) l.mask[i] = 0;
  for (const l of net.front!.convLayers()) for (let i = 0; i < l.bias.length; i++) l.bias[i] = 0.3 + 0.1 * rng.normal();
  net.applyMask();
  const { x, y, rows } = randomTable(rng, 6, input.h * input.w * input.c, 3);
  return { net, x, y, n: rows };
}

function run(net: Network, x: Float32Array, y: Int32Array, n: number, withGrad: boolean) {
  const plan = compilePlan(net);
  const ws = new Workspace(net, n);
  loadBatch(ws, x, identity(n), 0, n);
  forward(ws, plan, n);
  const { loss } = softmaxCrossEntropy(ws, y, identity(n), 0, n, withGrad);
  return { plan, ws, loss: loss / n };
}

/** Which ReLUs are on and where every max pool took its value: finite differences hold while this stays. */
function kinks(net: Network, x: Float32Array, n: number): string {
  const { ws } = run(net, x, new Int32Array(n), n, false);
  const f = ws.front!;
  let s = '';
  net.front!.layers.forEach((l, i) => {
    if (l.kind === 'conv' && l.activation === 'relu') for (const v of f.outs[i]!) s += v > 0 ? '1' : '0';
    if (l.kind === 'maxPool') s += f.argmax[i]!.join(',');
  });
  for (const t of net.order) for (let b = 0; b < n; b++) s += ws.act[(net.inputs + t) * n + b]! > 0 ? '1' : '0';
  return s;
}

let compared = 0;
let skipped = 0;
function check(
  net: Network,
  arr: Float32Array,
  i: number,
  analytic: number,
  x: Float32Array,
  y: Int32Array,
  n: number,
  what: string,
): void {
  // Smaller than the dense test's step: conv outputs near zero are common, and a ReLU or pooling choice that flips
  // makes the coordinate unusable; the loss is summed in double precision from float32 activations.
  const h = 5e-4;
  const old = arr[i]!;
  const base = kinks(net, x, n);
  arr[i] = old + h;
  const up = run(net, x, y, n, false).loss;
  const upSame = kinks(net, x, n) === base;
  arr[i] = old - h;
  const down = run(net, x, y, n, false).loss;
  const downSame = kinks(net, x, n) === base;
  arr[i] = old;
  if (!upSame || !downSame) {
    skipped++;
    return;
  }
  compared++;
  const fd = (up - down) / (2 * h);
  assert.ok(Math.abs(analytic - fd) <= 1e-3 + 1e-2 * Math.abs(fd), `${what}: analytic ${analytic} vs numeric ${fd}`);
}

test.after(() => {
  process.stdout.write(`conv finite differences: ${compared} compared, ${skipped} on a kink\n`);
  assert.ok(skipped <= compared / 10, `${skipped} of ${compared + skipped} coordinates sat on a kink`);
});

test('backprop through a conv front end and the dense part matches finite differences end to end', () => {
  for (const seed of [1, 2]) {
    const { net, x, y, n } = smallConvNet(seed);
    const { plan, ws } = run(net, x, y, n, true);
    const gw = new Float32Array(net.weights.length);
    const gb = new Float32Array(net.bias.length);
    backward(ws, plan, n, gw, gb);
    const g = frontGrads(net.front!);
    backwardFront(ws, plan, n, g);
    let masked = 0;
    net.front!.convLayers().forEach((l: ConvLayer, j) => {
      for (let i = 0; i < l.weights.length; i++) {
        // A masked weight is 0 but still moves the loss when perturbed: its gradient is what growth ranks by.
        if (!l.mask[i]) masked++;
        check(
          net,
          l.weights,
          i,
          g.weights[j]![i]!,
          x,
          y,
          n,
          `seed ${seed} conv ${j} w[${i}]${l.mask[i] ? '' : ' (masked)'}`,
        );
      }
      for (let i = 0; i < l.bias.length; i++)
        check(net, l.bias, i, g.bias[j]![i]!, x, y, n, `seed ${seed} conv ${j} bias ${i}`);
    });
    assert.ok(masked > 0);
    net.forEachActive((src, t, i) => check(net, net.weights, i, gw[i]!, x, y, n, `seed ${seed} dense w[${src}->${t}]`));
  }
});

test('the flatten boundary feeds the dense part the front end output in HWC order', () => {
  const { net, x, n } = smallConvNet(3);
  const { ws } = run(net, x, new Int32Array(n), n, false);
  const f = ws.front!;
  const last = f.outs[f.outs.length - 1]!;
  const units = net.front!.units;
  assert.equal(units, net.inputs);
  for (let b = 0; b < n; b++) for (let u = 0; u < units; u++) assert.equal(ws.act[u * n + b], last[b * units + u]);
});

test('training a conv network on the reference path lowers the loss and keeps masked kernel weights at 0', async () => {
  const { net, x, y, n } = smallConvNet(4);
  const cfg = trainSchema.parse({ lr: 0.01, batch: 4 });
  const table = { x, y, rows: n };
  const trainer = new Trainer(net, table, table, cfg, new Rng(5), undefined, { kernels: 'reference' });
  assert.equal(trainer.kernelInfo.path, 'reference');
  const before = trainer.evaluate(table).loss;
  const kernels = net.front!.convLayers().map((l) => Float32Array.from(l.weights));
  for (let e = 0; e < 30; e++) await trainer.epoch();
  const after = trainer.evaluate(table).loss;
  assert.ok(after < before * 0.7, `loss ${before} -> ${after}`);
  net.front!.convLayers().forEach((l, j) => {
    let moved = 0;
    for (let i = 0; i < l.weights.length; i++) {
      if (!l.mask[i]) assert.equal(l.weights[i], 0);
      else if (l.weights[i] !== kernels[j]![i]) moved++;
    }
    assert.ok(moved > 0, `conv ${j} trained`);
  });
});
