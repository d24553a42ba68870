import { configSchema, type ScannConfigInput } from '../../../src/protocol/config';
import { resolveScheme, type ResolvedConfig } from '../../../src/protocol/schemeChoice';

/**
 * A config as the engine runs it: parsed, with `scheme: auto` settled for a validation split of `validationRows`
 * (default: a large split, where `auto` is scheme B).
 */
export function resolvedConfig(input: ScannConfigInput, validationRows = Number.POSITIVE_INFINITY): ResolvedConfig {
  return resolveScheme(configSchema.parse(input), validationRows).config;
}
