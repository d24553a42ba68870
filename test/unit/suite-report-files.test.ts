import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../bench/suite/catalogue';
import { METHODS } from '../../bench/suite/methods';
import { reportFiles, writeSuiteReport, type SuiteInfo } from '../../bench/suite/report';

// A one-off measurement (the held-back half of a round) gets a page of its own instead of replacing docs/suite.md.
describe('suite report files', () => {
  it('writes suite.md and suite.json into a folder, or FILE.md and FILE.json for a Markdown path', () => {
    assert.deepEqual(reportFiles('/r/docs'), { markdown: '/r/docs/suite.md', json: '/r/docs/suite.json' });
    assert.deepEqual(reportFiles('/r/docs/suite-heldback-r5.md'), {
      markdown: '/r/docs/suite-heldback-r5.md',
      json: '/r/docs/suite-heldback-r5.json',
    });
  });

  it('leaves suite.md alone when given a Markdown path, and carries its own findings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'suite-report-'));
    try {
      const info: SuiteInfo = {
        command: ['--half', 'heldback', '--out', 'x.md'],
        engine: 'test',
        seeds: [1],
        methods: METHODS.filter((m) => m.id === 'default'),
        references: [],
        wallS: 0,
        computeS: 0,
        quick: false,
        findings: '## What the numbers say\n\nheld-back findings\n',
      };
      const sets = CATALOGUE.filter((d) => d.half === 'heldback');
      const files = writeSuiteReport(path.join(dir, 'sub', 'x.md'), sets, [], [], info);
      assert.equal(files.markdown, path.join(dir, 'sub', 'x.md'));
      const md = readFileSync(files.markdown, 'utf8');
      assert.match(md, /^# Generalization suite/);
      assert.match(md, /## What the numbers say\n\nheld-back findings\n/);
      assert.match((JSON.parse(readFileSync(files.json, 'utf8')) as { command: string }).command, /--half heldback/);
      assert.equal(existsSync(path.join(dir, 'sub', 'suite.md')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
