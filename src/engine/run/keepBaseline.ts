import { AUTO_MARGIN_ROWS, type ScannConfig } from '../../protocol/config';
import type { ValidationPairs } from '../synthesis/pairedMargin';

/**
 * Why the run returns the trained baseline instead of its synthesized network (`select.keepBaseline`), or undefined
 * to keep the network. `below`: the network classifies fewer validation rows right than the baseline (beyond what
 * `tolerance` allows), counted on the same rows, so the baseline is the better network by the run's own evidence;
 * `missed`: that, or the selection missed its target; `auto`: `below` on a validation split of fewer than
 * AUTO_MARGIN_ROWS rows, where a network can be far worse than its few rows show. The pruning peer is never
 * replaced: it is reported as itself.
 */
export function keepBaselineReason(
  config: Pick<ScannConfig, 'scheme' | 'select'>,
  met: boolean,
  pairs: ValidationPairs,
): string | undefined {
  const asked = config.select.keepBaseline;
  const mode = asked === 'auto' ? (pairs.rows < AUTO_MARGIN_ROWS ? 'below' : 'never') : asked;
  if (mode === 'never' || config.scheme === 'imp') return undefined;
  const diff = pairs.onlyCandidate - pairs.onlyBaseline;
  if (diff < -config.select.tolerance * pairs.rows - 1e-9) {
    return (
      `the synthesized network classifies ${-diff} fewer of the ${pairs.rows} validation rows right than the ` +
      `baseline (${pairs.onlyBaseline} only the baseline, ${pairs.onlyCandidate} only the network)`
    );
  }
  if (mode === 'missed' && !met) return 'the synthesized network missed the selection target';
  return undefined;
}
