/** Timed repeats of a benchmark run after one warm-up run: wall seconds per repeat, CPU time per wall time. */
export interface Timing {
  seconds: number[];
  cpuPerWall: number;
}

export function timeRepeats(fn: () => void, repeats: number): Timing {
  fn();
  const seconds: number[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < repeats; r++) {
    const s = performance.now();
    fn();
    seconds.push((performance.now() - s) / 1000);
  }
  const cpu = process.cpuUsage(c0);
  return { seconds, cpuPerWall: (cpu.user + cpu.system) / 1000 / (performance.now() - t0) };
}

export async function timeRepeatsAsync(fn: () => Promise<void>, repeats: number): Promise<Timing> {
  await fn();
  const seconds: number[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < repeats; r++) {
    const s = performance.now();
    await fn();
    seconds.push((performance.now() - s) / 1000);
  }
  const cpu = process.cpuUsage(c0);
  return { seconds, cpuPerWall: (cpu.user + cpu.system) / 1000 / (performance.now() - t0) };
}
