// PGlite has no postmaster: two processes opening one data directory would
// both write to it and corrupt it (the server and a CLI run, two replicas on
// one volume). A pid file inside the directory keeps it to one process.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'root.pid';
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/** Takes the directory for this process; resolves to the function that releases it. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, LOCK_FILE);
  if (heldHere.has(file)) throw inUse(dir, process.pid);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number.parseInt(await readFile(file, 'utf8'), 10);
    // A file left by a process that died (or by this pid in an earlier life,
    // as PID 1 of a restarted container) is stale: take it over.
    if (owner !== process.pid && isRunning(owner)) throw inUse(dir, owner);
    await writeFile(file, `${process.pid}\n`);
  }
  heldHere.add(file);
  return async () => {
    heldHere.delete(file);
    await rm(file, { force: true });
  };
}

function inUse(dir: string, pid: number): DataDirInUseError {
  return new DataDirInUseError(
    `The embedded store ${dir} is in use by process ${pid}: it can be opened by one process at a time ` +
      '(stop the server first, or use DATABASE_URL for several processes)',
  );
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
