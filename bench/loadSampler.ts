/** The machine's 1-minute load average over a run, sampled every 30 s: the conditions a timing was measured under. */
import { loadavg } from 'node:os';
import type { LoadFigures } from './summary';

const EVERY_MS = 30_000;

export class LoadSampler {
  private readonly samples: number[] = [loadavg()[0]!];
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.samples.push(loadavg()[0]!), EVERY_MS);
    // A benchmark that is done must not wait for the next sample.
    this.timer.unref();
  }

  stop(): LoadFigures {
    clearInterval(this.timer);
    const s = [...this.samples, loadavg()[0]!];
    return {
      before: s[0]!,
      after: s[s.length - 1]!,
      mean: s.reduce((a, b) => a + b, 0) / s.length,
      max: Math.max(...s),
      samples: s.length,
    };
  }
}
