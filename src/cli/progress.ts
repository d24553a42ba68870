import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { RunEvent } from '../protocol/events';

/**
 * Terminal progress for runs: a live bar per run on a TTY, one plain line per synthesis step otherwise (CI logs,
 * pipes). Everything goes to stderr so stdout stays clean for `--json`.
 */
export class RunProgress {
  private readonly multi: MultiBar | undefined;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.multi = stream.isTTY
      ? new MultiBar(
          {
            stream,
            format: ' {name} |{bar}| {percentage}% | {phase} | val {val} | conns {conns} | {eta_formatted}',
            barsize: 24,
            hideCursor: true,
            clearOnComplete: false,
            etaBuffer: 50,
          },
          Presets.shades_classic,
        )
      : undefined;
  }

  /** A listener for one run's events. */
  track(name: string, totalEpochs: number): (e: RunEvent) => void {
    const bar: SingleBar | undefined = this.multi?.create(totalEpochs, 0, {
      name,
      phase: 'loading',
      val: '-',
      conns: '-',
    });
    let done = 0;
    let iteration = 0;
    let total = totalEpochs;
    return (e) => {
      switch (e.type) {
        case 'epoch':
          done++;
          bar?.update(done, {
            phase: e.phase === 'baseline' ? `baseline ep ${e.epoch}` : `it ${iteration} step ${e.step} ep ${e.epoch}`,
            val: `${(100 * e.validationAccuracy).toFixed(1)}%`,
            conns: e.connections.toLocaleString('en-US'),
          });
          break;
        case 'baseline':
          // The baseline stopped early: the bar's length becomes the epochs the run will really train.
          if (e.plannedEpochs !== undefined) {
            total = e.plannedEpochs;
            bar?.setTotal(total);
          }
          this.line(
            `${name}: baseline ${e.baseline.layers.join('-')}: test ${(100 * e.baseline.testAccuracy).toFixed(2)}%, ${e.baseline.connections} connections${e.baseline.epochsUsed !== undefined ? `, ${e.baseline.epochsUsed} epochs` : ''}`,
          );
          break;
        case 'operation':
          iteration = e.iteration;
          break;
        case 'log':
          // The DR step's choice and its notes: what the run decided, not progress, so shown on a TTY too.
          this.line(`${name}: ${e.level === 'warn' ? 'warning: ' : ''}${e.message}`);
          break;
        case 'step':
          if (!bar) {
            const h = e.history;
            this.line(
              `${name}: step ${h.step} it ${h.iteration} ${h.op}: ${h.connections} connections, ${h.hiddenNeurons} neurons, val ${(100 * h.validationAccuracy).toFixed(2)}%`,
            );
          }
          break;
        case 'done':
        case 'cancelled': {
          const f = e.result?.final;
          bar?.update(total, {
            phase: e.type === 'done' ? 'done' : 'cancelled',
            ...(f
              ? { val: `${(100 * f.validationAccuracy).toFixed(1)}%`, conns: f.connections.toLocaleString('en-US') }
              : {}),
          });
          bar?.stop();
          break;
        }
        default:
          break;
      }
    };
  }

  line(text: string): void {
    if (this.multi) this.multi.log(`${text}\n`);
    else this.stream.write(`${text}\n`);
  }

  stop(): void {
    this.multi?.stop();
  }
}
