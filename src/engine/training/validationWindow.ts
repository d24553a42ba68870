/** The mean of the last `size` validation accuracies: a less noisy score than a single epoch's. */
export class ValidationWindow {
  private readonly values: number[] = [];

  constructor(private readonly size: number) {}

  push(v: number): void {
    this.values.push(v);
    if (this.values.length > this.size) this.values.shift();
  }

  mean(): number {
    return this.values.length ? this.values.reduce((a, b) => a + b, 0) / this.values.length : 0;
  }

  /** True once it holds `size` values. */
  get full(): boolean {
    return this.values.length === this.size;
  }
}
