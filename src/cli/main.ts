import { parseArgs } from 'node:util';
import { NetworkSizeError } from '../engine/core/limits';
import { DatasetError } from '../engine/data/types';
import { ModelError } from '../engine/model/error';
import { isRunCancelled } from '../engine/training/cancel';
import { InputFileError } from '../node/inputFile';
import { NotebookFormatError } from '../protocol/notebook';
import { UsageError } from './configFile';
import { datasetsCommand } from './datasetsCommand';
import { exportCommand } from './export';
import { FigureError, RasterUnavailableError, ReportInputError } from '../report/errors';
import { bundledDataDir } from './paths';
import { predictCommand } from './predict';
import { runConfigFile } from './runConfig';
import { runNotebook } from './runNotebook';
import { sweepCommand } from './sweep/sweepCommand';

const HELP = `scann — synthesize compact and accurate neural networks (SCANN)

Usage:
  scann run NOTEBOOK.scann [--cell NAME]...   run config cells, write outputs into the notebook
  scann run --config FILE.yaml [--json] [--out DIR]
                                              one run; --json prints the result on stdout,
                                              --out writes DIR/model.json and DIR/result.json
  scann sweep CONFIG.yaml [--workers N] [--queue redis://HOST:PORT] [--json | --events] [--out DIR]
                                              the runs of the config's sweep block (default: one
                                              engine process per core); a live table, then the
                                              summary per configuration with its Pareto front
  scann sweep --attach ID | --cancel ID [--queue redis://HOST:PORT] [--out DIR]
                                              follow or stop a sweep recorded in DIR/.scann/sweeps
                                              (with --queue: any sweep on that queue)
  scann worker --queue redis://HOST:PORT [--concurrency N] [--cache DIR] [--stall-timeout SECONDS]
                                              serve sweep jobs from a queue until SIGTERM or Ctrl-C
  scann predict MODEL.json --data FILE.csv [--proba]
                                              one predicted label per line (--proba: probabilities)
  scann export MODEL.json --format c|json|tfjs --out DIR [--weights float32|int8] [--prefix NAME]
                                              the network as C99 (.c + .h), a clean model.json,
                                              or a TF.js layers model (model.json + weights.bin)
  scann report NOTEBOOK.scann [-o FILE.html] [--no-config] [--no-dataset-paths]
                                              the notebook as one self-contained HTML file
  scann report NOTEBOOK.scann --format md [-o DIR] [--size one-column|two-column]
                                              README.md with a table per run and SVG figures
  scann figure RUN_DIR_OR_NOTEBOOK... --kind architecture|curves|energy|pareto
        [--format svg|png|pdf] [--size one-column|two-column] [--run NAME]... [-o FILE|DIR]
                                              publication figures (PNG/PDF need playwright-core)
  scann datasets [--json]                     list the built-in datasets
  scann --help | --version

Exit codes: 0 ok, 1 a run failed (for a sweep: one of its runs), 2 bad input (usage, config, data, file format), 3 a finished result could
  not be written where asked and was saved elsewhere (the message says where), 130 cancelled.`;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling (Ctrl-C again to quit now)...\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(`${HELP}\n`);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'run':
        return await run(rest, controller.signal);
      case 'sweep':
        return await sweepCommand(rest, bundledDataDir(), controller.signal);
      case 'predict': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { data: { type: 'string' }, proba: { type: 'boolean' } },
        });
        if (positionals.length !== 1 || !values.data)
          throw new UsageError('usage: scann predict MODEL.json --data FILE.csv [--proba]');
        await predictCommand(positionals[0]!, values.data, values.proba ?? false);
        return 0;
      }
      case 'export':
        await exportCommand(rest);
        return 0;
      // Reports and figures load their code (a server-side DOM, markdown, highlighting) only when asked for.
      case 'report':
        for (const f of await (await import('./report')).reportCommand(rest, VERSION)) process.stdout.write(`${f}\n`);
        return 0;
      case 'figure':
        for (const f of await (await import('./figure')).figureCommand(rest)) process.stdout.write(`${f}\n`);
        return 0;
      // The queue client (BullMQ, ioredis) is loaded only by the commands that talk to a queue.
      case 'worker':
        return await (await import('./sweep/queue/workerCommand')).workerCommand(rest, controller.signal);
      case 'datasets': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
        datasetsCommand(bundledDataDir(), values.json ?? false);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}'\n\n${HELP}`);
    }
  } catch (err) {
    return reportError(err);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function run(args: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      cell: { type: 'string', multiple: true },
    },
  });
  const dataDir = bundledDataDir();
  if (values.config) {
    if (positionals.length) throw new UsageError('give either a notebook or --config, not both');
    const r = await runConfigFile({
      file: values.config,
      json: values.json ?? false,
      dataDir,
      signal,
      ...(values.out ? { out: values.out } : {}),
    });
    return r.result.status === 'cancelled' ? 130 : r.unsaved ? 3 : 0;
  }
  if (positionals.length !== 1)
    throw new UsageError('usage: scann run NOTEBOOK.scann [--cell NAME] | scann run --config FILE.yaml');
  if (values.json || values.out) throw new UsageError('--json and --out go with --config');
  const s = await runNotebook({ file: positionals[0]!, cells: values.cell ?? [], dataDir, signal });
  return s.cancelled ? 130 : s.failed ? 1 : s.unsaved ? 3 : 0;
}

function reportError(err: unknown): number {
  const known =
    err instanceof UsageError ||
    err instanceof DatasetError ||
    err instanceof NotebookFormatError ||
    err instanceof ModelError ||
    err instanceof ReportInputError ||
    err instanceof FigureError ||
    err instanceof RasterUnavailableError ||
    err instanceof InputFileError ||
    err instanceof NetworkSizeError ||
    isSystemError(err) ||
    isArgumentError(err);
  const message = isArgumentError(err)
    ? `${err.message.replace(/\. To specify a positional argument.*$/, '')} (scann --help lists the options)`
    : err instanceof Error
      ? err.message
      : String(err);
  process.stderr.write(`scann: ${message}\n`);
  if (!known && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  if (isRunCancelled(err)) return 130;
  return known ? 2 : 1;
}

/**
 * A failure of the file system or the system (ENOSPC, EACCES, EISDIR...): bad input or a full disk, not a bug, so
 * exit 2 with Node's message (it names the file when Node knows it) and no stack.
 */
function isSystemError(err: unknown): boolean {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code);
}

/** An unknown option or a missing option value, as `parseArgs` reports it: a usage error, exit 2, no stack. */
function isArgumentError(err: unknown): err is Error {
  return (
    err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS_')
  );
}

/**
 * Standard output that cannot be written (a full disk, /dev/full, a closed pipe) reports asynchronously through an
 * 'error' event, which unhandled kills the process with a stack trace. A closed pipe (`scann predict ... | head`)
 * is the reader's choice and ends quietly; anything else is a clear message and exit 2.
 */
function guardStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`scann: cannot write the output (${err.message})\n`);
    process.exit(2);
  });
}

declare const SCANN_VERSION: string | undefined;
const VERSION = typeof SCANN_VERSION === 'string' ? SCANN_VERSION : 'dev';

if (require.main === module) {
  guardStdout();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`scann: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
