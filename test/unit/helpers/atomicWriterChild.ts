/**
 * Rewrites one file with writeFileAtomic in a loop until killed, alternating two large contents: the `kill -9`
 * test stops it at random moments and checks that the file is always one whole version. argv: FILE
 */
import { writeFileAtomic } from '../../../src/node/atomicWrite';

export const versions = ['a', 'b'].map((c) => `${JSON.stringify({ fill: c.repeat(1 << 20) })}\n`);

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) await writeFileAtomic(process.argv[2]!, versions[i % 2]!);
}

if (require.main === module) void main();
