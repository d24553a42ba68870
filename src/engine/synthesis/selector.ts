import { AUTO_MARGIN_ROWS, type SelectConfig } from '../../protocol/config';
import type { OperationName } from '../../protocol/result';
import type { Network } from '../core/network';

export interface Candidate {
  net: Network;
  connections: number;
  validationAccuracy: number;
  step: number;
  iteration: number;
  op: OperationName;
}

type Offer = Omit<Candidate, 'net'> & { afterPrune: boolean };

/**
 * Keeps the networks the selection rules may return, cloning a network only when it beats what a rule holds:
 * `best` (highest validation accuracy, fewer connections on ties), `bestAfterPrune` (the same among states whose
 * last structural operation was a prune), `smallestWithin` (fewest connections with validation accuracy at least
 * the baseline's minus the tolerance; higher accuracy on ties). A rule with no candidate falls back to `best`.
 */
export class Selector {
  private best: Candidate | undefined;
  private bestAfterPrune: Candidate | undefined;
  private smallest: Candidate | undefined;
  /** With fine-tuning, the best-scored state of every step, for the finishing pass to try in order of size. */
  private readonly perStep = new Map<number, Candidate>();
  /**
   * The score `smallestWithin` requires: the baseline's, less the tolerance, plus the margin (none with a paired
   * confirmation, which asks for its margin on the validation rows' pairs instead).
   */
  readonly target: number;
  /** Binomial standard error of the validation accuracy at the baseline's score. */
  readonly standardError: number;

  constructor(
    private readonly cfg: SelectConfig,
    baselineValidation: number,
    validationRows = 0,
  ) {
    const p = Math.min(Math.max(baselineValidation, 0), 1);
    this.standardError = validationRows > 0 ? Math.sqrt((p * (1 - p)) / validationRows) : 0;
    // A paired confirmation puts its margin on the pairs of rows (pairedMargin.ts), not on the score.
    const margin = pairedConfirmation(cfg) ? 0 : marginOf(cfg, validationRows);
    this.target = baselineValidation - cfg.tolerance + margin * this.standardError;
  }

  offer(net: Network, o: Offer): void {
    const take = (): Candidate => ({
      net: net.clone(),
      connections: o.connections,
      validationAccuracy: o.validationAccuracy,
      step: o.step,
      iteration: o.iteration,
      op: o.op,
    });
    const better = (c: Candidate | undefined): boolean =>
      !c ||
      o.validationAccuracy > c.validationAccuracy ||
      (o.validationAccuracy === c.validationAccuracy && o.connections < c.connections);
    let snap: Candidate | undefined;
    const get = (): Candidate => (snap ??= take());
    if (better(this.best)) this.best = get();
    if (o.afterPrune && better(this.bestAfterPrune)) this.bestAfterPrune = get();
    if (this.cfg.finetune > 0) {
      const kept = this.perStep.get(o.step);
      if (!kept || o.validationAccuracy > kept.validationAccuracy) this.perStep.set(o.step, get());
    }
    if (o.validationAccuracy >= this.target - 1e-12) {
      const s = this.smallest;
      if (
        !s ||
        o.connections < s.connections ||
        (o.connections === s.connections && o.validationAccuracy > s.validationAccuracy)
      ) {
        this.smallest = get();
      }
    }
  }

  /** Every step's best-scored state (kept only when fine-tuning), fewest connections first. */
  stepCandidates(): Candidate[] {
    return [...this.perStep.values()].sort(
      (a, b) => a.connections - b.connections || b.validationAccuracy - a.validationAccuracy,
    );
  }

  /** `met` is false when the rule had no candidate and `best` stands in for it. */
  selected(): { candidate: Candidate; rule: string; met: boolean } | undefined {
    const byRule = { best: this.best, bestAfterPrune: this.bestAfterPrune, smallestWithin: this.smallest }[
      this.cfg.rule
    ];
    if (byRule) return { candidate: byRule, rule: this.cfg.rule, met: true };
    return this.best
      ? { candidate: this.best, rule: `${this.cfg.rule} (no candidate; fell back to best)`, met: false }
      : undefined;
  }
}

/** Whether fine-tuned candidates are confirmed by their pairs of validation rows with the baseline. */
export function pairedConfirmation(cfg: Pick<SelectConfig, 'confirmBy' | 'rule' | 'finetune'>): boolean {
  return cfg.confirmBy === 'paired' && cfg.rule === 'smallestWithin' && cfg.finetune > 0;
}

/** The margin in standard errors: `auto` asks for one on a small validation split, where luck decides most. */
export function marginOf(cfg: Pick<SelectConfig, 'margin'>, validationRows: number): number {
  if (cfg.margin !== 'auto') return cfg.margin;
  return validationRows > 0 && validationRows < AUTO_MARGIN_ROWS ? 1 : 0;
}
