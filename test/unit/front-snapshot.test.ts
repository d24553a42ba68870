/**
 * The conv front end in architecture snapshots: the engine's description (kernel weight counts per output and input
 * channel, channel states) against counts made here from the model file's masks, the views' second path (from a
 * model file) against the engine's, the guard, and a real conv run whose every snapshot carries its front end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { decodeBase64 } from '../../src/protocol/base64';
import { isRunEvent, frontSnapshotProblem } from '../../src/protocol/eventGuards';
import type { ArchitectureSnapshot, RunEvent } from '../../src/protocol/events';
import { frontSnapshotOfModel, type ConvStage, type FrontSnapshot } from '../../src/protocol/frontSnapshot';
import type { ModelJson } from '../../src/protocol/model';
import type { FrontLayerSpec } from '../../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../../src/engine/core/init';
import { architectureSnapshot } from '../../src/engine/core/metrics';
import type { Network } from '../../src/engine/core/network';
import { Rng } from '../../src/engine/core/random';
import { toModel } from '../../src/engine/model/format';
import { convRun } from '../webview/support/convSynthetic';

const conv = (channels: number, active: number, kernel: number): FrontLayerSpec => ({
  kind: 'conv',
  channels,
  active,
  kernel,
  stride: 1,
  padding: 0,
  activation: 'relu',
});

/** conv 4 slots (3 in use) 3x3 on 10x10x2 -> max-pool 2 -> conv 3 slots (all in use) 2x2 -> dense 6 -> 3. */
function network(seed: number): Network {
  const rng = new Rng(seed);
  const specs = [conv(4, 3, 3), { kind: 'maxPool', size: 2, stride: 2 } as const, conv(3, 3, 2)];
  const net = frontNetwork(
    { h: 10, w: 10, c: 2 },
    specs,
    (inputs) => mlpNetwork(inputs, 3, { layers: [6], inputDensity: 1, initialBias: 0.1 }, rng),
    rng,
  );
  // Prune kernel weights at random, so every kernel has its own count.
  for (const l of net.front!.convLayers()) {
    for (let k = 0; k < l.mask.length; k++) if (l.mask[k] && rng.next() < 0.45) l.mask[k] = 0;
    for (let c = 0; c < l.bias.length; c++) if (l.active[c]) l.bias[c] = 0.1;
  }
  net.front!.applyMask();
  return net;
}

const ctx = (n: number) => ({
  featureNames: Array.from({ length: n }, (_, j) => `p${j}`),
  labelNames: ['a', 'b', 'c'],
  scaler: { kind: 'none' as const, offset: new Float32Array(n), scale: new Float32Array(n).fill(1) },
});

/** Active weights per (output, input channel) kernel, counted from a model file's masks ([out][kh][kw][in]). */
function countsFromModel(m: ModelJson): number[][] {
  return m.front!.layers.flatMap((l) => {
    if (l.kind !== 'conv') return [];
    const mask = decodeBase64(l.mask);
    const inC = mask.length / (l.channels * l.kernel * l.kernel);
    const counts: number[] = [];
    for (let o = 0; o < l.channels; o++)
      for (let c = 0; c < inC; c++) {
        let n = 0;
        for (let y = 0; y < l.kernel; y++)
          for (let x = 0; x < l.kernel; x++) n += mask[((o * l.kernel + y) * l.kernel + x) * inC + c]!;
        counts.push(n);
      }
    return [counts];
  });
}

const convStages = (f: FrontSnapshot): ConvStage[] => f.stages.filter((s): s is ConvStage => s.kind === 'conv');

test('a snapshot of a conv network describes its front end: shapes, kernel counts from the masks, channel states', () => {
  const net = network(1);
  const front = net.front!;
  const [l0, l2] = front.convLayers();
  // Channel 1 of the first conv loses its kernels (constant), channel 2 loses everything reading it (unread);
  // channel 0 of the second conv loses every dense connection from its flatten units (unread).
  l0!.mask.fill(0, 18, 36);
  for (const k of front.inputChannelPositions(2, 2)) l2!.mask[k] = 0;
  for (const u of front.channelUnits(0)) for (let t = 0; t < net.targets; t++) net.mask[t * net.sources + u] = 0;
  front.applyMask();
  net.applyMask();

  const snap = architectureSnapshot(net);
  const f = snap.front!;
  assert.ok(f, 'the snapshot carries the front end');
  assert.deepEqual(f.input, [10, 10, 2]);
  assert.deepEqual(
    f.stages.map((s) => [s.kind, s.input, s.output]),
    [
      ['conv', [10, 10, 2], [8, 8, 4]],
      ['maxPool', [8, 8, 4], [4, 4, 4]],
      ['conv', [4, 4, 4], [3, 3, 3]],
    ],
  );
  // The engine's own shapes agree with the ones the description works out.
  assert.deepEqual(
    front.layers.map((l) => [l.out.h, l.out.w, l.out.c]),
    f.stages.map((s) => s.output),
  );
  assert.equal(snap.inputs, 3 * 3 * 3);
  const model = toModel(net, ctx(200));
  assert.deepEqual(
    convStages(f).map((s) => s.kernelWeights),
    countsFromModel(model),
  );
  assert.equal(
    convStages(f).reduce((n, s) => n + s.kernelWeights.reduce((a, b) => a + b, 0), 0),
    front.activeWeights(),
  );
  assert.deepEqual(
    convStages(f).map((s) => s.channelStates),
    [
      ['active', 'constant', 'unread', 'free'],
      ['unread', 'active', 'active'],
    ],
  );
  assert.equal(frontSnapshotProblem(f), undefined);
});

test('the views read the same description from the model file as the engine sends live', () => {
  for (const seed of [2, 3, 4]) {
    const net = network(seed);
    const live = architectureSnapshot(net).front;
    const fromFile = frontSnapshotOfModel(JSON.parse(JSON.stringify(toModel(net, ctx(200)))) as ModelJson);
    assert.deepEqual(fromFile, live, `seed ${seed}`);
  }
  assert.equal(frontSnapshotOfModel({ ...toModel(network(5), ctx(200)), front: undefined }), undefined);
});

test('a model file whose front end does not decode or fit is refused with the field named', () => {
  const m = toModel(network(6), ctx(200));
  const conv0 = m.front!.layers[0]!;
  assert.equal(conv0.kind, 'conv');
  if (conv0.kind !== 'conv') return;
  assert.throws(
    () => frontSnapshotOfModel({ ...m, front: { ...m.front!, layers: [{ ...conv0, mask: 'AAA' }] } }),
    /mask has \d+ values, expected 72|front.layers\[0\].mask/,
  );
  assert.throws(() => frontSnapshotOfModel({ ...m, inputs: 28 }), /flatten gives 27 values but the network has 28/);
});

test('the snapshot guard reads old snapshots without a front end and refuses a front end that does not add up', () => {
  const net = network(7);
  const snap = architectureSnapshot(net);
  const event = (architecture: unknown): unknown => ({ type: 'snapshot', step: 1, architecture });
  assert.ok(isRunEvent(event(snap)));
  const { front: _front, ...old } = snap;
  assert.ok(isRunEvent(event(old)), 'a snapshot saved before front ends existed');
  const f = snap.front!;
  const stage0 = f.stages[0] as ConvStage;
  const bad = (front: unknown, problem: RegExp): void => {
    assert.ok(!isRunEvent(event({ ...snap, front })));
    assert.match(frontSnapshotProblem(front) ?? '', problem);
  };
  bad({ ...f, input: [10, 10] }, /^input/);
  bad({ ...f, stages: [] }, /^stages/);
  bad({ ...f, stages: [{ ...stage0, kernelWeights: stage0.kernelWeights.slice(1) }] }, /kernelWeights: expected 8/);
  bad({ ...f, stages: [{ ...stage0, kernelWeights: stage0.kernelWeights.map(() => 10) }] }, /from 0 to 9/);
  bad({ ...f, stages: [{ ...stage0, channelStates: ['active', 'gone', 'free', 'free'] }] }, /channelStates/);
  bad({ ...f, stages: [{ ...stage0, output: [8, 8, 5] }] }, /output: expected 4 channels/);
  bad({ ...f, stages: [f.stages[1]] }, /stages\[0\].input: expected the previous output 10x10x2/);
  bad({ ...f, stages: [{ ...stage0, kind: 'dense' }] }, /kind/);
});

const work = mkdtempSync(path.join(tmpdir(), 'scann-front-snapshot-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('a conv run: every snapshot carries its front end, and the selected step matches the model counts', async () => {
  // The bars run of the webview tests, as scheme C with its default loop (pruning only, no channel growth).
  const { events, result } = await convRun(work, { scheme: 'C', start: undefined, loop: undefined });
  const snaps = events.filter((e): e is Extract<RunEvent, { type: 'snapshot' }> => e.type === 'snapshot');
  assert.ok(snaps.length >= 3, `${snaps.length} snapshots`);
  for (const s of snaps) {
    assert.ok(isRunEvent(JSON.parse(JSON.stringify(s))), `snapshot of step ${s.step} passes the guard`);
    const f = s.architecture.front!;
    assert.ok(f, `snapshot of step ${s.step} has the front end`);
    const out = f.stages[f.stages.length - 1]!.output;
    assert.equal(out[0] * out[1] * out[2], s.architecture.inputs);
  }
  // Kernel weights the snapshots count are those the steps report (history counts them in `conv.weights`).
  const weights = (a: ArchitectureSnapshot): number =>
    convStages(a.front!).reduce((n, st) => n + st.kernelWeights.reduce((x, y) => x + y, 0), 0);
  for (const h of result.history) {
    const s = snaps.find((e) => e.step === h.step)!;
    assert.equal(weights(s.architecture), h.conv!.weights, `step ${h.step}`);
  }
  assert.ok(
    weights(snaps[snaps.length - 1]!.architecture) < weights(snaps[0]!.architecture),
    'scheme C pruned kernels',
  );
  // The selected step's structure is the model's: its counts are the ones the model file's masks give.
  const selected = snaps.find((e) => e.step === result.final.selectedAt.step)!.architecture.front!;
  assert.deepEqual(
    convStages(selected).map((st) => st.kernelWeights),
    countsFromModel(result.model),
  );
  assert.deepEqual(
    frontSnapshotOfModel(result.model)!.stages.map((st) => st.output),
    selected.stages.map((st) => st.output),
  );
});
