// server.ts's helpers on their own: the log format choice, the port probe and
// the hints printed when start-up fails (test/server/process.test.ts sees the
// real process print them).
import { createServer, type AddressInfo } from 'node:net';
import t from 'tap';
import { serverOptions } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { checkPortFree, describeStartUpFailure, withReadableLogs } from '../src/start-up.js';

const development = loadConfig({ env: {}, dotenv: false });
const production = loadConfig({ env: { ROOT_ENV: 'production', HMAC_SECRET: 's'.repeat(32) }, dotenv: false });
const postgres = loadConfig({
  env: { DATABASE_URL: 'postgresql://club:pw@db.internal:5433/root', PORT: '8100' },
  dotenv: false,
});

void t.test('pino-pretty at a development terminal, JSON everywhere else', async (t) => {
  const options = serverOptions(development);
  t.same(withReadableLogs(options, development, true).logger, {
    ...(options.logger as object),
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } },
  });
  t.equal(withReadableLogs(options, development, false), options, 'piped: JSON');
  t.equal(withReadableLogs(options, development, undefined), options, 'no terminal at all: JSON');
  const productionOptions = serverOptions(production);
  t.equal(withReadableLogs(productionOptions, production, true), productionOptions, 'production: JSON');
  t.ok(await import('pino-pretty'), 'pino-pretty is installed');
});

void t.test('checkPortFree', async (t) => {
  await t.resolves(checkPortFree('127.0.0.1', 0), 'port 0 (any free port) needs no check');
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as AddressInfo;
  await t.rejects(checkPortFree('127.0.0.1', port), { code: 'EADDRINUSE' });
  await new Promise<void>((resolve) => taken.close(() => resolve()));
  await t.resolves(checkPortFree('127.0.0.1', port), 'free again once closed');
});

void t.test('start-up failures: the message, then a hint when one is known', async (t) => {
  const failure = (message: string, code?: string) => Object.assign(new Error(message), { code });
  const cases: [string, Error, typeof development, string][] = [
    [
      'privileged port',
      failure('listen EACCES: permission denied 0.0.0.0:80', 'EACCES'),
      loadConfig({ env: { PORT: '80' }, dotenv: false }),
      'Root failed to start: listen EACCES: permission denied 0.0.0.0:80\n' +
        'Hint: port 80 needs privileges; use a port above 1023 (PORT=8000).',
    ],
    [
      'data directory not writable',
      failure("EACCES: permission denied, mkdir '.data'", 'EACCES'),
      development,
      "Root failed to start: EACCES: permission denied, mkdir '.data'\n" +
        'Hint: this user cannot write the data directory .data: fix its owner or set ROOT_DATA_DIR.',
    ],
    [
      'wrong password',
      failure('password authentication failed for user "club"', '28P01'),
      postgres,
      'Root failed to start: password authentication failed for user "club"\n' +
        'Hint: the password in DATABASE_URL is wrong for that user.',
    ],
    [
      'unknown role',
      failure('role "club" does not exist', '28000'),
      postgres,
      'Root failed to start: role "club" does not exist\n' +
        'Hint: the user in DATABASE_URL does not exist on that server: create it (createuser) or fix DATABASE_URL.',
    ],
    [
      'unknown database',
      failure('database "root" does not exist', '3D000'),
      postgres,
      'Root failed to start: database "root" does not exist\n' +
        'Hint: create the database (createdb -h db.internal -U club root), or fix its name in DATABASE_URL.',
    ],
    [
      'nothing listening',
      failure('connect ECONNREFUSED 10.0.0.5:5433', 'ECONNREFUSED'),
      postgres,
      'Root failed to start: connect ECONNREFUSED 10.0.0.5:5433\n' +
        'Hint: nothing accepts connections at db.internal:5433: is PostgreSQL running? ' +
        'Without DATABASE_URL, Root uses its embedded store instead.',
    ],
    [
      'a listener that never answers',
      failure('timeout expired'),
      postgres,
      'Root failed to start: timeout expired\n' +
        'Hint: something at db.internal:5433 accepted the connection but did not answer as PostgreSQL within ' +
        'ROOT_DB_CONNECT_TIMEOUT_MS (5000 ms): is the server overloaded or stopped, or is DATABASE_URL pointing at ' +
        'another service?',
    ],
    [
      'unknown host',
      failure('getaddrinfo ENOTFOUND db.internal', 'ENOTFOUND'),
      postgres,
      'Root failed to start: getaddrinfo ENOTFOUND db.internal\n' +
        'Hint: the host db.internal in DATABASE_URL is unknown: check its spelling.',
    ],
    [
      'anything else: the message alone',
      failure('Migration 2026_x was changed after it was applied'),
      development,
      'Root failed to start: Migration 2026_x was changed after it was applied',
    ],
  ];
  for (const [name, error, config, expected] of cases) t.equal(describeStartUpFailure(error, config), expected, name);
  t.equal(describeStartUpFailure('a string', development), 'Root failed to start: a string', 'not an Error');
});
