import * as path from 'node:path';
import { configSchema, type ScannConfigInput } from '../../../src/protocol/config';
import type { RunEvent } from '../../../src/protocol/events';
import { runSynthesis } from '../../../src/engine/run/run';

/** The bundled datasets, where relative sources of the engine tests resolve. */
export const dataDir = path.join(__dirname, '..', '..', '..', 'data');

/** Runs a config in-process, collecting its events into `events` when given. */
export async function runConfig(input: ScannConfigInput, events?: RunEvent[]) {
  return runSynthesis(configSchema.parse(input), {
    baseDir: dataDir,
    dataDir,
    ...(events ? { emit: (e) => events.push(e) } : {}),
  });
}
