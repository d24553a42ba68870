/**
 * Training throughput of the builtin engine and the TF.js engine on the same networks and data:
 * `npx tsx bench/engines.ts [--repeats N]`. Each measurement is one epoch over random rows (after a warm-up
 * epoch); the median of the repeats is printed, in examples per second. Takes about a minute on two cores.
 */
import type { TrainConfig } from '../src/protocol/config';
import { trainSchema } from '../src/protocol/config';
import type { Table } from '../src/engine/data/types';
import { chooseEngine } from '../src/engine/run/engines';
import type { EngineChoice } from '../src/engine/training/engineChoice';
import { dagNetwork, mlpNetwork } from '../src/engine/core/init';
import type { Network } from '../src/engine/core/network';
import { Rng } from '../src/engine/core/random';
import { noYield } from '../src/engine/training/yielder';

interface Shape {
  name: string;
  net: () => Network;
  rows: number;
  batch: number;
}

const shapes: Shape[] = [
  {
    name: 'MLP 784-300-100-10, batch 128',
    net: () => mlpNetwork(784, 10, { layers: [300, 100], inputDensity: 1, initialBias: 0 }, new Rng(1)),
    rows: 2048,
    batch: 128,
  },
  {
    name: 'MLP 784-300-100-10 at 10% density, batch 128',
    net: () => thin(mlpNetwork(784, 10, { layers: [300, 100], inputDensity: 1, initialBias: 0 }, new Rng(1)), 0.1),
    rows: 2048,
    batch: 128,
  },
  {
    name: 'DAG 13-64-3 (skips, 10% hidden->hidden), batch 32',
    net: () =>
      dagNetwork(
        13,
        3,
        { hidden: 64, capacity: 80, inputDensity: 1, hiddenDensity: 0.1, skipConnections: true, initialBias: 0.1 },
        new Rng(2),
      ),
    rows: 4096,
    batch: 32,
  },
];

/** Keeps a random `density` share of the connections (the sparsity SCANN ends with). */
function thin(net: Network, density: number): Network {
  const rng = new Rng(3);
  net.forEachActive((_s, _t, i) => {
    if (rng.next() >= density) net.mask[i] = 0;
  });
  net.applyMask();
  return net;
}

function randomTable(rows: number, d: number, c: number): Table {
  const rng = new Rng(4);
  const x = Float32Array.from({ length: rows * d }, () => rng.next());
  const y = Int32Array.from({ length: rows }, (_, i) => i % c);
  return { x, y, rows };
}

async function examplesPerSecond(engine: EngineChoice, shape: Shape, cfg: TrainConfig, repeats: number) {
  const net = shape.net();
  const table = randomTable(shape.rows, net.inputs, net.outputs);
  // Validation is part of every epoch in both engines (reference path); one row keeps it out of the timing.
  const validation = { x: table.x.subarray(0, net.inputs), y: table.y.subarray(0, 1), rows: 1 };
  const trainer = engine.create(net, table, validation, cfg, new Rng(5), noYield);
  await trainer.epoch();
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await trainer.epoch();
    rates.push(shape.rows / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { median: rates[Math.floor(rates.length / 2)]!, min: rates[0]!, max: rates[rates.length - 1]! };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--repeats');
  const repeats = at >= 0 ? Number(process.argv[at + 1]) : 3;
  const engines = [await chooseEngine('builtin'), await chooseEngine('tfjs')];
  process.stdout.write(`engines: ${engines.map((e) => e.name).join(', ')}; Adam; median of ${repeats} epochs\n`);
  for (const shape of shapes) {
    const cfg = trainSchema.parse({ optimizer: 'adam', batch: shape.batch, lr: 0.001 });
    const cells: string[] = [];
    for (const engine of engines) {
      const r = await examplesPerSecond(engine, shape, cfg, repeats);
      cells.push(`${engine.name} ${Math.round(r.median)} ex/s (${Math.round(r.min)}-${Math.round(r.max)})`);
    }
    process.stdout.write(`${shape.name}: ${cells.join(' | ')}\n`);
  }
}

void main();
