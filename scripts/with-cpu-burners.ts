/**
 * Runs a command with one busy-loop process per core beside it, the way a user runs other work next to a
 * synthesis, then stops the burners (also when the command fails or this script is interrupted).
 *
 *   npx tsx scripts/with-cpu-burners.ts -- npm run test:vscode     # `npm run test:vscode:loaded`
 *   SCANN_BURNERS=4 npx tsx scripts/with-cpu-burners.ts -- node x.js
 *
 * The burners run at normal priority: the point is to see the editor and the engine under competition they do not
 * control. The exit code is the command's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

const argv = process.argv.slice(2);
const command = argv[0] === '--' ? argv.slice(1) : argv;
if (!command.length) {
  console.error('usage: with-cpu-burners.ts -- <command> [args...]');
  process.exit(2);
}
const count = Number(process.env['SCANN_BURNERS'] ?? availableParallelism());

const burners: ChildProcess[] = [];
for (let i = 0; i < count; i++) {
  burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}
const stopBurners = (): void => {
  for (const b of burners) if (b.exitCode === null && b.signalCode === null) b.kill('SIGKILL');
};
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`with-cpu-burners: ${count} burner(s) (pids ${burners.map((b) => b.pid).join(', ')}); load ${load()}`);

const started = Date.now();
const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit' });
const forward = (signal: NodeJS.Signals): void => {
  child.kill(signal);
};
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('error', (err) => {
  console.error(`with-cpu-burners: cannot run ${command[0]}: ${err.message}`);
  stopBurners();
  process.exit(127);
});
child.on('exit', (code, signal) => {
  stopBurners();
  const s = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`with-cpu-burners: command ended (${signal ?? `exit ${String(code)}`}) after ${s} s; load ${load()}`);
  process.exit(code ?? 1);
});
