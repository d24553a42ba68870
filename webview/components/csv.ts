/** CSV export (RFC 4180: comma separated, CRLF line ends, fields quoted when needed). Pure (no DOM). */
import { csvField } from '../../src/protocol/csv';

export { csvField };

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(c.value(r))).join(','));
  return lines.join('\r\n') + '\r\n';
}
