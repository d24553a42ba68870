/**
 * The synthesis of a run on one input space: a pass with the config's scheme, and when it misses its target a pass
 * with `select.fallback` (by default C, which starts from the baseline's own layers and so at the baseline's
 * capacity), keeping whichever network does better. Both the run and `reduce: auto`'s pass on the raw features
 * (rawRescue.ts) go through here, so the raw features get exactly what a run without `reduce` would give them.
 */
import { configSchema, type SchemeName } from '../../protocol/config';
import type { ResolvedConfig } from '../../protocol/schemeChoice';
import type { RunResult } from '../../protocol/result';
import type { FinishOutcome } from '../synthesis/finish';
import { resolvePlan, type SynthesisPlan } from '../synthesis/schemes';
import { synthesisPass, type PassContext } from './synthesisPass';

export interface PassesOutcome {
  chosen: FinishOutcome | undefined;
  cancelled: boolean;
  /** The scheme whose network was kept. */
  scheme: RunResult['scheme'];
  plan: SynthesisPlan;
  /** Whether the fallback scheme ran (it ran because the first pass missed its target). */
  fallbackTried: boolean;
}

/** `plan` is the config's own, resolved for the feature compression `ratio` of the data in `pass`. */
export async function synthesizeWithFallback(
  config: ResolvedConfig,
  plan: SynthesisPlan,
  pass: PassContext,
  ratio: number,
): Promise<PassesOutcome> {
  const first = await synthesisPass(plan, pass);
  const out: PassesOutcome = {
    chosen: first.chosen,
    cancelled: first.cancelled,
    scheme: config.scheme,
    plan,
    fallbackTried: false,
  };
  const fallback = config.select.fallback;
  // The pruning peer is reported as itself, never rescued by a SCANN scheme.
  const rescuable = config.scheme !== 'imp' && fallback !== 'none' && fallback !== config.scheme;
  const a = out.chosen;
  if (out.cancelled || !a || a.met || !rescuable) return out;
  pass.emit({
    type: 'log',
    level: 'warn',
    message: `scheme ${config.scheme} did not reach the target; trying scheme ${fallback}`,
  });
  out.fallbackTried = true;
  const fallbackPlan = resolvePlan(fallbackConfig(config, fallback), ratio);
  const second = await synthesisPass(fallbackPlan, { ...pass, rng: pass.rng.fork(`fallback-${fallback}`) });
  out.cancelled = second.cancelled;
  const b = second.chosen;
  if (b && (b.met || b.candidate.validationAccuracy > a.candidate.validationAccuracy)) {
    out.chosen = { ...b, rule: `${b.rule} (fallback scheme ${fallback})` };
    out.scheme = fallback;
    out.plan = fallbackPlan;
  }
  return out;
}

/**
 * The config of a fallback pass: the fallback scheme with its own presets. The start, operation lists and
 * iteration count of the config were written for the first scheme (a start of 2 neurons is not a start for an MLP);
 * the training recipe, selection and data stay.
 */
function fallbackConfig(config: ResolvedConfig, scheme: SchemeName): ResolvedConfig {
  const { iterations: _i, loop: _l, prelude: _p, finale: _f, ...rest } = config;
  return { ...rest, scheme, start: configSchema.shape.start.parse({}) };
}
