import { promises as fs } from 'node:fs';

/**
 * Whether two paths name one file: same device and inode, so symlinks (to the file or to a folder on the way)
 * and hard links count, which comparing resolved path strings misses. A path that does not exist names no file.
 */
export async function isSameFile(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([fs.stat(a).catch(() => undefined), fs.stat(b).catch(() => undefined)]);
  return !!sa && !!sb && sa.dev === sb.dev && sa.ino === sb.ino;
}
