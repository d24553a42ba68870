import { listBuiltinDatasets } from '../node/builtinDatasets';

/** `scann datasets`: the built-in datasets with their sizes (and why one is unavailable). */
export function datasetsCommand(dataDir: string, json: boolean): void {
  const list = listBuiltinDatasets(dataDir);
  if (json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const rows = list.map((d) => [
    d.source,
    `${d.rows.toLocaleString('en-US')}${d.testRows ? ` + ${d.testRows.toLocaleString('en-US')} test` : ''}`,
    String(d.features),
    String(d.classes),
    d.available ? d.description : `unavailable: ${d.unavailableReason ?? ''}`,
  ]);
  const head = ['dataset', 'rows', 'features', 'classes', 'description'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ');
  process.stdout.write(`${[fmt(head), ...rows.map(fmt)].join('\n')}\n`);
}
