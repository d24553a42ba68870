/**
 * LeNet-5 training throughput through the real `Trainer` (conv front end on the conv kernels, the fully connected
 * part on the dense kernels), next to the bare kernels of case f (bench/lenetKernels.ts) in the same process and
 * on the same synthetic digits, so the two can be compared under the same load. Dense, and with every layer at 10 %
 * of its weights (random masks, as case f). Run: `npx tsx bench/lenetTrainer.ts [--rows N] [--repeats R]
 * [--threads T] [--batch B]`; it prints one line per setting and the load average before and after.
 */
import { loadavg } from 'node:os';
import { trainSchema } from '../src/protocol/config';
import type { FrontLayerSpec } from '../src/engine/core/convFront';
import { frontNetwork, mlpNetwork } from '../src/engine/core/init';
import type { Network } from '../src/engine/core/network';
import { Rng } from '../src/engine/core/random';
import { closeThreadPool } from '../src/engine/kernels';
import { ConvDevice } from '../src/engine/kernels/convDevice';
import { Trainer } from '../src/engine/training/trainer';
import { LenetOnKernels, syntheticDigits } from './lenetKernels';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = arg('rows', 3072);
const REPEATS = arg('repeats', 3);
const THREADS = arg('threads', 1);
const BATCH = arg('batch', 64);
/** The bare kernels' rate as in case f; the trainer's He-initialised LeNet diverges at it with SGD. */
const LR = 0.05;
const TRAINER_LR = { sgd: 0.01, adam: 0.001 };

const LENET: FrontLayerSpec[] = [
  { kind: 'conv', channels: 20, kernel: 5, stride: 1, padding: 0, activation: 'linear' },
  { kind: 'maxPool', size: 2, stride: 2 },
  { kind: 'conv', channels: 50, kernel: 5, stride: 1, padding: 0, activation: 'linear' },
  { kind: 'maxPool', size: 2, stride: 2 },
];

function lenet(density: number, seed: number): Network {
  const rng = new Rng(seed);
  const net = frontNetwork(
    { h: 28, w: 28, c: 1 },
    LENET,
    (inputs) => mlpNetwork(inputs, 10, { layers: [500], inputDensity: 1, initialBias: 0 }, rng),
    rng,
  );
  if (density < 1) {
    const maskRng = new Rng(seed + 1);
    for (const l of net.front!.convLayers())
      for (let i = 0; i < l.mask.length; i++) l.mask[i] = maskRng.next() < density ? 1 : 0;
    net.forEachActive((_s, _t, i) => {
      if (maskRng.next() >= density) net.mask[i] = 0;
    });
    net.applyMask();
  }
  return net;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function timeTrainer(
  density: number,
  optimizer: 'sgd' | 'adam',
  rows = ROWS,
  kernels: 'wasm' | 'reference' = 'wasm',
): Promise<string> {
  const data = syntheticDigits(rows, 11);
  const table = { x: data.x, y: data.y, rows };
  const small = { x: data.x.subarray(0, 64 * 784), y: data.y.subarray(0, 64), rows: 64 };
  const cfg = trainSchema.parse({ batch: BATCH, lr: TRAINER_LR[optimizer], optimizer, momentum: 0 });
  const trainer = new Trainer(lenet(density, 5), table, small, cfg, new Rng(3), undefined, {
    kernels,
    threads: THREADS,
    tuneThreads: false,
  });
  const info = trainer.kernelInfo;
  const losses: number[] = [];
  const rates: number[] = [];
  let cpu = 0;
  let wall = 0;
  const repeats = kernels === 'reference' ? 1 : REPEATS;
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now();
    const c0 = cpuSeconds();
    const s = await trainer.epoch();
    const seconds = (performance.now() - t0) / 1000;
    losses.push(s.trainLoss);
    // The first epoch warms up (layout, memory, JIT); the validation pass of 64 rows is in every epoch's time.
    if (r === 0) continue;
    rates.push(rows / seconds);
    cpu += cpuSeconds() - c0;
    wall += seconds;
  }
  const median = [...rates].sort((a, b) => a - b)[rates.length >> 1]!;
  return (
    `trainer  ${optimizer.padEnd(4)} density ${density.toFixed(2)}: ${median.toFixed(0)} rows/s ` +
    `(${(rows / (cpu / repeats)).toFixed(0)} per CPU-second, cpu/wall ${(cpu / wall).toFixed(2)}), ` +
    `${info.path}, ${info.threads} thread(s), loss ${losses.map((l) => l.toFixed(2)).join(' -> ')}`
  );
}

function timeBare(density: number): string {
  const dev = ConvDevice.create({ threads: THREADS });
  if ('unavailable' in dev) throw new Error(dev.unavailable);
  const net = new LenetOnKernels(dev, BATCH, density, 5);
  const data = syntheticDigits(ROWS, 11);
  const rates: number[] = [];
  let cpu = 0;
  let wall = 0;
  for (let r = 0; r <= REPEATS; r++) {
    const t0 = performance.now();
    const c0 = cpuSeconds();
    for (let at = 0; at + BATCH <= ROWS; at += BATCH) net.step(data.x.subarray(at * 784), data.y.subarray(at), LR);
    const seconds = (performance.now() - t0) / 1000;
    if (r === 0) continue;
    rates.push((BATCH * Math.floor(ROWS / BATCH)) / seconds);
    cpu += cpuSeconds() - c0;
    wall += seconds;
  }
  const median = [...rates].sort((a, b) => a - b)[rates.length >> 1]!;
  const perCpu = (BATCH * Math.floor(ROWS / BATCH)) / (cpu / REPEATS);
  return `kernels  sgd  density ${density.toFixed(2)}: ${median.toFixed(0)} rows/s (${perCpu.toFixed(0)} per CPU-second, cpu/wall ${(cpu / wall).toFixed(2)}), wasm-${dev.simd}, ${dev.threads} thread(s)`;
}

/** A gradient probe over every training row (growth by gradient with fullData), as growConnections runs it. */
function timeProbe(kernels: 'wasm' | 'reference', rows: number): string {
  const data = syntheticDigits(rows, 11);
  const table = { x: data.x, y: data.y, rows };
  const cfg = trainSchema.parse({ batch: BATCH, lr: TRAINER_LR.adam });
  const trainer = new Trainer(lenet(0.5, 5), table, table, cfg, new Rng(3), undefined, {
    kernels,
    threads: THREADS,
    tuneThreads: false,
  });
  // Warm-up on one batch (layout, memory, JIT), then the timed full pass.
  trainer.probe(1, false, true, () => undefined);
  const t0 = performance.now();
  const c0 = cpuSeconds();
  trainer.probe(1, true, true, () => undefined);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  return `probe    ${kernels.padEnd(9)} density 0.50: ${(rows / seconds).toFixed(0)} rows/s (${(rows / cpu).toFixed(0)} per CPU-second), gradient of every weight over ${rows} rows`;
}

async function main(): Promise<void> {
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`LeNet-5, batch ${BATCH}, ${ROWS} rows per epoch, ${REPEATS} timed epochs, load average ${load()}`);
  for (const density of [1, 0.1]) {
    console.log(timeBare(density));
    console.log(await timeTrainer(density, 'sgd'));
    console.log(await timeTrainer(density, 'adam'));
  }
  if (args.includes('--probe')) {
    console.log(timeProbe('wasm', ROWS));
    if (args.includes('--reference')) console.log(timeProbe('reference', 256));
  }
  if (args.includes('--reference'))
    console.log((await timeTrainer(1, 'sgd', 256, 'reference')).replace('trainer ', 'reference'));
  console.log(`load average after: ${load()}`);
  closeThreadPool();
}

void main();
