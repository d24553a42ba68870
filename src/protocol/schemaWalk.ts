/**
 * Navigation of the config schema by YAML path: what keys an object allows, what a field means, its default and
 * its allowed values. Validation messages, completion and hover all read the schema through here.
 */
import { z } from 'zod';
import { configSchema } from './config';
import { parseConfigPath } from './sweepExpand';

export type SchemaPath = (string | number)[];

function unwrap(s: z.core.$ZodType): z.core.$ZodType {
  let cur = s;
  while (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional) cur = cur.def.innerType as z.core.$ZodType;
  return cur;
}

export function valueAt(raw: unknown, path: SchemaPath): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** Picks the operation variant from the data's `op`, and the object member of a scalar-or-object union. */
function resolve(schema: z.core.$ZodType, raw: unknown, path: SchemaPath): z.core.$ZodType | undefined {
  const s = unwrap(schema);
  if (s instanceof z.ZodDiscriminatedUnion) {
    const options = s.options as z.ZodObject[];
    const op = valueAt(raw, [...path, 'op']);
    const chosen = options.find((o) => (o.shape['op'] as z.ZodLiteral).value === op);
    // Until `op` is set, the item is only its discriminator, which may take any variant's name.
    const names = options.map((o) => String((o.shape['op'] as z.ZodLiteral).value)) as [string, ...string[]];
    return chosen ?? z.strictObject({ op: z.enum(names).describe('The operation.') });
  }
  if (s instanceof z.ZodUnion) {
    const obj = (s.options as z.core.$ZodType[]).map(unwrap).find((o) => o instanceof z.ZodObject);
    if (obj && valueAt(raw, path) !== null && typeof valueAt(raw, path) === 'object') return obj;
  }
  return s;
}

/** The schema of the value at `path` (the field's own, with default/optional wrappers), or undefined. */
export function schemaAt(path: SchemaPath, raw: unknown): z.core.$ZodType | undefined {
  let schema: z.core.$ZodType | undefined = configSchema;
  for (let i = 0; i < path.length; i++) {
    const parent = resolve(schema!, raw, path.slice(0, i));
    const p = path[i]!;
    if (parent instanceof z.ZodObject && typeof p === 'string') schema = parent.shape[p] as z.core.$ZodType | undefined;
    else if (parent instanceof z.ZodRecord && typeof p === 'string') schema = sweptField(path.slice(0, i), p, raw);
    else if (parent instanceof z.ZodArray) schema = parent.element as z.core.$ZodType;
    else return undefined;
    if (!schema) return undefined;
  }
  return schema;
}

const isSweepMap = (path: SchemaPath): 'grid' | 'random' | undefined =>
  path.length === 2 && path[0] === 'sweep' && path[1] === 'grid'
    ? 'grid'
    : path.length === 3 && path[0] === 'sweep' && path[1] === 'random' && path[2] === 'params'
      ? 'random'
      : undefined;

/**
 * Under `sweep.grid` and `sweep.random.params` the keys are config paths (`reduce.method`): a key's schema is a
 * list of the swept field's values (or a range for random draws), documented by the field's own description, so
 * hover and value checks read the field being swept.
 */
function sweptField(at: SchemaPath, key: string, raw: unknown): z.core.$ZodType | undefined {
  const kind = isSweepMap(at);
  const target = kind && key.split('.')[0] !== 'sweep' ? schemaAt(parseConfigPath(key), raw) : undefined;
  if (!kind || !target) return undefined;
  const list = z.array(target as z.ZodType);
  const described = (s: z.ZodType): z.ZodType => {
    const d = fieldInfo(target).description;
    return d === undefined ? s : s.describe(d);
  };
  if (kind === 'grid') return described(list);
  const range = z.strictObject({ min: z.number(), max: z.number(), log: z.boolean(), int: z.boolean() });
  return described(z.union([range, list]));
}

/** Config paths a sweep can vary, dotted: every field, descending into mappings (`reduce.method`, `train.lr`). */
export function sweepablePaths(): string[] {
  const out: string[] = [];
  const walk = (s: z.core.$ZodType, prefix: string): void => {
    const u = unwrap(s);
    if (!(u instanceof z.ZodObject)) return;
    for (const [k, child] of Object.entries(u.shape as Record<string, z.core.$ZodType>)) {
      if (!prefix && k === 'sweep') continue;
      const name = prefix ? `${prefix}.${k}` : k;
      if (unwrap(child) instanceof z.ZodObject) walk(child, name);
      else out.push(name);
    }
  };
  walk(configSchema, '');
  return out;
}

/** Keys allowed in the object at `path` (for an operation list item: those of its `op`, or just `op`). */
export function objectKeys(path: SchemaPath, raw: unknown): string[] {
  if (isSweepMap(path)) return sweepablePaths();
  const s = schemaAt(path, raw);
  if (!s) return [];
  const u = unwrap(s);
  if (u instanceof z.ZodDiscriminatedUnion) {
    const opt = resolve(u, raw, path);
    return opt instanceof z.ZodObject ? Object.keys(opt.shape) : [];
  }
  if (u instanceof z.ZodUnion) {
    const obj = (u.options as z.core.$ZodType[]).map(unwrap).find((o) => o instanceof z.ZodObject);
    return obj instanceof z.ZodObject ? Object.keys(obj.shape) : [];
  }
  return u instanceof z.ZodObject ? Object.keys(u.shape) : [];
}

export interface FieldInfo {
  description?: string;
  default?: unknown;
  /** A short human type, e.g. `number (0..1)` or `A | B | C`. */
  type: string;
  /** Literal values the field accepts (enums, booleans, operation names). */
  values: string[];
}

export function fieldInfo(schema: z.core.$ZodType): FieldInfo {
  let description = (schema as z.ZodType).description;
  let def: unknown;
  let cur = schema;
  while (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional) {
    if (cur instanceof z.ZodDefault) {
      const v = cur.def.defaultValue;
      def = typeof v === 'function' ? (v as () => unknown)() : v;
    }
    cur = cur.def.innerType as z.core.$ZodType;
    description ??= (cur as z.ZodType).description;
  }
  const info: FieldInfo = { type: describeType(cur), values: valuesOf(cur) };
  if (description !== undefined) info.description = description;
  if (def !== undefined) info.default = def;
  return info;
}

function valuesOf(s: z.core.$ZodType): string[] {
  const u = unwrap(s);
  if (u instanceof z.ZodEnum) return (u.options as (string | number)[]).map(String);
  if (u instanceof z.ZodBoolean) return ['true', 'false'];
  if (u instanceof z.ZodLiteral) return [String(u.value)];
  if (u instanceof z.ZodUnion) return (u.options as z.core.$ZodType[]).flatMap(valuesOf);
  return [];
}

function describeType(s: z.core.$ZodType): string {
  const u = unwrap(s);
  if (u instanceof z.ZodEnum) return (u.options as string[]).join(' | ');
  if (u instanceof z.ZodLiteral) return JSON.stringify(u.value);
  if (u instanceof z.ZodBoolean) return 'boolean';
  if (u instanceof z.ZodString) return 'string';
  if (u instanceof z.ZodNumber) {
    const b = u as z.ZodNumber;
    const lo = b.minValue !== null && b.minValue > -1e15 ? b.minValue : undefined;
    const hi = b.maxValue !== null && b.maxValue < 1e15 ? b.maxValue : undefined;
    const kind = b.isInt ? 'integer' : 'number';
    return lo !== undefined || hi !== undefined ? `${kind} (${lo ?? '-inf'}..${hi ?? 'inf'})` : kind;
  }
  if (u instanceof z.ZodArray) return `list of ${describeType(u.element as z.core.$ZodType)}`;
  if (u instanceof z.ZodDiscriminatedUnion) return 'operation';
  if (u instanceof z.ZodUnion) return (u.options as z.core.$ZodType[]).map(describeType).join(' or ');
  if (u instanceof z.ZodObject) return 'mapping';
  return 'value';
}
