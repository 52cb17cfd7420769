// Statements are prepared once per PostgreSQL connection under a stable
// name, up to a bound; past it they run unnamed, as before.
import t from 'tap';
import { openDatabase } from '../../src/db/database.js';
import { preparedStatementNames } from '../../src/db/prepared-statements.js';
import { createTestDatabase } from '../helpers/databases.js';

const query = (sql: string) => ({ sql, args: [], argTypes: [] });

void t.test('one name per text, none past the bound', async (t) => {
  const name = preparedStatementNames(2);
  t.equal(name(query('SELECT 1')), 'root_0');
  t.equal(name(query('SELECT 2')), 'root_1');
  t.equal(name(query('SELECT 1')), 'root_0', 'the same text keeps its name');
  t.equal(name(query('SELECT 3')), '', 'a third text runs unnamed');
  t.equal(name(query('SELECT 3')), '', 'and stays unnamed');
  t.equal(name(query('SELECT 2')), 'root_1', 'named texts keep their names past the bound');
});

void t.test('postgresql: a repeated statement is prepared once on its connection', async (t) => {
  const database = await openDatabase({
    databaseUrl: await createTestDatabase(t),
    dataDir: 'memory://',
    timeZone: 'UTC',
    poolSize: 1,
  });
  t.teardown(() => database.close());
  const { prisma } = database;
  const answers = [];
  for (const value of [1, 2, 3]) answers.push(await prisma.$queryRaw`SELECT ${value}::int + 1 AS next`);
  t.strictSame(answers, [[{ next: 2 }], [{ next: 3 }], [{ next: 4 }]], 'each run binds its own values');
  t.equal(await prisma.member.count(), 0, 'model queries run as before');
  t.equal(await prisma.member.count(), 0);

  const prepared = await prisma.$queryRaw<{ name: string; statement: string }[]>`
    SELECT name, statement FROM pg_prepared_statements ORDER BY name`;
  const plusOne = prepared.filter(({ statement }) => statement.includes('+ 1 AS next'));
  t.equal(plusOne.length, 1, 'one prepared statement for the three runs');
  t.match(plusOne[0]?.name, /^root_\d+$/);
  t.ok(
    prepared.some(({ statement }) => statement.includes('pg_prepared_statements')),
    'the listing statement itself was prepared',
  );
});
