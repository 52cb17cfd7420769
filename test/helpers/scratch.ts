// Where tests put the files they make and throw away: PGlite data
// directories, CLI and server stores, private PostgreSQL clusters, browser
// profiles. On Linux that is /dev/shm (a tmpfs) when it has room: a PGlite
// store is about a thousand files, and copying, writing and removing them
// on a busy disk cost a test seconds, in memory milliseconds. Elsewhere, or
// when /dev/shm is small (a container's default is 64 MB), the system's
// temporary directory. Only where the files live changes: the stores, locks
// and processes under test are the same.
import { accessSync, constants, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const MEMORY = '/dev/shm';
/** Room enough for the PGlite stores of two test files running at once, with margin. */
const NEEDED_BYTES = 2 * 1024 ** 3;

function pick(): string {
  try {
    accessSync(MEMORY, constants.W_OK);
    const { bavail, bsize } = statfsSync(MEMORY);
    if (bavail * bsize >= NEEDED_BYTES) return MEMORY;
  } catch {
    // no such directory, or not ours to write
  }
  return tmpdir();
}

export const scratchDir = pick();
