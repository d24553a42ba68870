/** Debian packages the suite needs (R for the conversions, scikit-learn for the reference), installed when missing. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const checked = new Set<string>();

/**
 * Runs `missing()`; when it names something missing and we are root with apt-get, installs `packages` (waiting for
 * another apt or dpkg to finish) and checks again. Otherwise throws with the command to run.
 */
export function ensureDebianPackages(packages: string[], missing: () => string | undefined): void {
  const key = packages.join(' ');
  if (checked.has(key)) return;
  const reason = missing();
  if (reason) {
    const command = `apt-get install -y --no-install-recommends ${key}`;
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!root || !existsSync('/usr/bin/apt-get'))
      throw new Error(`${reason}; install it with \`sudo ${command}\` (Debian/Ubuntu)`);
    process.stdout.write(`${reason}: running ${command}\n`);
    const apt = (args: string[]) =>
      execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    try {
      apt(['install', '-y', '--no-install-recommends', ...packages]);
    } catch {
      apt(['update']);
      apt(['install', '-y', '--no-install-recommends', ...packages]);
    }
    const still = missing();
    if (still) throw new Error(`${still} after installing ${key}`);
  }
  checked.add(key);
}

/** Debian's name for a CRAN package: r-cran- and the name in lower case (carData is r-cran-cardata). */
export function debianRPackage(pkg: string): string {
  return `r-cran-${pkg.toLowerCase()}`;
}

/** Debian's own Python (where python3-sklearn installs), not a version manager's shim that may come first on PATH. */
export function systemPython(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/**
 * What the engine's results depend on, for cache keys: the git tree of src/ at HEAD, plus a hash of uncommitted
 * changes below src/ when there are any; `unknown` outside a git checkout.
 */
export function engineFingerprint(repoRoot: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const tree = git('rev-parse', 'HEAD:src').trim();
    const dirty = git('status', '--porcelain', '--untracked-files=all', '--', 'src').trim();
    if (!dirty) return tree.slice(0, 12);
    const diff = git('diff', 'HEAD', '--', 'src');
    const untracked = dirty
      .split('\n')
      .filter((l) => l.startsWith('??'))
      .map((l) => l.slice(3))
      .map((f) => `${f}\n${readFileSync(path.join(repoRoot, f), 'utf8')}`)
      .join('\n');
    const h = createHash('sha256').update(diff).update(untracked).digest('hex');
    return `${tree.slice(0, 12)}+${h.slice(0, 8)}`;
  } catch {
    return 'unknown';
  }
}
