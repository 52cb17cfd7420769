// The embedded store's thread (src/db/pglite-thread.ts) answers as PGlite
// itself would: the same rows for the same statements, database errors as
// PGlite's DatabaseError, transactions that commit or roll back, queries
// outside a transaction waiting for it, notifications, and a clear refusal
// once closed.
import { PGlite, messages } from '@electric-sql/pglite';
import t, { type Test } from 'tap';
import type { Worker } from 'node:worker_threads';
import { connectionFailure } from '../../src/db/connection-failure.js';
import { PGliteThread } from '../../src/db/pglite-thread.js';

const SETUP = `
  CREATE TABLE item (id serial PRIMARY KEY, name text NOT NULL UNIQUE, day date, at time, price numeric,
    tags text[], counts int[], data jsonb, flag boolean, big bigint, stamp timestamptz);
  INSERT INTO item (name, day, at, price, tags, counts, data, flag, big, stamp) VALUES
    ('a', '2026-11-30', '08:00:01.5', 12.50, '{x,"y z"}', '{1,2}', '{"k": [1, "v"]}', true, 9007199254740993, '2026-11-30T08:00:00Z'),
    ('b', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`;

async function both(t: Test) {
  const thread = await PGliteThread.open({ dataDir: 'memory://', startParams: PGlite.defaultStartParams });
  const direct = await PGlite.create('memory://');
  t.teardown(async () => {
    await thread.close();
    await direct.close();
  });
  await thread.exec(SETUP);
  await direct.exec(SETUP);
  return { thread, direct };
}

void t.test('rows, as objects or arrays, with default or given parsers, are those PGlite gives', async (t) => {
  const { thread, direct } = await both(t);
  const sql = 'SELECT * FROM item WHERE id >= $1 ORDER BY id';
  t.strictSame((await thread.query(sql, [1])).rows, (await direct.query(sql, [1])).rows);
  const options = { rowMode: 'array' as const, parsers: { 1082: (value: string) => `day ${value}` } };
  const fromThread = await thread.query(sql, [1], options);
  const fromDirect = await direct.query(sql, [1], options);
  t.strictSame(fromThread.rows, fromDirect.rows);
  t.strictSame(fromThread.fields, fromDirect.fields);
  t.equal((fromThread.rows[0] as unknown[])[2], 'day 2026-11-30', 'the given parser ran');
  const update = "UPDATE item SET flag = false WHERE name IN ('a', 'b')";
  t.equal((await thread.query(update)).affectedRows, (await direct.query(update)).affectedRows);
  t.equal((await thread.exec('SELECT 1; SELECT 2')).length, 2, 'exec answers each statement');
});

void t.test("database errors arrive as PGlite's DatabaseError, with their fields", async (t) => {
  const { thread } = await both(t);
  const error = await thread.query("INSERT INTO item (name) VALUES ('a')").catch((error: unknown) => error);
  t.ok(error instanceof messages.DatabaseError);
  t.match(error, { code: '23505', severity: 'ERROR', constraint: 'item_name_key', table: 'item' });
  t.match(await thread.query('SELECT nonsense FROM item').catch((error: unknown) => error), {
    code: '42703',
    message: /column "nonsense" does not exist/,
  });
});

void t.test('transactions commit, roll back on a throw or on request, and hold other queries back', async (t) => {
  const { thread } = await both(t);
  const count = async () => (await thread.query<{ n: number }>('SELECT count(*)::int AS n FROM item')).rows[0]!.n;
  await thread.transaction(async (tx) => {
    await tx.query("INSERT INTO item (name) VALUES ('c')");
  });
  t.equal(await count(), 3, 'committed');
  await t.rejects(
    thread.transaction(async (tx) => {
      await tx.query("INSERT INTO item (name) VALUES ('d')");
      throw new Error('changed my mind');
    }),
    { message: 'changed my mind' },
  );
  t.equal(await count(), 3, 'rolled back on a throw');
  await thread.transaction(async (tx) => {
    await tx.exec("INSERT INTO item (name) VALUES ('e')");
    await tx.rollback();
    t.ok(tx.closed);
  });
  t.equal(await count(), 3, 'rolled back on request');

  const order: string[] = [];
  let outside: Promise<unknown> | undefined;
  await thread.transaction(async (tx) => {
    await tx.query("INSERT INTO item (name) VALUES ('f')");
    outside = count().then((n) => order.push(`outside saw ${n}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push('transaction ends');
  });
  await outside;
  t.strictSame(order, ['transaction ends', 'outside saw 4']);
});

void t.test('notifications reach listeners until they stop listening', async (t) => {
  const { thread } = await both(t);
  const heard: string[] = [];
  const unlisten = await thread.listen('news', (payload) => heard.push(payload));
  await thread.query("SELECT pg_notify('news', 'first')");
  await thread.query("SELECT pg_notify('other', 'not ours')");
  await unlisten();
  await thread.query("SELECT pg_notify('news', 'after')");
  await thread.query('SELECT 1');
  t.strictSame(heard, ['first']);
});

void t.test('once closed, the thread refuses work with a clear error', async (t) => {
  const thread = await PGliteThread.open({ dataDir: 'memory://', startParams: PGlite.defaultStartParams });
  await thread.close();
  await thread.close();
  t.ok(thread.closed);
  await t.rejects(thread.query('SELECT 1'), { message: 'the embedded database is closed' });
});

void t.test('a thread that dies fails what waited on it, and everything after, as an outage', async (t) => {
  const thread = await PGliteThread.open({ dataDir: 'memory://', startParams: PGlite.defaultStartParams });
  const waiting = thread.query('SELECT pg_sleep(0.5)');
  // As a crash of the WebAssembly runtime would end it.
  await (thread as unknown as { worker: Worker }).worker.terminate();
  const error = await waiting.catch((error: unknown) => error);
  t.match(error, { message: /embedded database's thread stopped/, code: '57P02' });
  t.equal(connectionFailure(error), '57P02', 'the database is unavailable, not the statement wrong');
  t.ok(thread.closed);
  await t.rejects(thread.query('SELECT 1'), { code: '57P02' });
  await thread.close();
});
