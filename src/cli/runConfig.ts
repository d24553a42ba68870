import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runSynthesis } from '../engine/run/run';
import { plannedEpochs } from '../engine/synthesis/schemes';
import type { RunResult } from '../protocol/result';
import { writeFileAtomic } from '../node/atomicWrite';
import { readInputText } from '../node/inputFile';
import { validConfig } from './configFile';
import { RunProgress } from './progress';
import { terminalSummary } from './summary';

export interface RunConfigOptions {
  file: string;
  json: boolean;
  out?: string;
  dataDir: string;
  signal: AbortSignal;
}

/** The `--json` document: the run result without the model (that goes to `--out DIR/model.json`). */
export function jsonReport(r: RunResult): Omit<RunResult, 'model'> {
  const { model: _model, ...rest } = r;
  return rest;
}

/** `scann run --config FILE.yaml`: one run; a report on stdout, progress and logs on stderr. */
export async function runConfigFile(o: RunConfigOptions): Promise<RunResult> {
  const text = await readInputText(o.file);
  const { config, warnings } = validConfig(text, o.file);
  const progress = new RunProgress();
  for (const w of warnings) progress.line(w);
  const name = config.name ?? path.basename(o.file).replace(/\.(ya?ml)$/i, '');
  const listener = progress.track(name, plannedEpochs(config));
  try {
    const result = await runSynthesis(config, {
      baseDir: path.dirname(path.resolve(o.file)),
      dataDir: o.dataDir,
      emit: listener,
      signal: o.signal,
    });
    progress.stop();
    if (o.out) {
      await fs.mkdir(o.out, { recursive: true });
      await writeFileAtomic(path.join(o.out, 'model.json'), `${JSON.stringify(result.model)}\n`);
      await writeFileAtomic(path.join(o.out, 'result.json'), `${JSON.stringify(jsonReport(result), null, 1)}\n`);
    }
    if (o.json) process.stdout.write(`${JSON.stringify(jsonReport(result), null, 2)}\n`);
    else process.stdout.write(`${terminalSummary(result)}\n`);
    return result;
  } finally {
    progress.stop();
  }
}
