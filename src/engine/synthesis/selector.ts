import type { SelectConfig } from '../../protocol/config';
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

  constructor(
    private readonly cfg: SelectConfig,
    private readonly baselineValidation: number,
  ) {}

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
    if (o.validationAccuracy >= this.baselineValidation - this.cfg.tolerance - 1e-12) {
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
