/**
 * The DR transform counted everywhere: the run's headline figures, the shared cells every output prints, the compare
 * view's summaries, saved results from before the counted fields, and the export's size line.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { connectionsCell, countedCost, energyCell } from '../../src/protocol/countedCost';
import type { RunResult } from '../../src/protocol/result';
import { isRunResult } from '../../src/protocol/resultGuards';
import { formatEnergy, markdownSummary } from '../../src/protocol/runOutput';
import { isRunSummary, runSummary } from '../../src/protocol/runSummary';
import { terminalSummary } from '../../src/cli/summary';
import { exportModel } from '../../src/engine/export';
import { runConfig } from './helpers/run';

describe('the DR transform counted', () => {
  let reduced: RunResult;
  let plain: RunResult;
  before(async () => {
    const common = { dataset: { source: 'builtin:wine' }, scheme: 'C', iterations: 1, train: { epochs: 2 } } as const;
    reduced = await runConfig({
      ...common,
      baseline: { epochs: 3 },
      reduce: { method: 'pca', dims: 6, compressedMlp: false },
    });
    plain = await runConfig({ ...common, baseline: { epochs: 3 } });
  });

  it('the result carries the counted compression and energy at the top level', () => {
    const t = reduced.reduce!.transform;
    assert.ok(t.macs > 0 && t.macs <= 13 * 6, `transform MACs ${t.macs}`);
    const connections = reduced.final.connections + t.macs;
    assert.equal(reduced.compressionWithTransform, reduced.baseline.connections / connections);
    assert.ok(reduced.compressionWithTransform! < reduced.compression);
    assert.equal(reduced.energy.final, reduced.final.energyPj + t.energyPj);
    const c = countedCost(reduced);
    assert.equal(c.connections, connections);
    assert.equal(c.compression, reduced.compressionWithTransform);
    assert.equal(c.energyRatio, reduced.energy.ratio);
    assert.equal(c.network.compression, reduced.compression);
    assert.ok(isRunResult(JSON.parse(JSON.stringify(reduced))));
  });

  it('without a transform the counted figures are the network figures', () => {
    assert.equal(plain.compressionWithTransform, plain.compression);
    assert.equal(plain.energy.transform, 0);
    assert.equal(plain.energy.final, plain.final.energyPj);
    assert.equal(
      connectionsCell(plain),
      `${plain.final.connections.toLocaleString('en-US')} (${ratio(plain.compression)} fewer)`,
    );
    assert.doesNotMatch(energyCell(plain, formatEnergy), /network alone/);
  });

  it('every output shows the counted figure first and the network alone beside it', () => {
    const c = countedCost(reduced);
    const cell = connectionsCell(reduced);
    assert.equal(
      cell,
      `${c.connections.toLocaleString('en-US')} (${ratio(c.compression)} fewer, DR transform counted; ` +
        `network alone ${reduced.final.connections.toLocaleString('en-US')}, ${ratio(reduced.compression)})`,
    );
    assert.ok(terminalSummary(reduced).includes(cell));
    assert.ok(markdownSummary(reduced).includes(`| ${cell} |`));
    const energy = energyCell(reduced, formatEnergy);
    assert.ok(energy.startsWith(`${formatEnergy(reduced.energy.final)} (${ratio(reduced.energy.ratio)} less`));
    assert.ok(terminalSummary(reduced).includes(energy));
  });

  it('the compare view summary leads with the counted figures', () => {
    const s = runSummary(reduced, 'r1');
    assert.ok(isRunSummary(s));
    assert.equal(s.compression, reduced.compressionWithTransform);
    assert.equal(s.networkCompression, reduced.compression);
    assert.equal(s.connections, reduced.final.connections + reduced.reduce!.transform.macs);
    assert.equal(s.networkConnections, reduced.final.connections);
    assert.equal(s.energyPj, reduced.energy.final);
  });

  it('a result saved before the counted fields still counts its transform', () => {
    const old = structuredClone(reduced) as RunResult;
    delete old.compressionWithTransform;
    delete old.energy.transform;
    old.energy.final = old.final.energyPj;
    old.energy.ratio = old.energy.baseline / old.final.energyPj;
    assert.ok(isRunResult(JSON.parse(JSON.stringify(old))));
    assert.deepEqual(countedCost(old), countedCost(reduced));
    assert.equal(runSummary(old, 'r').compression, reduced.compressionWithTransform);
  });

  it("the export's size line counts the transform's non-zero weights", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scann-counted-'));
    try {
      const { summary } = await exportModel(reduced.model, 'json', dir);
      const t = reduced.reduce!.transform.macs;
      const n = reduced.final.connections;
      assert.match(
        summary,
        new RegExp(`, ${n + t} connections and DR multiply-accumulates \\(${n} network \\+ ${t} DR transform\\)`),
      );
      const bare = await exportModel(plain.model, 'json', dir);
      assert.match(bare.summary, new RegExp(`, ${plain.final.connections} connections\\n`));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

function ratio(x: number): string {
  return `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}x`;
}
