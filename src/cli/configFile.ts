import { formatIssue, parseConfigText, type ConfigIssue } from '../protocol/configText';
import type { ScannConfig } from '../protocol/config';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Validates config text; throws a UsageError listing every issue as `WHERE:LINE:COL severity: path: message`. */
export function validConfig(text: string, where: string): { config: ScannConfig; warnings: string[] } {
  const { config, issues } = parseConfigText(text);
  const lines = (list: ConfigIssue[]): string[] => list.map((i) => `${where}:${formatIssue(i)}`);
  if (!config) throw new UsageError(`invalid config\n${lines(issues).join('\n')}`);
  return { config, warnings: lines(issues) };
}

/** `scann run` runs single configs: a config with a `sweep` block would silently run its base config alone. */
export function assertNoSweep(config: ScannConfig, where: string): void {
  if (config.sweep)
    throw new UsageError(
      `${where}: this config has a \`sweep\` block, which \`scann run\` does not expand: run it with \`scann sweep\``,
    );
}
