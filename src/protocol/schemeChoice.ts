import { AUTO_MARGIN_ROWS, startFieldsSet, startsFromBaseline, type ScannConfig, type SchemeName } from './config';

/** A config whose scheme is settled: what the engine runs (`scheme: auto` resolved by `resolveScheme`). */
export type ResolvedConfig = Omit<ScannConfig, 'scheme'> & { scheme: SchemeName };

/** What `scheme: auto` chose, and why in words a user can act on. */
export interface SchemeChoice {
  scheme: SchemeName;
  fromBaseline: boolean;
  reason: string;
}

/**
 * Settings written for one scheme's own network: with any of them, `auto` keeps scheme B (the default before `auto`
 * existed), so that a config that tuned B's start or schedule runs as it did.
 */
function schemeSettings(c: ScannConfig): string[] {
  const set = startFieldsSet(c.start).map((k) => `start.${k}`);
  for (const k of ['iterations', 'prelude', 'loop', 'finale'] as const) if (c[k] !== undefined) set.push(k);
  return set;
}

/**
 * `scheme: auto` (measured: docs/suite-ablation.md, round nine). On a validation split of fewer than
 * AUTO_MARGIN_ROWS rows the selection cannot tell a grown network that generalizes from one that only fits those
 * rows, and scheme C from the trained baseline, which stays close to the network it is compared with, was the more
 * accurate and the smaller; on a larger split scheme B's growth selects well and compresses about 3x more at the same
 * accuracy. A reduction, or settings for a scheme's own start or schedule, keep B; `start.from: baseline` asks for C.
 */
export function chooseScheme(c: ScannConfig, validationRows: number): SchemeChoice {
  if (c.scheme !== 'auto') return { scheme: c.scheme, fromBaseline: startsFromBaseline(c), reason: 'given' };
  const b = (reason: string): SchemeChoice => ({ scheme: 'B', fromBaseline: false, reason });
  const fromBaseline = (reason: string): SchemeChoice => ({ scheme: 'C', fromBaseline: true, reason });
  if (c.start.from === 'baseline') return fromBaseline('`start.from: baseline` asks for it');
  if (c.start.from === 'scratch') return b('`start.from: scratch` is given');
  if (c.reduce && c.reduce.method !== 'none') {
    return b('a reduction is asked for, and C from the baseline reads the raw features');
  }
  const settings = schemeSettings(c);
  if (settings.length > 0) return b(`${settings.join(', ')} ${settings.length > 1 ? 'are' : 'is'} set`);
  return validationRows < AUTO_MARGIN_ROWS
    ? fromBaseline(
        `the validation split has ${validationRows} rows (fewer than ${AUTO_MARGIN_ROWS}): too few to tell a grown ` +
          'network that generalizes from a lucky one, so the synthesis stays close to the trained baseline',
      )
    : b(
        `the validation split has ${validationRows} rows (at least ${AUTO_MARGIN_ROWS}), enough to select grown networks`,
      );
}

/** The config the engine runs: `scheme: auto` replaced by its choice (C from the baseline sets `start.from`). */
export function resolveScheme(
  c: ScannConfig,
  validationRows: number,
): { config: ResolvedConfig; choice: SchemeChoice } {
  const choice = chooseScheme(c, validationRows);
  if (c.scheme !== 'auto') return { config: { ...c, scheme: choice.scheme }, choice };
  const start = choice.fromBaseline ? { ...c.start, from: 'baseline' as const } : c.start;
  return { config: { ...c, scheme: choice.scheme, start }, choice };
}

/**
 * The config as `auto` settles it on a large validation split (scheme B), for estimates made before the data is
 * loaded, such as a progress bar's length; the run's `started` event carries the settled figure.
 */
export function beforeData(c: ScannConfig): ResolvedConfig {
  return resolveScheme(c, Number.POSITIVE_INFINITY).config;
}
