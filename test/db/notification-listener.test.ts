// The PostgreSQL listener's failure paths: a first connection that fails
// fails loudly; a lost connection whose reconnects keep failing keeps trying
// (with backoff) until closed, and never claims to be back.
import pg from 'pg';
import t from 'tap';
import { listenPostgres } from '../../src/db/notification-listener.js';
import { adminUrl, createTestDatabase } from '../helpers/databases.js';

t.test('a first connection that fails rejects', async (t) => {
  await t.rejects(
    listenPostgres({
      client: { connectionString: 'postgresql://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 2_000 },
      channel: 'root_test',
      handlers: { onNotification: () => {} },
    }),
  );
});

t.test('reconnects keep failing while the database is gone; close stops them', async (t) => {
  const url = await createTestDatabase(t);
  const lost: unknown[] = [];
  let reconnected = 0;
  const received: string[] = [];
  const unlisten = await listenPostgres({
    client: { connectionString: url, application_name: 'root-listener-test' },
    channel: 'root_test',
    handlers: {
      onNotification: (payload) => received.push(payload),
      onLost: (error) => lost.push(error),
      onReconnect: () => (reconnected += 1),
    },
    minDelayMs: 20,
    maxDelayMs: 40,
  });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  t.teardown(() => admin.end());
  const sender = new pg.Client({ connectionString: url });
  await sender.connect();
  await sender.query(`SELECT pg_notify('root_test', 'one'), pg_notify('other', 'ignored')`);
  await sender.end();
  while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  t.strictSame(received, ['one']);

  await admin.query(`DROP DATABASE ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  await new Promise((resolve) => setTimeout(resolve, 400));
  t.equal(lost.length, 1, 'the loss is reported once');
  t.equal(reconnected, 0, 'never back while the database is gone');
  await unlisten();
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(reconnected, 0);
});
