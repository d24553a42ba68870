/**
 * The CLI against hostile files, run as a child process like a user would: every refusal is exit 2 with a one-line
 * message naming the cause and no stack trace, and nothing hostile runs to a wrong result with exit 0.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import { encodeFloat32 } from '../../src/protocol/base64';
import { smallModel } from './helpers/hostileModel';

const root = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'scann-hostile-'));
after(() => rmSync(work, { recursive: true, force: true }));
const tsx = pathToFileURL(require.resolve('tsx')).href;

function scann(args: string[], stdout?: number): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, SCANN_DATA_DIR: path.join(root, 'data') },
    ...(stdout !== undefined ? { stdio: ['ignore', stdout, 'pipe'] } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr };
}

/** Exit 2, the expected message, and no stack trace. */
function refused(r: { code: number; stderr: string }, message: RegExp): void {
  assert.equal(r.code, 2, `exit ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /^\s+at /m, `stack trace printed:\n${r.stderr}`);
}

const write = (name: string, text: string | Buffer): string => {
  writeFileSync(path.join(work, name), text);
  return name;
};
const json = (v: unknown): string => JSON.stringify(v);
writeFileSync(path.join(work, 'rows.csv'), 'width,height\n1,2\n3,4\n');
mkdirSync(path.join(work, 'folder'));

const model = (change: (m: Record<string, unknown>) => void): string => {
  const m = smallModel() as unknown as Record<string, unknown>;
  change(m);
  return json(m);
};
const HOSTILE_MODELS: [string, string, RegExp][] = [
  ['null', 'null', /not a SCANN model/],
  ['array', '[]', /not a SCANN model/],
  ['bad base64', model((m) => ((m.hidden as { weights: string }[])[0]!.weights = '!!!')), /base64/i],
  [
    'NaN weight',
    model((m) => ((m.hidden as { weights: string }[])[0]!.weights = encodeFloat32(Float32Array.from([NaN, 1])))),
    /NaN/,
  ],
  [
    'labels shorter than outputs',
    model((m) => (m.labelNames = ['small'])),
    /labelNames has 1 names but the model has 3 outputs/,
  ],
  ['repeated feature names', model((m) => (m.featureNames = ['width', 'width'])), /both "width"/],
  ['a huge hidden layer', model((m) => (m.inputs = 2 ** 20)), /./],
];

for (const [what, text, message] of HOSTILE_MODELS) {
  test(`predict and export refuse a model with ${what}: exit 2, a message, no stack`, () => {
    const file = write(`${what.replace(/\W+/g, '-')}.json`, text);
    refused(scann(['predict', file, '--data', 'rows.csv']), message);
    refused(scann(['export', file, '--format', 'c', '--out', 'out-c']), message);
  });
}

test('a folder where a file is expected: config, notebook, model, data', () => {
  refused(scann(['run', '--config', 'folder']), /folder: is a folder/);
  refused(scann(['run', 'folder']), /folder: is a folder/);
  refused(scann(['predict', 'folder', '--data', 'rows.csv']), /folder: is a folder/);
  refused(scann(['predict', write('ok.json', json(smallModel())), '--data', 'folder']), /folder: is a folder/);
});

test('config: a YAML alias bomb, a start network too large to build, empty validation or test splits', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let k = 1; k < 7; k++)
    bomb.push(
      `a${k}: &a${k} [${Array(9)
        .fill(k === 1 ? '*a' : `*a${k - 1}`)
        .join(', ')}]`,
    );
  bomb.push('dataset:', '  source: builtin:iris');
  refused(
    scann(['run', '--config', write('bomb.yaml', bomb.join('\n'))]),
    /bomb\.yaml:\d+:\d+ error: the YAML expands too many aliases/,
  );
  const hidden = 'dataset:\n  source: builtin:iris\nstart:\n  hidden: 100000\n';
  refused(scann(['run', '--config', write('hidden.yaml', hidden)]), /needs a table of .* weights.*lower start\.hidden/);
  const split = (key: string): string => `dataset:\n  source: builtin:iris\n  ${key}: 0\n`;
  refused(scann(['run', '--config', write('val0.yaml', split('validation'))]), /validation split is empty/);
  refused(scann(['run', '--config', write('test0.yaml', split('testFraction'))]), /test split is empty/);
});

test('data: a gzip bomb is refused at the inflated-size cap; a CSV of blank lines does not allocate a row each', () => {
  // Ten gzip members of 64 MiB of newlines each (about 64 KiB compressed apiece): 640 MiB inflated.
  const member = gzipSync(Buffer.alloc(64 * 1024 ** 2, 10), { level: 9 });
  write('bomb.csv.gz', Buffer.concat([gzipSync('a,label\n'), ...Array(10).fill(member)]));
  refused(
    scann(['run', '--config', write('gz.yaml', 'dataset:\n  source: bomb.csv.gz\n')]),
    /inflates to more than 512\.0 MiB/,
  );
  // 3,000 feature columns, two million blank lines and one row per class: a row of capacity per line would be 24 GB
  // of floats; read right, the two rows leave nothing to test on, which is refused.
  const header = `${Array.from({ length: 3000 }, (_, j) => `f${j}`).join(',')},label\n`;
  const row = (v: number, y: string): string => `${Array(3000).fill(v).join(',')},${y}\n`;
  write('blank.csv', header + '\n'.repeat(2_000_000) + row(1, 'a') + row(2, 'b'));
  refused(scann(['run', '--config', write('blank.yaml', 'dataset:\n  source: blank.csv\n')]), /split is empty/);
});

test('output that cannot be written (a full disk) is exit 2 with a message, not a crash', () => {
  const full = openSync('/dev/full', 'w');
  try {
    refused(
      scann(['predict', write('ok2.json', json(smallModel())), '--data', 'rows.csv'], full),
      /cannot write the output \(ENOSPC/,
    );
  } finally {
    closeSync(full);
  }
});

test('predict --proba quotes label names in its CSV header', () => {
  const m = model((x) => (x.labelNames = ['small, really', 'say "medium"', 'large']));
  const r = scann(['predict', write('quoted.json', m), '--data', 'rows.csv', '--proba']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0], '"small, really","say ""medium""",large');
});
