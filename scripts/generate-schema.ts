/**
 * Writes schemas/scann-config.schema.json from the one config schema (src/protocol/config.ts). `--check` fails
 * instead when the committed file is stale, which the test suite runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { configSchema } from '../src/protocol/config';

const out = path.join(__dirname, '..', 'schemas', 'scann-config.schema.json');
const schema = {
  ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
  $id: 'https://scann-studio.dev/schemas/scann-config.schema.json',
  title: 'SCANN synthesis config',
};
const text = `${JSON.stringify(schema, null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write(`${out} is out of date with src/protocol/config.ts: run npm run schema\n`);
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  process.stdout.write(`wrote ${out}\n`);
}
