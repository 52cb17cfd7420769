// PGlite has no postmaster: two processes opening one data directory would
// both write to it and corrupt it (the server and a CLI run, two replicas on
// one volume). A kernel lock keeps it to one process.
//
// The lock is flock(2) on `root.lock` in the directory. The kernel holds it
// for the open file, and drops it when the file is closed or the process
// ends in any way (kill -9, out of memory), so nothing is ever stale: no pid
// to guess about, which the pid file this replaces got wrong (two containers
// on one volume are both PID 1 and each took the other's lock for its own)
// and no takeover race. It holds across PID namespaces (containers) on one
// host, since it belongs to the file, not to a pid.
//
// Node has no flock API, and a native addon would need a compiler at install
// time. So the flock(1) command (util-linux, in every Debian image, the
// node:*-slim ones included) takes it: the child is handed our open file as
// its fd 3 and locks that. flock locks belong to the open file, shared by
// both processes, so the lock stays ours after the child exits at once, and
// dies with our process. libuv opens files close-on-exec, so no other child
// (a CLI's subprocess) can inherit it and outlive us holding it.
//
// Rejected: a pid file (above); mkdir with an mtime heartbeat (the
// proper-lockfile way): two processes that find it stale at once both
// remove and recreate it and both win, an owner frozen past the stale time
// loses it and goes on writing until its next heartbeat notices, and a
// killed owner blocks a restart for the stale time.
import { spawn } from 'node:child_process';
import { closeSync, constants, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'root.lock';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/** Takes the directory for this process; resolves to the function that releases it. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  // Never truncated by opening, never deleted: the owner's note stays readable,
  // and a deleted lock file would let a newcomer lock a fresh file beside it.
  const fd = openSync(join(dir, LOCK_FILE), constants.O_RDWR | constants.O_CREAT, 0o600);
  let locked: boolean;
  try {
    locked = await flockNonBlocking(fd, dir);
    if (!locked) throw inUse(dir, readOwner(fd));
    // Who holds it, for the message a refused process prints.
    ftruncateSync(fd, 0);
    writeSync(fd, `pid ${process.pid} on host ${hostname()}\n`, 0);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    ftruncateSync(fd, 0);
    closeSync(fd); // the kernel drops the lock with the last descriptor of the file
  };
}

/** flock(LOCK_EX | LOCK_NB) on fd, by flock(1) on the same open file. */
function flockNonBlocking(fd: number, dir: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn('flock', ['-x', '-n', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const fail = (reason: string) =>
      reject(new Error(`Cannot lock the embedded store ${dir}: ${reason} (flock(1) from util-linux takes the lock)`));
    child.on('error', (error) => fail(error.message));
    child.on('close', (code) => {
      // With --nonblock, flock(1) exits 1 without a word when another file holds the lock.
      if (code === 0) resolve(true);
      else if (code === 1 && stderr === '') resolve(false);
      else fail(stderr.trim() || `flock exited with ${code ?? 'a signal'}`);
    });
  });
}

function readOwner(fd: number): string {
  const buffer = Buffer.alloc(256);
  const text = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0)).trim();
  return text ? ` (locked by ${text})` : '';
}

function inUse(dir: string, owner: string): DataDirInUseError {
  return new DataDirInUseError(
    `The embedded store ${dir} is in use${owner}: it can be opened by one process at a time ` +
      '(stop the server first, or use DATABASE_URL for several processes)',
  );
}
