/**
 * Picks how many threads a step uses by timing real steps: alternately 1 and `max` threads for a few steps,
 * then the faster for a while, then again. Worth it because results do not depend on the thread count (each
 * batch column and each weight row is computed the same way whoever owns it), while the best count does: small
 * networks lose to the two round trips per step, and on a shared machine the second core may simply be taken,
 * where a spinning thread costs more than it gives.
 */
export class ThreadTuner {
  private chosen: number;
  private sampling = true;
  private readonly samples = new Map<number, number[]>();
  private untilProbe = 0;
  private interval = FIRST_INTERVAL;
  private current: number;

  constructor(
    private readonly max: number,
    private readonly tune: boolean,
  ) {
    this.chosen = max;
    this.current = max;
  }

  /** Threads for the next step. */
  next(): number {
    if (this.max === 1 || !this.tune) return this.max;
    if (!this.sampling) {
      if (--this.untilProbe > 0) return (this.current = this.chosen);
      this.sampling = true;
      this.samples.clear();
    }
    // Alternate so both candidates see the same drift of the machine.
    const n1 = this.samples.get(1)?.length ?? 0;
    const nm = this.samples.get(this.max)?.length ?? 0;
    return (this.current = n1 <= nm ? 1 : this.max);
  }

  /** Duration of the step just run with next()'s count; `full` is false for steps of another size. */
  record(ms: number, full: boolean): void {
    if (!this.sampling || !full) return;
    const list = this.samples.get(this.current) ?? [];
    list.push(ms);
    this.samples.set(this.current, list);
    const one = this.samples.get(1) ?? [];
    const many = this.samples.get(this.max) ?? [];
    if (one.length < SAMPLES || many.length < SAMPLES) return;
    const pick = median(one) <= median(many) ? 1 : this.max;
    this.interval = pick === this.chosen ? Math.min(MAX_INTERVAL, 2 * this.interval) : FIRST_INTERVAL;
    this.chosen = pick;
    this.sampling = false;
    this.untilProbe = this.interval;
  }

  get threads(): number {
    return this.chosen;
  }

  /** Whether the next record() is used: callers skip timing the step otherwise. */
  get timing(): boolean {
    return this.sampling && this.tune && this.max > 1;
  }
}

const SAMPLES = 5;
const FIRST_INTERVAL = 200;
const MAX_INTERVAL = 3200;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
