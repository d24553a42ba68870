import type { SweepEvent, SweepJobInfo, SweepJobStatus } from '../../protocol/sweep';
import { endedLine, liveLines } from './tables';

/** The live table on stderr: redrawn in place twice a second on a terminal; one line per ended job otherwise. */
export class LiveView {
  private jobs: SweepJobInfo[] = [];
  private readonly byId = new Map<string, SweepJobInfo>();
  private readonly statuses = new Map<string, SweepJobStatus>();
  private drawn = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly sweepId: string) {
    if (this.tty) this.timer = setInterval(() => this.draw(), 500);
  }

  accept(e: SweepEvent): void {
    if (e.type === 'sweep-started') {
      this.jobs = e.jobs;
      for (const j of e.jobs) this.byId.set(j.jobId, j);
    }
    if (e.type !== 'job') return;
    const before = this.statuses.get(e.status.jobId)?.state;
    this.statuses.set(e.status.jobId, e.status);
    const job = this.byId.get(e.status.jobId);
    const ended = e.status.state !== 'running' && e.status.state !== 'queued';
    if (ended && before !== e.status.state && job) {
      if (this.tty) {
        if (e.status.state === 'failed') this.print(endedLine(job, e.status));
      } else this.print(endedLine(job, e.status));
    }
  }

  private print(line: string): void {
    this.clear();
    process.stderr.write(`${line}\n`);
  }

  private clear(): void {
    if (this.drawn) process.stderr.write(`\x1b[${this.drawn}F\x1b[0J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (!this.jobs.length) return;
    const cols = process.stderr.columns || 120;
    const lines = liveLines(this.sweepId, this.jobs, this.statuses).map((l) => l.slice(0, cols - 1));
    this.clear();
    process.stderr.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty) {
      this.draw();
    }
  }
}
