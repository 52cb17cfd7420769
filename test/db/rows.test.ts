// `$rows`: one statement through the store's driver adapter, outside Prisma's
// query engine, under the same rules as every Prisma operation (constraint
// meanings, abandoned work, statement listeners), on both stores; `$list`,
// the same rows (as one JSON value on the embedded store).
import t from 'tap';
import { withCancelSignal } from '../../src/db/statement-cancel.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { storeKinds } from '../helpers/databases.js';
import { openMigratedStore } from './open-store.js';

const member = (tag: string) => Prisma.sql`
  INSERT INTO member (roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id)
  VALUES (${`R-${tag}`}, ${`Member ${tag}`}, ${`${tag}@club.example`}, 'F', 2, 'North',
          ${`02:00:00:00:00:${tag}`}, ${`d-${tag}`}, 1)
  RETURNING member_id AS "memberId", name, year, track, sex::text AS sex`;

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { prisma } = await openMigratedStore(t, kind);

    void t.test('rows come as objects by column name, with integers, booleans, text and nulls', async (t) => {
      const [first] = await prisma.$rows<{ memberId: number }>(member('0a'));
      const [second] = await prisma.$rows<{ memberId: number }>(member('0b'));
      t.match(first, { memberId: Number, name: 'Member 0a', year: 2, track: null, sex: 'F' });
      t.strictSame(Object.keys(first!), ['memberId', 'name', 'year', 'track', 'sex']);

      const ids = [first!.memberId, second!.memberId];
      const rows = await prisma.$rows(Prisma.sql`
        SELECT member_id AS "memberId", year = 2 AS "second", to_char(date '2026-11-30', 'YYYY-MM-DD') AS day
        FROM member WHERE member_id = ANY(${ids}::int[]) ORDER BY member_id`);
      t.strictSame(rows, [
        { memberId: ids[0], second: true, day: '2026-11-30' },
        { memberId: ids[1], second: true, day: '2026-11-30' },
      ]);
      t.strictSame(await prisma.$rows(Prisma.sql`SELECT 1 AS one WHERE false`), [], 'no rows: an empty list');
    });

    void t.test('$list gives the rows $rows gives, in order, as one statement', async (t) => {
      const statement = Prisma.sql`
        SELECT n AS "id", n % 2 = 0 AS "even", 'day ' || n AS "label", NULLIF(n, 2) AS "maybe", ARRAY[n, n * 10] AS "pair"
        FROM generate_series(1, 300) AS n ORDER BY n DESC`;
      const heard: string[] = [];
      const stop = prisma.$onQuery(({ query }) => heard.push(query));
      const listed = await prisma.$list(statement);
      stop();
      t.equal(heard.length, 1);
      t.equal(heard[0]!.includes('json_agg'), kind === 'pglite', 'one JSON value on the embedded store only');
      t.strictSame(listed, await prisma.$rows(statement));
      t.strictSame(listed.slice(0, 2), [
        { id: 300, even: true, label: 'day 300', maybe: 300, pair: [300, 3000] },
        { id: 299, even: false, label: 'day 299', maybe: 299, pair: [299, 2990] },
      ]);
      t.strictSame(await prisma.$list(Prisma.sql`SELECT 1 AS one WHERE false`), [], 'no rows: an empty list');
    });

    void t.test('a violated constraint means what it means for Prisma operations', async (t) => {
      await prisma.$rows(member('1a'));
      const duplicate = await prisma.$rows(member('1a')).catch((error: unknown) => error);
      t.ok(duplicate instanceof DomainError, 'a domain error');
      t.match(duplicate, { code: 'DUPLICATE_ROLL_NO', message: 'A member with this roll number already exists' });
      const count = await prisma.$rows<{ n: number }>(
        Prisma.sql`SELECT count(*)::int AS n FROM member WHERE email = '1a@club.example'`,
      );
      t.strictSame(count, [{ n: 1 }], 'nothing was written');
    });

    void t.test('statement listeners hear each statement sent, never its parameters', async (t) => {
      const heard: { query: string; duration: number }[] = [];
      const stop = prisma.$onQuery((event) => heard.push(event));
      await prisma.$rows(Prisma.sql`SELECT ${'secret value'}::text AS v`);
      await prisma.$rows(Prisma.sql`SELECT 1/0 AS failing`).catch(() => {});
      stop();
      await prisma.$rows(Prisma.sql`SELECT 2 AS unheard`);
      t.strictSame(
        heard.map(({ query }) => query),
        ['SELECT $1::text AS v', 'SELECT 1/0 AS failing'],
        'a failed statement is heard too',
      );
      t.ok(heard.every(({ duration }) => duration >= 0));
    });

    void t.test('work abandoned by its client sends no statement', async (t) => {
      const abandoned = new AbortController();
      abandoned.abort();
      const heard: string[] = [];
      const stop = prisma.$onQuery((event) => heard.push(event.query));
      const refused = await withCancelSignal(abandoned.signal, () =>
        prisma.$rows(Prisma.sql`SELECT 1 AS one`).catch((error: unknown) => error),
      );
      stop();
      t.match(refused, { code: 'REQUEST_ABANDONED' });
      t.strictSame(heard, [], 'nothing was sent');
    });
  });
}
