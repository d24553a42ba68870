/**
 * Baselines only: trains the suite's baseline MLP (128-64) on the tuning-half datasets and prints its test accuracy
 * next to scikit-learn's MLPClassifier((128, 64)) on the same rows (the suite's cached reference, computed if
 * missing). Cheap enough to compare training recipes before changing an engine default; the held-back half is
 * refused, so it cannot be used to choose one.
 *
 *   npx tsx bench/suite/baselines.ts [--only ids] [--seeds 1,2,3] [--variants default,lr001,...]
 *
 * A variant is a transform of the default config (see VARIANTS); each prints one row per dataset (mean over seeds of
 * ours - sklearn, in points) and a total line: the mean gap, how many datasets are more than 0.3 point behind, and
 * the time spent.
 */
import * as path from 'node:path';
import { energyTable } from '../../src/protocol/energy';
import { configSchema, type ScannConfig, type ScannConfigInput } from '../../src/protocol/config';
import { loadDataset } from '../../src/engine/data/load';
import { prepareData } from '../../src/engine/data/prepare';
import { Rng } from '../../src/engine/core/random';
import { trainBaseline } from '../../src/engine/run/baseline';
import { chooseEngine } from '../../src/engine/run/engines';
import { noYield } from '../../src/engine/training/yielder';
import { configHash, RunCache } from '../cache';
import { CATALOGUE, checkCatalogue, type SuiteDataset } from './catalogue';
import { datasetConfig, materialise, suitePaths } from './data';
import { exportSplits, referenceKey, SKLEARN, type ReferenceOutcome } from './references';
import { engineFingerprint } from './system';

interface Variant {
  id: string;
  config(c: ScannConfigInput): ScannConfigInput;
}

const VARIANTS: Variant[] = [
  { id: 'default', config: (c) => c },
  { id: 'lr001', config: (c) => ({ ...c, train: { ...c.train, lr: 0.001 } }) },
  { id: 'lr002', config: (c) => ({ ...c, train: { ...c.train, lr: 0.002 } }) },
  { id: 'w1', config: (c) => ({ ...c, select: { ...c.select, window: 1 } }) },
  { id: 'nodecay', config: (c) => ({ ...c, baseline: { ...c.baseline, lrDecay: 'none' } }) },
  { id: 'p20', config: (c) => ({ ...c, baseline: { ...c.baseline, patience: 20 } }) },
  {
    id: 'w1-nodecay',
    config: (c) => ({ ...c, select: { ...c.select, window: 1 }, baseline: { ...c.baseline, lrDecay: 'none' } }),
  },
  { id: 'lr002-w1', config: (c) => ({ ...c, train: { ...c.train, lr: 0.002 }, select: { ...c.select, window: 1 } }) },
  { id: 'lr001-w1', config: (c) => ({ ...c, train: { ...c.train, lr: 0.001 }, select: { ...c.select, window: 1 } }) },
  { id: 'he', config: (c) => ({ ...c, baseline: { ...c.baseline, init: 'he' } }) },
  { id: 'glorot', config: (c) => ({ ...c, baseline: { ...c.baseline, init: 'glorot' } }) },
  {
    id: 'glorot-lr002',
    config: (c) => ({ ...c, train: { ...c.train, lr: 0.002 }, baseline: { ...c.baseline, init: 'glorot' } }),
  },
  { id: 'glorot-nodecay', config: (c) => ({ ...c, baseline: { ...c.baseline, init: 'glorot', lrDecay: 'none' } }) },
  {
    id: 'glorot-w1',
    config: (c) => ({ ...c, select: { ...c.select, window: 1 }, baseline: { ...c.baseline, init: 'glorot' } }),
  },
  {
    id: 'lr001-p20',
    config: (c) => ({ ...c, train: { ...c.train, lr: 0.001 }, baseline: { ...c.baseline, patience: 20 } }),
  },
];

function args(argv: string[]): { only?: string[]; seeds: number[]; variants: Variant[] } {
  const o: { only?: string[]; seeds: number[]; variants: Variant[] } = { seeds: [1, 2, 3], variants: [VARIANTS[0]!] };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[++i] ?? '';
    const list = v.split(',').filter(Boolean);
    if (argv[i - 1] === '--only') o.only = list;
    else if (argv[i - 1] === '--seeds') o.seeds = list.map(Number);
    else if (argv[i - 1] === '--variants')
      o.variants = list.map((id) => {
        const found = VARIANTS.find((x) => x.id === id);
        if (!found) throw new Error(`unknown variant ${id}; known: ${VARIANTS.map((x) => x.id).join(', ')}`);
        return found;
      });
    else throw new Error(`unknown argument ${argv[i - 1]}`);
  }
  return o;
}

async function sklearnAccuracy(config: ScannConfig, ds: SuiteDataset, seed: number, engine: string): Promise<number> {
  const p = suitePaths(path.join(__dirname, '..', '..'));
  const cache = new RunCache(path.join(p.cache, 'references'));
  const splitKey = `${ds.id}-s${seed}-${configHash({ engine, data: ds.sha256, dataset: config.dataset, seed })}`;
  const splits = await exportSplits(p, config, splitKey);
  const key = `${ds.id}-s${seed}-${referenceKey(SKLEARN, splits, seed)}`;
  let outcome = cache.get<ReferenceOutcome>(key);
  if (!outcome) {
    outcome = { ...SKLEARN.run(splits, seed), rows: splits.rows } as ReferenceOutcome;
    cache.set(key, outcome);
  }
  return outcome.testAccuracy;
}

async function main(): Promise<void> {
  const repoRoot = path.join(__dirname, '..', '..');
  const o = args(process.argv.slice(2));
  checkCatalogue();
  const p = suitePaths(repoRoot);
  const sets = CATALOGUE.filter((d) => d.half === 'tuning' && (!o.only || o.only.includes(d.id)));
  if (o.only?.some((id) => !sets.some((d) => d.id === id)))
    throw new Error('--only names a dataset that is not in the tuning half (the held-back half is not for choosing)');
  const engine = engineFingerprint(repoRoot);
  const choice = await chooseEngine(undefined);
  const totals = new Map<string, { gap: number; behind: number; ms: number; n: number }>();
  for (const ds of sets) {
    await materialise(p, ds, () => undefined);
    const line: string[] = [ds.id.padEnd(18)];
    for (const v of o.variants) {
      let gap = 0;
      let ms = 0;
      let epochs = 0;
      for (const seed of o.seeds) {
        const base = configSchema.parse({ dataset: datasetConfig(p, ds), seed });
        const config = configSchema.parse(v.config({ dataset: datasetConfig(p, ds), seed }));
        const ref = await sklearnAccuracy(base, ds, seed, engine);
        const rng = new Rng(seed);
        const raw = await loadDataset(config.dataset, { baseDir: repoRoot, dataDir: path.join(repoRoot, 'data') });
        const data = prepareData(raw, config.dataset, rng.fork('split'));
        const t = Date.now();
        const out = await trainBaseline(
          config,
          data,
          energyTable(config.energy),
          rng,
          () => undefined,
          noYield,
          choice,
        );
        ms += Date.now() - t;
        epochs += out.baseline.epochsUsed;
        gap += 100 * (out.baseline.testAccuracy - ref);
      }
      gap /= o.seeds.length;
      const tot = totals.get(v.id) ?? { gap: 0, behind: 0, ms: 0, n: 0 };
      tot.gap += gap;
      tot.behind += gap < -0.3 ? 1 : 0;
      tot.ms += ms;
      tot.n++;
      totals.set(v.id, tot);
      line.push(`${v.id} ${gap >= 0 ? '+' : ''}${gap.toFixed(2)} (${(epochs / o.seeds.length).toFixed(0)} ep)`);
    }
    process.stdout.write(`${line.join('  ')}\n`);
  }
  for (const [id, t] of totals)
    process.stdout.write(
      `TOTAL ${id}: mean gap ${(t.gap / t.n).toFixed(2)} pt, ${t.behind}/${t.n} datasets > 0.3 pt behind, ` +
        `${(t.ms / 1000).toFixed(0)} s\n`,
    );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
