/**
 * Records real runs of the engine as webview test fixtures: `test/fixtures/runs/<name>/events.jsonl` (every
 * RunEvent, one JSON per line, as the run store writes them) and `result.json` (the RunResult).
 *
 *   npx tsx scripts/record-run-fixture.ts            # every fixture below
 *   npx tsx scripts/record-run-fixture.ts optdigits-b
 *
 * The configs are short on purpose (few iterations and epochs) so that the fixtures stay well under 1 MB and the
 * webview tests load them quickly; they are still complete runs: baseline, synthesis steps, snapshots, result.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configSchema, type ScannConfigInput } from '../src/protocol/config';
import type { RunEvent } from '../src/protocol/events';
import { runSynthesis } from '../src/engine/run/run';

const root = path.join(__dirname, '..');

interface Fixture {
  config: ScannConfigInput;
  /** Keep events.jsonl too (the dashboard's input); result-only fixtures feed the compare view. */
  events: boolean;
}

/**
 * optdigits is an image dataset (8x8), so the fixtures exercise the heat map too. Scheme C's snapshots are dense
 * MLPs (1.7 MB of events for two iterations), so only its result is kept.
 */
const FIXTURES: Record<string, Fixture> = {
  'optdigits-b': {
    events: true,
    config: {
      name: 'optdigits-scheme-B',
      dataset: { source: 'builtin:optdigits' },
      scheme: 'B',
      iterations: 3,
      start: { hidden: 48 },
      train: { epochs: 4, initialEpochs: 8 },
      baseline: { epochs: 12 },
      seed: 7,
    },
  },
  'optdigits-c': {
    events: false,
    config: {
      name: 'optdigits-scheme-C',
      dataset: { source: 'builtin:optdigits' },
      scheme: 'C',
      iterations: 2,
      train: { epochs: 4, initialEpochs: 8 },
      baseline: { epochs: 12 },
      seed: 7,
    },
  },
  'optdigits-a': {
    events: false,
    config: {
      name: 'optdigits-scheme-A',
      dataset: { source: 'builtin:optdigits' },
      scheme: 'A',
      iterations: 3,
      train: { epochs: 4, initialEpochs: 8 },
      baseline: { epochs: 12 },
      seed: 7,
    },
  },
};

async function record(name: string, fixture: Fixture): Promise<void> {
  const config = configSchema.parse(fixture.config);
  const events: RunEvent[] = [];
  const result = await runSynthesis(config, {
    baseDir: root,
    dataDir: path.join(root, 'data'),
    emit: (e) => events.push(e),
  });
  const dir = path.join(root, 'test', 'fixtures', 'runs', name);
  mkdirSync(dir, { recursive: true });
  const eventsFile = path.join(dir, 'events.jsonl');
  const resultFile = path.join(dir, 'result.json');
  if (fixture.events) writeFileSync(eventsFile, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  else rmSync(eventsFile, { force: true });
  writeFileSync(resultFile, JSON.stringify(result) + '\n');
  const kb = (f: string): string => `${(statSync(f).size / 1024).toFixed(0)} KB`;
  const snapshots = events.filter((e) => e.type === 'snapshot').length;
  const eventsNote = fixture.events ? `${events.length} events (${snapshots} snapshots, ${kb(eventsFile)}), ` : '';
  console.log(
    `${name}: ${eventsNote}result ${kb(resultFile)}; ` +
      `${result.baseline.connections} -> ${result.final.connections} connections in ${result.history.length} steps`,
  );
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const name of wanted) if (!(name in FIXTURES)) throw new Error(`unknown fixture ${name}`);
  for (const [name, fixture] of Object.entries(FIXTURES)) {
    if (wanted.length === 0 || wanted.includes(name)) await record(name, fixture);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
