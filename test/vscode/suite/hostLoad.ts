import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Event-loop delay of the extension host over a stretch of a test, in milliseconds. */
export interface LoopLag {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Watches the extension host's event loop (the thread every extension, ours included, shares with the editor's
 * requests) while a test drives a run. Measurement only: tests print it, never assert on it (timings on a shared
 * machine are not a pass/fail criterion). With SCANN_TEST_CPU_PROF set to a folder, the same stretch is also
 * recorded as a V8 CPU profile there, to see what the host spends its time on.
 */
export function watchHostLoad(name: string): { stop: () => Promise<LoopLag> } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const profDir = process.env['SCANN_TEST_CPU_PROF'];
  const session = profDir ? new Session() : undefined;
  const post = (method: string): Promise<unknown> =>
    new Promise((resolve, reject) =>
      session!.post(method, (err, res) => (err ? reject(err) : resolve((res as { profile?: unknown })?.profile))),
    );
  const started = session
    ? (session.connect(), post('Profiler.enable').then(() => post('Profiler.start')))
    : Promise.resolve();
  return {
    stop: async () => {
      h.disable();
      if (session) {
        await started;
        const profile = await post('Profiler.stop');
        writeFileSync(path.join(profDir!, `${name}.cpuprofile`), JSON.stringify(profile));
        session.disconnect();
      }
      const ms = (ns: number): number => Math.round(ns / 1e5) / 10;
      return {
        samples: h.count,
        p50: ms(h.percentile(50)),
        p99: ms(h.percentile(99)),
        max: ms(h.max),
        mean: ms(h.mean),
      };
    },
  };
}
