/**
 * Writes schemas/scann-config.schema.json and docs/config.md from the one config schema
 * (src/protocol/config.ts). `--check` fails instead when a committed file is stale; the test suite runs it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { configSchema } from '../src/protocol/config';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

const root = path.join(__dirname, '..');
const schema = {
  ...(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & Record<string, unknown>),
  $id: 'https://scann-studio.dev/schemas/scann-config.schema.json',
  title: 'SCANN synthesis config',
};

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.every((a) => a.properties?.['op']?.const !== undefined)) return 'operation (see below)';
  if (alts?.every((a) => a.properties?.['layer']?.const !== undefined)) return 'conv layer (see below)';
  if (alts) return alts.map(typeOf).join(' or ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object') return 'mapping';
  let t = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  const lo =
    s.minimum !== undefined ? `${s.minimum} <= ` : s.exclusiveMinimum !== undefined ? `${s.exclusiveMinimum} < ` : '';
  const hi =
    s.maximum !== undefined && s.maximum < 1e15
      ? ` <= ${s.maximum}`
      : s.exclusiveMaximum !== undefined
        ? ` < ${s.exclusiveMaximum}`
        : '';
  if (lo || hi) t += ` (${lo}x${hi})`;
  return t;
}

function table(props: Record<string, JsonSchema>, required: string[] = []): string[] {
  const rows = ['| key | type | default | meaning |', '|---|---|---|---|'];
  for (const [key, s] of Object.entries(props)) {
    const def = s.default !== undefined ? `\`${JSON.stringify(s.default)}\`` : required.includes(key) ? 'required' : '';
    rows.push(`| \`${key}\` | ${typeOf(s)} | ${def} | ${(s.description ?? '').replace(/\|/g, '\\|')} |`);
  }
  return rows;
}

function markdown(): string {
  const out = [
    '# Config reference',
    '',
    '<!-- Generated from src/protocol/config.ts by `npm run schema`; do not edit by hand. -->',
    '',
    'A config cell (or `scann run --config FILE.yaml`) is a YAML mapping. Only `dataset.source` is required.',
    '',
    '## Top level',
    '',
    ...table(schema.properties ?? {}, schema.required),
  ];
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    const obj = s.properties ? s : (s.anyOf ?? []).find((a) => a.properties);
    if (obj?.properties)
      out.push('', `## \`${key}\``, '', s.description ?? '', '', ...table(obj.properties, obj.required));
  }
  const ops = schema.properties?.['loop']?.items?.oneOf ?? schema.properties?.['loop']?.items?.anyOf ?? [];
  out.push('', '## Operations (`prelude`, `loop`, `finale` items)', '');
  for (const o of ops) {
    const name = o.properties?.['op']?.const;
    out.push(`### \`op: ${String(name)}\``, '', ...table(o.properties ?? {}, o.required), '');
  }
  const conv = schema.properties?.['baseline']?.properties?.['conv']?.items;
  out.push('', '## Conv layers (`baseline.conv` items)', '', conv?.description ?? '', '');
  for (const l of conv?.oneOf ?? conv?.anyOf ?? []) {
    const name = l.properties?.['layer']?.const;
    const props = Object.fromEntries(Object.entries(l.properties ?? {}).filter(([k]) => k !== 'layer'));
    out.push(`### \`layer: ${String(name)}\``, '');
    if (Object.keys(props).length > 0) out.push(...table(props, l.required), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const files: [string, string][] = [
  [path.join(root, 'schemas', 'scann-config.schema.json'), `${JSON.stringify(schema, null, 2)}\n`],
  [path.join(root, 'docs', 'config.md'), markdown()],
];
let stale = false;
for (const [file, text] of files) {
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // a missing file is stale
    }
    if (current !== text) {
      process.stderr.write(
        `${path.relative(root, file)} is out of date with src/protocol/config.ts: run npm run schema\n`,
      );
      stale = true;
    }
  } else {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(root, file)}\n`);
  }
}
if (stale) process.exit(1);
