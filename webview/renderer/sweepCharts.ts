/**
 * The sweep output's two figures as specs (data only): the parallel coordinates of the swept fields against test
 * accuracy and connections (one line per finished run), and the Pareto plot of the swept configurations (mean
 * test accuracy against mean connections, error bars one standard deviation over the repeats either way, the
 * front joined). Pure (no DOM).
 */
import type { SweepPayload } from '../../src/protocol/sweepOutput';
import { meanSdInt, meanSdPct, valuesLine } from '../../src/protocol/sweepOutput';
import type { ChartSpec } from '../components/chartSpec';
import { int, pct } from '../components/format';
import type { Palette } from '../components/palette';
import type { ParallelSpec, ParallelValue } from '../components/parallelCoords';
import type { JsonValue } from '../../src/protocol/notebook';

const axisValue = (v: JsonValue | undefined): ParallelValue =>
  typeof v === 'number' ? v : v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);

/** Whether a number axis spans at least a decade of positive values (then it is drawn on a log scale). */
function spansDecades(values: ParallelValue[]): boolean {
  const nums = values.filter((v): v is number => typeof v === 'number');
  if (nums.length !== values.filter((v) => v !== undefined).length || nums.some((v) => v <= 0)) return false;
  return Math.max(...nums) / Math.min(...nums) >= 10;
}

export function parallelSpec(p: SweepPayload): ParallelSpec | undefined {
  const runs = (p.summary?.runs ?? []).filter(
    (r) => r.status !== 'failed' && r.testAccuracy !== undefined && r.connections !== undefined,
  );
  if (!runs.length) return undefined;
  const pareto = new Set(p.summary?.pareto ?? []);
  const fieldValues = p.fields.map((f) => runs.map((r) => axisValue(r.values[f])));
  const connections = runs.map((r) => r.connections);
  return {
    title: 'Swept fields against test accuracy and connections',
    legend: 'One line per run; darker = higher test accuracy; thick = a configuration on the Pareto front.',
    axes: [
      ...p.fields.map((f, i) => ({ label: f, log: spansDecades(fieldValues[i]!), valueTicks: true })),
      { label: 'test accuracy', format: (v: number) => `${(100 * v).toFixed(1)}%` },
      { label: 'connections', log: spansDecades(connections) },
    ],
    lines: runs.map((r, k) => ({
      values: [...fieldValues.map((vs) => vs[k]), r.testAccuracy, r.connections],
      title: `${valuesLine(p.fields, r.values)}, seed ${r.seed}: test ${pct(r.testAccuracy!)}, ${int(r.connections!)} connections`,
      strong: pareto.has(r.group),
    })),
    shadeBy: p.fields.length,
  };
}

export function paretoSpec(p: SweepPayload, palette: Palette): ChartSpec | undefined {
  const groups = (p.summary?.groups ?? []).flatMap((g) =>
    g.testAccuracy && g.connections ? [{ ...g, testAccuracy: g.testAccuracy, connections: g.connections }] : [],
  );
  if (!groups.length) return undefined;
  const pareto = new Set(p.summary?.pareto ?? []);
  const front = groups.filter((g) => pareto.has(g.group)).sort((a, b) => a.connections.mean - b.connections.mean);
  const rest = groups.filter((g) => !pareto.has(g.group));
  const runs = (p.summary?.runs ?? []).filter((r) => r.testAccuracy !== undefined && r.connections !== undefined);
  const title = (g: (typeof groups)[number]): string =>
    `${valuesLine(p.fields, g.values)} (n = ${g.done}): test ${meanSdPct(g.testAccuracy, g.done)}, ${meanSdInt(g.connections, g.done)} connections`;
  const [onFront, other, single] = [palette.series[0]!, palette.series[1]!, palette.muted];
  const connections = groups.flatMap((g) => [g.connections.min, g.connections.max]).filter((c) => c > 0);
  return {
    title: 'Pareto: test accuracy against connections (mean ± sd over repeats)',
    xLabel: 'connections (counted)',
    yLabel: 'test accuracy',
    logX: connections.length > 0 && Math.max(...connections) / Math.min(...connections) >= 10,
    yTickFormat: (v) => `${(100 * v).toFixed(1)}%`,
    marginLeft: 56,
    series: [
      {
        name: 'runs',
        x: runs.map((r) => r.connections!),
        y: runs.map((r) => r.testAccuracy!),
        color: single,
        line: 'none',
        markers: {
          shape: 'circle',
          size: 2,
          titles: runs.map((r) => `${valuesLine(p.fields, r.values)}, seed ${r.seed}`),
        },
      },
      {
        name: 'configurations',
        x: rest.map((g) => g.connections.mean),
        y: rest.map((g) => g.testAccuracy.mean),
        errorX: rest.map((g) => g.connections.sd),
        errorY: rest.map((g) => g.testAccuracy.sd),
        color: other,
        line: 'none',
        markers: { shape: 'circle', size: 4, titles: rest.map(title) },
      },
      {
        name: 'Pareto front',
        x: front.map((g) => g.connections.mean),
        y: front.map((g) => g.testAccuracy.mean),
        errorX: front.map((g) => g.connections.sd),
        errorY: front.map((g) => g.testAccuracy.sd),
        color: onFront,
        line: 'step',
        markers: { shape: 'diamond', size: 4.5, titles: front.map(title) },
      },
    ],
  };
}
