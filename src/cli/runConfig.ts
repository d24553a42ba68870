import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runSynthesis } from '../engine/run/run';
import { plannedEpochs } from '../engine/synthesis/schemes';
import { beforeData } from '../protocol/schemeChoice';
import type { RunResult } from '../protocol/result';
import { writeFileAtomic } from '../node/atomicWrite';
import { readInputText } from '../node/inputFile';
import { errorText, rescuePlaces, uniqueSuffix, writeRescueFolder } from '../node/rescue';
import { assertWritableDir } from '../node/writeCheck';
import { assertNoSweep, UsageError, validConfig } from './configFile';
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

export interface RunConfigOutcome {
  result: RunResult;
  /** `--out` could not be written: the files went to a rescue folder or stderr (the message says where). */
  unsaved: boolean;
}

const OUT_FILES = ['model.json', 'result.json'] as const;

/**
 * `scann run --config FILE.yaml`: one run; a report on stdout, progress and logs on stderr. `--out` is checked
 * before the run (an unwritable folder is bad input, not a lost run) and written after the report is printed, so
 * a write that still fails (a full disk) never takes the report with it.
 */
export async function runConfigFile(o: RunConfigOptions): Promise<RunConfigOutcome> {
  const text = await readInputText(o.file);
  const { config, warnings } = validConfig(text, o.file);
  assertNoSweep(config, o.file);
  if (o.out) {
    const out = o.out;
    await assertWritableDir(out, OUT_FILES).catch((err: unknown) => {
      throw new UsageError(`--out ${out}: ${errorText(err)}; nothing was run`);
    });
  }
  const progress = new RunProgress();
  for (const w of warnings) progress.line(w);
  const name = config.name ?? path.basename(o.file).replace(/\.(ya?ml)$/i, '');
  const listener = progress.track(name, plannedEpochs(beforeData(config)));
  try {
    const result = await runSynthesis(config, {
      baseDir: path.dirname(path.resolve(o.file)),
      dataDir: o.dataDir,
      emit: listener,
      signal: o.signal,
    });
    progress.stop();
    if (o.json) process.stdout.write(`${JSON.stringify(jsonReport(result), null, 2)}\n`);
    else process.stdout.write(`${terminalSummary(result)}\n`);
    const unsaved = o.out ? !(await writeOut(o.out, result)) : false;
    return { result, unsaved };
  } finally {
    progress.stop();
  }
}

/** Writes `--out`; when that fails, rescues both files and says where. Whether `--out` itself took them. */
async function writeOut(out: string, result: RunResult): Promise<boolean> {
  const files: Record<(typeof OUT_FILES)[number], string> = {
    'model.json': `${JSON.stringify(result.model)}\n`,
    'result.json': `${JSON.stringify(jsonReport(result), null, 1)}\n`,
  };
  try {
    await fs.mkdir(out, { recursive: true });
    for (const name of OUT_FILES) await writeFileAtomic(path.join(out, name), files[name]);
    return true;
  } catch (err) {
    const reason = `could not write --out ${out}: ${errorText(err)}`;
    const places = rescuePlaces(path.dirname(path.resolve(out)));
    const attempt = await writeRescueFolder(
      places,
      `${path.basename(path.resolve(out))}.rescued-${uniqueSuffix()}`,
      files,
    );
    if (attempt.path) {
      process.stderr.write(`scann: ${reason}; model.json and result.json were saved to ${attempt.path}\n`);
    } else {
      // stdout carries the report alone (a JSON document with --json), so the model goes to stderr.
      process.stderr.write(
        `scann: ${reason}; no other place could be written either (${attempt.failures.join('; ')}); ` +
          `model.json follows on stderr:\n${files['model.json']}`,
      );
    }
    return false;
  }
}
