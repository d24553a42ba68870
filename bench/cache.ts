/** Resumable benchmark runs: one JSON file per dataset, scheme and config hash under bench/.cache/runs. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export function configHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

export class RunCache {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  get<T>(key: string): T | undefined {
    const f = this.file(key);
    return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as T) : undefined;
  }

  /** Written to a temporary file first, so an interrupted benchmark never leaves a half-written entry. */
  set(key: string, value: unknown): void {
    const f = this.file(key);
    writeFileSync(`${f}.tmp`, JSON.stringify(value, null, 1));
    renameSync(`${f}.tmp`, f);
  }
}
