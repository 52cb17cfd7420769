// One process at a time on an embedded store's data directory.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DataDirInUseError, lockDataDir } from '../../src/db/data-dir-lock.js';
import { openStore } from '../../src/db/store.js';

async function tempDir(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'root-lock-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'data');
}

const open = (dataDir: string) => openStore({ databaseUrl: undefined, dataDir, timeZone: 'UTC' });

void t.test('a second open of the same directory is refused until the first closes', async (t) => {
  const dataDir = await tempDir(t);
  const first = await open(dataDir);
  t.equal(await readFile(join(dataDir, 'root.pid'), 'utf8'), `${process.pid}\n`, 'the pid file names its owner');
  await t.rejects(open(dataDir), {
    name: 'DataDirInUseError',
    message: `The embedded store ${dataDir} is in use by process ${process.pid}: it can be opened by one process at a time (stop the server first, or use DATABASE_URL for several processes)`,
  });
  await first.close();
  await t.rejects(readFile(join(dataDir, 'root.pid')), { code: 'ENOENT' }, 'closing removes the pid file');
  const again = await open(dataDir);
  t.strictSame(await again.withSession((session) => session.query('SELECT 1 AS one')), [{ one: 1 }]);
  await again.close();
});

void t.test('a directory held by another running process is refused', async (t) => {
  const dataDir = await tempDir(t);
  const release = await lockDataDir(dataDir);
  await release();
  // The parent of this test process is alive for the whole test.
  await writeFile(join(dataDir, 'root.pid'), `${process.ppid}\n`);
  await t.rejects(lockDataDir(dataDir), DataDirInUseError);
});

void t.test('a pid file left by a process that died is taken over', async (t) => {
  const dataDir = await tempDir(t);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  await (
    await lockDataDir(dataDir)
  )();
  await writeFile(join(dataDir, 'root.pid'), `${dead}\n`);
  const store = await open(dataDir);
  t.equal(await readFile(join(dataDir, 'root.pid'), 'utf8'), `${process.pid}\n`);
  await store.close();
});

void t.test('in-memory stores take no lock', async (t) => {
  const stores = await Promise.all([open('memory://'), open('memory://')]);
  for (const store of stores) {
    t.strictSame(await store.withSession((session) => session.query('SELECT 1 AS one')), [{ one: 1 }]);
  }
  await Promise.all(stores.map((store) => store.close()));
});
