// A process that takes and releases data-directory locks when told to, for
// tests that need real competing processes. Commands, one per line on stdin:
// `lock DIR` (answers `locked`, `refused MESSAGE` or `error MESSAGE`),
// `release` (`released`), `sleeper` (starts a detached `sleep`, answers
// `sleeper PID`). It says `ready PID` first and exits when stdin closes.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DataDirInUseError, lockDataDir } from '../../src/db/data-dir-lock.js';

let release: (() => Promise<void>) | undefined;
const say = (line: string) => void process.stdout.write(`${line}\n`);

say(`ready ${process.pid}`);
for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...rest] = line.split(' ');
  if (command === 'lock') {
    try {
      release = await lockDataDir(rest.join(' '));
      say('locked');
    } catch (error) {
      say(`${error instanceof DataDirInUseError ? 'refused' : 'error'} ${(error as Error).message}`);
    }
  } else if (command === 'release') {
    await release?.();
    release = undefined;
    say('released');
  } else if (command === 'sleeper') {
    const sleeper = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    sleeper.unref();
    say(`sleeper ${sleeper.pid}`);
  } else {
    throw new Error(`unknown command ${line}`);
  }
}
