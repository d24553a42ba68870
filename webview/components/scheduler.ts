/**
 * Coalesces updates: any number of `schedule()` calls between two frames cause one `run()` in the next animation
 * frame, and `minIntervalMs` spaces runs further apart for costly work (plots). Live runs post events faster
 * than a frame; drawing each would stutter the editor.
 */
export class FrameScheduler {
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = -Infinity;
  /** Runs so far (tests and the benchmark read it). */
  runs = 0;

  constructor(
    private readonly run: () => void,
    private readonly minIntervalMs = 0,
  ) {}

  schedule(): void {
    if (this.frame || this.timer !== undefined) return;
    const wait = this.last + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.last = performance.now();
      this.runs++;
      this.run();
    });
  }

  /** Runs now if something is pending (e.g. before a screenshot or when the view is disposed with pending data). */
  flush(): void {
    if (!this.frame && this.timer === undefined) return;
    this.cancel();
    this.last = performance.now();
    this.runs++;
    this.run();
  }

  cancel(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
  }
}
