// Which database errors mean "unreachable or no answer" (an outage, retried
// later), in every shape they arrive in, and which do not.
import t from 'tap';
import { connectionFailure, isConnectionFailure } from '../../src/db/connection-failure.js';
import { trackAvailability } from '../../src/db/availability.js';

const error = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields);

void t.test('connection failures, by kind', async (t) => {
  const cases: [string, unknown, string][] = [
    ['socket error', error('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    ['reset', error('read ECONNRESET', { code: 'ECONNRESET' }), 'ECONNRESET'],
    [
      'both addresses refused',
      Object.assign(new AggregateError([error('x', { code: 'ECONNREFUSED' })], 'all failed')),
      'ECONNREFUSED',
    ],
    ['admin shutdown', error('terminating connection due to administrator command', { code: '57P01' }), '57P01'],
    ['starting up', error('the database system is starting up', { code: '57P03' }), '57P03'],
    ['statement timeout', error('canceling statement due to statement timeout', { code: '57014' }), '57014'],
    ['connection exception class', error('connection failure', { code: '08006' }), '08006'],
    ['pool connect timeout', error('Connection terminated due to connection timeout'), 'connect timeout'],
    ['pool wait', error('timeout exceeded when trying to connect'), 'connect timeout'],
    ['lone client connect timeout', error('timeout expired'), 'connect timeout'],
    ['lost connection', error('Connection terminated unexpectedly'), 'connection lost'],
    ['unqueryable client', error('Client has encountered a connection error and is not queryable'), 'connection lost'],
    [
      'client deadline',
      error('the database did not answer within 2000 ms', { code: 'ROOT_DB_DEADLINE' }),
      'no answer in time',
    ],
    [
      'adapter kind in Prisma meta',
      error('Raw query failed', {
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable', host: 'h', port: 1 } } },
      }),
      'DatabaseNotReachable',
    ],
    [
      'SQLSTATE in Prisma meta',
      error('Raw query failed', { code: 'P2010', meta: { driverAdapterError: { cause: { originalCode: '57P01' } } } }),
      '57P01',
    ],
    ['Prisma code', error("Can't reach database server", { code: 'P1001' }), 'P1001'],
    ['wrapped as a cause', error('outer', { cause: error('inner', { code: 'ECONNRESET' }) }), 'ECONNRESET'],
  ];
  for (const [name, failure, kind] of cases) {
    t.equal(connectionFailure(failure), kind, name);
    t.ok(isConnectionFailure(failure), `${name}: is one`);
  }
});

void t.test('not connection failures', async (t) => {
  const cases: [string, unknown][] = [
    ['unique violation', error('duplicate key', { code: '23505' })],
    ['unknown database (a configuration mistake)', error('database "x" does not exist', { code: '3D000' })],
    ['wrong password', error('password authentication failed', { code: '28P01' })],
    ['Prisma validation', error('Invalid invocation', { code: 'P2009' })],
    ['a bug', new TypeError('x is undefined')],
    ['not an error', 'ECONNREFUSED'],
    ['null', null],
  ];
  for (const [name, failure] of cases) t.equal(connectionFailure(failure), null, name);
  const loop: { cause?: unknown } = {};
  loop.cause = loop;
  t.equal(connectionFailure(loop), null, 'a cause loop ends');
});

void t.test('availability: one line when an outage starts, one when it ends', async (t) => {
  const lines: [string, object, string][] = [];
  let now = 1_000;
  const availability = trackAvailability(
    {
      warn: (details, message) => lines.push(['warn', details, message]),
      info: (details, message) => lines.push(['info', details, message]),
    },
    () => now,
  );
  availability.answered();
  t.equal(availability.available, true);
  const cause = error('refused', { code: 'ECONNREFUSED' });
  availability.unreachable(cause, 'ECONNREFUSED');
  availability.unreachable(cause, 'ECONNREFUSED');
  availability.unreachable(cause, 'connect timeout');
  t.equal(availability.available, false);
  now = 13_500;
  availability.answered();
  availability.answered();
  t.equal(availability.available, true);
  t.strictSame(lines, [
    [
      'warn',
      { err: cause, failure: 'ECONNREFUSED' },
      'database unavailable (ECONNREFUSED): requests are answered 503 DATABASE_UNAVAILABLE until it answers again',
    ],
    ['info', { downMs: 12_500, failedStatements: 3 }, 'database available again after 12.5 s (3 failed statement(s))'],
  ]);
});
