// Statements the embedded database prepares once (src/db/pglite-statements.ts)
// answer as PGlite's own query() does, for every parameter type; the cache
// stays within its size, survives a migration that changes a table under a
// statement, and keeps nothing a failed statement left behind.
import { PGlite, messages } from '@electric-sql/pglite';
import t, { type Test } from 'tap';
import { PreparedStatements } from '../../src/db/pglite-statements.js';

const SETUP = `
  CREATE TABLE item (id serial PRIMARY KEY, name text NOT NULL UNIQUE, day date, at time, price numeric,
    tags text[], data jsonb, flag boolean, big bigint, stamp timestamptz, raw bytea);`;

async function open(t: Test, capacity?: number) {
  const db = await PGlite.create('memory://');
  t.teardown(() => db.close());
  // Every value as text, as the thread sends rows: PGlite's parsers switched off.
  for (const typeId of Object.keys(db.parsers)) db.parsers[Number(typeId)] = (value: string) => value;
  await db.exec(SETUP);
  return { db, statements: new PreparedStatements(db, capacity) };
}

const preparedNames = async (db: PGlite) =>
  (await db.query<{ name: string }>(`SELECT name FROM pg_prepared_statements ORDER BY name`)).rows.map(
    (row) => row.name,
  );

void t.test("parameters of every kind are sent as PGlite's query() sends them", async (t) => {
  const { db, statements } = await open(t);
  const insert =
    'INSERT INTO item (name, day, at, price, tags, data, flag, big, stamp, raw) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *';
  const values = (name: string) => [
    name,
    '2026-11-30',
    '08:00:01.5',
    12.5,
    ['x', 'y z', 'q"uote'],
    { k: [1, 'v'] },
    true,
    9007199254740993n,
    new Date('2026-11-30T08:00:00Z'),
    new Uint8Array([0, 255, 16]),
  ];
  const prepared = await statements.query(insert, values('prepared'));
  const direct = await db.query<Record<string, unknown>>(insert, values('direct'), { rowMode: 'array' });
  t.strictSame(prepared.rows[0]!.slice(2), (direct.rows[0] as unknown as unknown[]).slice(2), 'same stored values');
  t.strictSame(prepared.rows[0]!.slice(0, 2), ['1', 'prepared']);
  t.strictSame(prepared.fields, direct.fields);
  t.equal(prepared.affectedRows, 1);

  const nulls = await statements.query(insert, ['nulls', null, undefined, null, null, null, null, null, null, null]);
  t.strictSame(nulls.rows[0]!.slice(2), [null, null, null, null, null, null, null, null, null]);
  const updated = await statements.query('UPDATE item SET flag = $1 WHERE id > $2', [false, 0]);
  t.strictSame([updated.affectedRows, updated.rows, updated.fields], [3, [], []], 'no rows, no fields, 3 changed');
  t.strictSame(await preparedNames(db), ['root_1', 'root_2'], 'each text prepared once');
});

void t.test(
  'the least recently used statement is closed beyond the capacity, and prepared again when needed',
  async (t) => {
    const { db, statements } = await open(t, 2);
    const texts = ['SELECT 1 AS n', 'SELECT 2 AS n', 'SELECT 3 AS n'];
    await statements.query(texts[0]!, []);
    await statements.query(texts[1]!, []);
    await statements.query(texts[0]!, []); // now the second is the least recently used
    await statements.query(texts[2]!, []);
    t.strictSame(await preparedNames(db), ['root_1', 'root_3']);
    t.equal(statements.size, 2);
    t.strictSame((await statements.query(texts[1]!, [])).rows, [['2']]);
    t.strictSame(await preparedNames(db), ['root_3', 'root_4'], 'the first, least recent again, made room');
  },
);

void t.test(
  'a statement whose table changed under it is prepared again and answers with the new columns',
  async (t) => {
    const { db, statements } = await open(t);
    await db.exec(`INSERT INTO item (name) VALUES ('a')`);
    const sql = 'SELECT * FROM item WHERE id = $1';
    t.equal((await statements.query(sql, [1])).fields.length, 11);
    await db.exec('ALTER TABLE item ADD COLUMN note text');
    const after = await statements.query(sql, [1]);
    t.equal(after.fields.at(-1)!.name, 'note');
    t.equal(after.rows[0]!.length, 12);
    t.strictSame(await preparedNames(db), ['root_2'], 'the old one is closed');
  },
);

void t.test('errors arrive as PGlite database errors; a text that failed to prepare is not kept', async (t) => {
  const { db, statements } = await open(t);
  const syntax = await statements.query('SELEC 1', []).catch((error: unknown) => error);
  t.type(syntax, messages.DatabaseError);
  t.match(syntax, { code: '42601', message: /syntax error/ });
  t.equal(statements.size, 0);

  const insert = 'INSERT INTO item (name) VALUES ($1)';
  await statements.query(insert, ['a']);
  await t.rejects(statements.query(insert, ['a']), { code: '23505', constraint: 'item_name_key' });
  t.equal((await statements.query(insert, ['b'])).affectedRows, 1, 'the statement still runs after its failure');
  t.strictSame((await db.query('SELECT name FROM item ORDER BY id', [], { rowMode: 'array' })).rows, [['a'], ['b']]);
  t.equal(db.isInTransaction(), false, 'no transaction left open');
});

void t.test('a statement waits for a transaction in progress instead of running inside it', async (t) => {
  const { db, statements } = await open(t);
  let outside: Promise<unknown> | undefined;
  await db
    .transaction(async (tx) => {
      await tx.query(`INSERT INTO item (name) VALUES ('inside')`);
      outside = statements.query('INSERT INTO item (name) VALUES ($1)', ['outside']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('roll back');
    })
    .catch(() => {});
  await outside;
  t.strictSame((await db.query('SELECT name FROM item', [], { rowMode: 'array' })).rows, [['outside']]);
});

void t.test('notifications sent by a prepared statement reach listeners', async (t) => {
  const { db, statements } = await open(t);
  const heard: string[] = [];
  await db.listen('news', (payload) => void heard.push(payload));
  await statements.query('SELECT pg_notify($1, $2)', ['news', 'hello']);
  await new Promise((resolve) => setTimeout(resolve, 10));
  t.strictSame(heard, ['hello']);
});
