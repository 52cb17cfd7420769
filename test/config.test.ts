import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { type Config, ConfigError, loadConfig } from '../src/config.js';

const load = (env: Record<string, string>) => loadConfig({ env, dotenv: false });

/** The Config for `env`, with the (random) generated secret checked and set aside. */
function withoutGeneratedSecret(config: Config): Omit<Config, 'hmacSecret'> {
  const { hmacSecret, ...rest } = config;
  if (config.hmacSecretGenerated && !/^[0-9a-f]{64}$/.test(hmacSecret)) throw new Error(`bad secret ${hmacSecret}`);
  return rest;
}

const defaults: Omit<Config, 'hmacSecret'> = {
  env: 'development',
  databaseUrl: undefined,
  dataDir: '.data',
  host: '0.0.0.0',
  port: 8000,
  hmacSecretGenerated: true,
  allowedOrigins: [],
  timeZone: 'Asia/Kolkata',
  logLevel: 'info',
  dailyTaskCron: '30 0 * * *',
  catchUpDays: 60,
  introspection: true,
  markMaxPastDays: 1,
  queryLimits: { maxAliases: 100, maxRootFields: 100, maxCost: 100_000, maxTokens: 20_000 },
  database: { connectTimeoutMs: 5_000, statementTimeoutMs: 15_000, onStartupFailure: 'retry' },
  drainTimeoutMs: 10_000,
  metricsPort: undefined,
  pressure: { maxEventLoopDelayMs: 1_000, maxHeapUsedBytes: 0 },
  presenceWindowMs: 600_000,
  anonymousAccess: 'open',
  keyFailuresPerMinute: 20,
};

const LONG_SECRET = 'a-production-secret-of-32-bytes!';

/** Runs `fn` and returns the ConfigError message it threw (fails the test otherwise). */
function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'no error';
}

void t.test('defaults when nothing is set', async (t) => {
  t.strictSame(withoutGeneratedSecret(load({})), defaults);
});

void t.test('the explicit environment is the only source: process.env is not merged in', async (t) => {
  const saved = { PORT: process.env.PORT, LOG_LEVEL: process.env.LOG_LEVEL };
  process.env.PORT = '1234';
  process.env.LOG_LEVEL = 'debug';
  t.teardown(() => restoreEnv(saved));
  t.strictSame(withoutGeneratedSecret(load({})), defaults);
});

void t.test('every variable read', async (t) => {
  const config = load({
    ROOT_ENV: 'production',
    DATABASE_URL: 'postgresql://root:pw@db.internal:5432/root',
    ROOT_DATA_DIR: '/var/lib/root',
    ROOT_HOST: '127.0.0.1',
    PORT: '9000',
    HMAC_SECRET: LONG_SECRET,
    ALLOWED_ORIGINS: ' https://app.example.org , http://localhost:3000/ ,*,',
    ROOT_TIMEZONE: 'Europe/Berlin',
    LOG_LEVEL: 'debug',
    DAILY_TASK_CRON: '0 1 * * *',
    DAILY_TASK_CATCH_UP_DAYS: '7',
    ROOT_INTROSPECTION: 'true',
    ROOT_MARK_MAX_PAST_DAYS: '3',
    ROOT_QUERY_MAX_ALIASES: '10',
    ROOT_QUERY_MAX_ROOT_FIELDS: '11',
    ROOT_QUERY_MAX_COST: '12000',
    ROOT_QUERY_MAX_TOKENS: '1300',
    ROOT_DB_CONNECT_TIMEOUT_MS: '1400',
    ROOT_DB_STATEMENT_TIMEOUT_MS: '1500',
    ROOT_DB_STARTUP: 'exit',
    ROOT_DRAIN_TIMEOUT_MS: '1600',
    ROOT_METRICS_PORT: '9100',
    ROOT_MAX_EVENT_LOOP_DELAY_MS: '1700',
    ROOT_MAX_HEAP_USED_BYTES: '1800',
    ROOT_PRESENCE_WINDOW_MINUTES: '2.5',
    ROOT_ANONYMOUS_ACCESS: 'public',
    KEY_FAILURES_PER_MINUTE: '5',
    UNRELATED: 'ignored',
  });
  t.strictSame(config, {
    env: 'production',
    databaseUrl: 'postgresql://root:pw@db.internal:5432/root',
    dataDir: '/var/lib/root',
    host: '127.0.0.1',
    port: 9000,
    hmacSecret: LONG_SECRET,
    hmacSecretGenerated: false,
    allowedOrigins: ['https://app.example.org', 'http://localhost:3000', '*'],
    timeZone: 'Europe/Berlin',
    logLevel: 'debug',
    dailyTaskCron: '0 1 * * *',
    catchUpDays: 7,
    introspection: true,
    markMaxPastDays: 3,
    queryLimits: { maxAliases: 10, maxRootFields: 11, maxCost: 12_000, maxTokens: 1_300 },
    database: { connectTimeoutMs: 1_400, statementTimeoutMs: 1_500, onStartupFailure: 'exit' },
    drainTimeoutMs: 1_600,
    metricsPort: 9100,
    pressure: { maxEventLoopDelayMs: 1_700, maxHeapUsedBytes: 1_800 },
    presenceWindowMs: 150_000,
    anonymousAccess: 'public',
    keyFailuresPerMinute: 5,
  });
});

void t.test('production: introspection off unless enabled, and a secret of at least 32 bytes', async (t) => {
  t.equal(load({ ROOT_ENV: 'production', HMAC_SECRET: LONG_SECRET }).introspection, false);
  t.equal(load({ ROOT_ENV: 'production', HMAC_SECRET: LONG_SECRET, ROOT_INTROSPECTION: 'true' }).introspection, true);
  t.equal(load({ ROOT_INTROSPECTION: 'false' }).introspection, false);
  const short =
    'Invalid configuration: HMAC_SECRET (or ROOT_SECRET) must be at least 32 bytes when ROOT_ENV=production (openssl rand -hex 32 makes one)';
  t.equal(
    configError(() => load({ ROOT_ENV: 'production', HMAC_SECRET: 'x' })),
    short,
  );
  t.equal(
    configError(() => load({ ROOT_ENV: 'production', HMAC_SECRET: LONG_SECRET.slice(1) })),
    short,
  );
  t.equal(load({ HMAC_SECRET: 'x' }).hmacSecret, 'x', 'development accepts any secret');
  t.equal(
    loadConfig({ env: { ROOT_ENV: 'production', HMAC_SECRET: 'x' }, dotenv: false, requireSecretInProduction: false })
      .hmacSecret,
    'x',
    'operator tools that check no signature do not judge it',
  );
});

void t.test('postgres:// is accepted as well as postgresql://', async (t) => {
  t.equal(load({ DATABASE_URL: 'postgres://localhost/root' }).databaseUrl, 'postgres://localhost/root');
});

void t.test('aliases of the earlier server', async (t) => {
  void t.test('ROOT_PORT stands for PORT', async (t) => {
    t.equal(load({ ROOT_PORT: '8100' }).port, 8100);
  });
  void t.test('ROOT_SECRET stands for HMAC_SECRET', async (t) => {
    const config = load({ ROOT_SECRET: 'old-name' });
    t.strictSame([config.hmacSecret, config.hmacSecretGenerated], ['old-name', false]);
  });
  void t.test('the main name wins over the alias', async (t) => {
    const config = load({ PORT: '8200', ROOT_PORT: '8100', HMAC_SECRET: 'new-name', ROOT_SECRET: 'old-name' });
    t.strictSame([config.port, config.hmacSecret], [8200, 'new-name']);
  });
  void t.test('ROOT_SECRET satisfies production', async (t) => {
    const config = load({ ROOT_ENV: 'production', ROOT_SECRET: LONG_SECRET });
    t.strictSame([config.env, config.hmacSecret, config.hmacSecretGenerated], ['production', LONG_SECRET, false]);
  });
});

void t.test('empty values are treated as unset', async (t) => {
  void t.test('every variable empty gives the defaults', async (t) => {
    const empty = Object.fromEntries(
      [
        'ROOT_ENV',
        'DATABASE_URL',
        'ROOT_DATA_DIR',
        'ROOT_HOST',
        'PORT',
        'HMAC_SECRET',
        'ALLOWED_ORIGINS',
        'ROOT_TIMEZONE',
        'LOG_LEVEL',
        'DAILY_TASK_CRON',
        'DAILY_TASK_CATCH_UP_DAYS',
        'ROOT_PRESENCE_WINDOW_MINUTES',
      ].map((name) => [name, '']),
    );
    t.strictSame(withoutGeneratedSecret(load(empty)), defaults);
  });
  void t.test('an empty main name lets the alias through', async (t) => {
    const config = load({ PORT: '', ROOT_PORT: '8100', HMAC_SECRET: '', ROOT_SECRET: 'old-name' });
    t.strictSame([config.port, config.hmacSecret, config.hmacSecretGenerated], [8100, 'old-name', false]);
  });
  void t.test('an empty secret in production is a missing secret', async (t) => {
    t.equal(
      configError(() => load({ ROOT_ENV: 'production', HMAC_SECRET: '' })),
      'Invalid configuration: HMAC_SECRET (or ROOT_SECRET) is required when ROOT_ENV=production',
    );
  });
});

const PORT_RANGE = 'must be a whole number from 0 to 65535';

void t.test('invalid values stop with one line naming the variable', async (t) => {
  const cases: [string, Record<string, string>, string][] = [
    ['PORT not a number', { PORT: 'abc' }, `Invalid configuration: PORT ${PORT_RANGE}; got "abc"`],
    ['PORT not an integer', { PORT: '80.5' }, `Invalid configuration: PORT ${PORT_RANGE}; got "80.5"`],
    ['PORT too large', { PORT: '65536' }, `Invalid configuration: PORT ${PORT_RANGE}; got "65536"`],
    ['PORT negative', { PORT: '-1' }, `Invalid configuration: PORT ${PORT_RANGE}; got "-1"`],
    [
      'PORT negative and fractional, said once',
      { PORT: '-1.5' },
      `Invalid configuration: PORT ${PORT_RANGE}; got "-1.5"`,
    ],
    [
      'ROOT_PORT invalid: the alias is named',
      { ROOT_PORT: 'abc' },
      `Invalid configuration: ROOT_PORT ${PORT_RANGE}; got "abc"`,
    ],
    [
      'LOG_LEVEL unknown',
      { LOG_LEVEL: 'loud' },
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
    ],
    [
      'ROOT_ENV unknown',
      { ROOT_ENV: 'staging' },
      'Invalid configuration: ROOT_ENV must be development or production; got "staging"',
    ],
    [
      'DATABASE_URL of another database',
      { DATABASE_URL: 'mysql://root:hunter2@localhost/root' },
      'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://; got "mysql://…"',
    ],
    [
      'DATABASE_URL without a scheme',
      { DATABASE_URL: 'db.internal:5432/root' },
      'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://; got "…"',
    ],
    [
      'ROOT_TIMEZONE not a zone',
      { ROOT_TIMEZONE: 'Mars/Base' },
      'Invalid configuration: ROOT_TIMEZONE "Mars/Base" is not an IANA time zone',
    ],
    [
      'ALLOWED_ORIGINS entry not a URL',
      { ALLOWED_ORIGINS: 'https://ok.example, not-an-origin' },
      'Invalid configuration: ALLOWED_ORIGINS entry "not-an-origin" is not an origin like https://app.example.org',
    ],
    [
      'ALLOWED_ORIGINS entry with a path',
      { ALLOWED_ORIGINS: 'https://app.example.org/login' },
      'Invalid configuration: ALLOWED_ORIGINS entry "https://app.example.org/login" must be a bare origin (scheme, host and port only)',
    ],
    [
      'DAILY_TASK_CATCH_UP_DAYS negative',
      { DAILY_TASK_CATCH_UP_DAYS: '-1' },
      'Invalid configuration: DAILY_TASK_CATCH_UP_DAYS must be a whole number from 0 to 3660; got "-1"',
    ],
    [
      'ROOT_PRESENCE_WINDOW_MINUTES zero',
      { ROOT_PRESENCE_WINDOW_MINUTES: '0' },
      'Invalid configuration: ROOT_PRESENCE_WINDOW_MINUTES must be a number above 0 and at most 1440; got "0"',
    ],
    [
      'ROOT_DB_CONNECT_TIMEOUT_MS too small',
      { ROOT_DB_CONNECT_TIMEOUT_MS: '5' },
      'Invalid configuration: ROOT_DB_CONNECT_TIMEOUT_MS must be a whole number of at least 100; got "5"',
    ],
    [
      'ROOT_INTROSPECTION not a boolean',
      { ROOT_INTROSPECTION: 'maybe' },
      'Invalid configuration: ROOT_INTROSPECTION must be true or false; got "maybe"',
    ],
    [
      'ROOT_ANONYMOUS_ACCESS unknown',
      { ROOT_ANONYMOUS_ACCESS: 'everyone' },
      'Invalid configuration: ROOT_ANONYMOUS_ACCESS must be one of legacy, open, public, none; got "everyone"',
    ],
    [
      'KEY_FAILURES_PER_MINUTE zero',
      { KEY_FAILURES_PER_MINUTE: '0' },
      'Invalid configuration: KEY_FAILURES_PER_MINUTE must be a whole number from 1 to 100000; got "0"',
    ],
    [
      'production without a secret',
      { ROOT_ENV: 'production' },
      'Invalid configuration: HMAC_SECRET (or ROOT_SECRET) is required when ROOT_ENV=production',
    ],
    [
      'several problems at once',
      { PORT: 'abc', LOG_LEVEL: 'loud' },
      `Invalid configuration: PORT ${PORT_RANGE}; got "abc"; ` +
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
    ],
  ];
  for (const [name, env, message] of cases) {
    void t.test(name, async (t) => {
      t.equal(
        configError(() => load(env)),
        message,
      );
      t.notMatch(message, /\n/);
    });
  }
});

void t.test('development without a secret generates a loud random one', async (t) => {
  const first = load({ ROOT_ENV: 'development' });
  const second = load({ ROOT_ENV: 'development' });
  t.match(first.hmacSecret, /^[0-9a-f]{64}$/);
  t.equal(first.hmacSecretGenerated, true);
  t.not(first.hmacSecret, second.hmacSecret, 'a new secret per process start');
});

void t.test('.env in the working directory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'root-config-'));
  const cwd = process.cwd();
  process.chdir(dir);
  t.teardown(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(
    join(dir, '.env'),
    ['# a comment', 'PORT=9100', 'ROOT_SECRET="from dotenv"', 'LOG_LEVEL=debug', 'ROOT_TIMEZONE=', ''].join('\n'),
  );

  void t.test('read with dotenv: true; the environment wins over it', async (t) => {
    const config = loadConfig({ env: { LOG_LEVEL: 'warn' }, dotenv: true });
    t.strictSame(config, {
      ...defaults,
      port: 9100,
      hmacSecret: 'from dotenv',
      hmacSecretGenerated: false,
      logLevel: 'warn',
    });
  });

  void t.test('an empty environment value does not mask the file', async (t) => {
    t.equal(loadConfig({ env: { PORT: '' }, dotenv: true }).port, 9100);
  });

  void t.test('ignored with dotenv: false', async (t) => {
    t.strictSame(withoutGeneratedSecret(loadConfig({ env: {}, dotenv: false })), defaults);
  });

  void t.test('read by default when the environment is process.env', async (t) => {
    const names = ['PORT', 'ROOT_PORT', 'HMAC_SECRET', 'ROOT_SECRET', 'LOG_LEVEL', 'ROOT_TIMEZONE'] as const;
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    t.teardown(() => restoreEnv(saved));
    for (const name of names) delete process.env[name];
    process.env.PORT = ''; // empty: unset, so the file's value applies
    const config = loadConfig();
    t.strictSame(
      [config.port, config.hmacSecret, config.logLevel, config.timeZone],
      [9100, 'from dotenv', 'debug', 'Asia/Kolkata'],
    );
  });

  void t.test('invalid values in the file are reported like any other', async (t) => {
    const other = mkdtempSync(join(tmpdir(), 'root-config-'));
    t.teardown(() => {
      process.chdir(dir);
      rmSync(other, { recursive: true, force: true });
    });
    writeFileSync(join(other, '.env'), 'ROOT_PORT=abc\n');
    process.chdir(other);
    t.equal(
      configError(() => loadConfig({ env: {}, dotenv: true })),
      `Invalid configuration: ROOT_PORT ${PORT_RANGE}; got "abc"`,
    );
  });

  void t.test('a .env that cannot be read is a configuration error', async (t) => {
    const other = mkdtempSync(join(tmpdir(), 'root-config-'));
    t.teardown(() => {
      process.chdir(dir);
      rmSync(other, { recursive: true, force: true });
    });
    mkdirSync(join(other, '.env'));
    process.chdir(other);
    t.match(
      configError(() => loadConfig({ env: {}, dotenv: true })),
      /^Invalid configuration: cannot read \.env: EISDIR/,
    );
  });

  void t.test('a missing .env is no error', async (t) => {
    const other = mkdtempSync(join(tmpdir(), 'root-config-'));
    t.teardown(() => {
      process.chdir(dir);
      rmSync(other, { recursive: true, force: true });
    });
    process.chdir(other);
    t.strictSame(withoutGeneratedSecret(loadConfig({ env: {}, dotenv: true })), defaults);
  });
});

function restoreEnv(saved: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

void t.test('DAILY_TASK_CRON and DAILY_TASK_CATCH_UP_DAYS', async (t) => {
  t.same(
    [load({}).dailyTaskCron, load({}).catchUpDays],
    ['30 0 * * *', 60],
    'defaults: 00:30 daily, 60 days of catch-up',
  );
  t.same(
    [load({ DAILY_TASK_CRON: '*/5 * * * *' }).dailyTaskCron, load({ DAILY_TASK_CATCH_UP_DAYS: '7' }).catchUpDays],
    ['*/5 * * * *', 7],
  );
  const cronError = (expression: string) => configError(() => load({ DAILY_TASK_CRON: expression }));
  const format =
    'a schedule has five fields "minute hour day-of-month month day-of-week" (or six, seconds first), ' +
    'e.g. "30 0 * * *" for 00:30 every day';
  t.equal(
    cronError('61 0 * * *'),
    'Invalid configuration: DAILY_TASK_CRON "61 0 * * *" is not a valid schedule: 61 is out of range ' +
      '(minutes 0-59, hours 0-23, days 1-31, months 1-12, days of the week 0-7)',
  );
  t.equal(
    cronError('30 0 *'),
    `Invalid configuration: DAILY_TASK_CRON "30 0 *" is not a valid schedule: it has 3 fields; ${format}`,
  );
  t.equal(
    cronError('0 30 0 * * * *'),
    `Invalid configuration: DAILY_TASK_CRON "0 30 0 * * * *" is not a valid schedule: it has 7 fields; ${format}`,
  );
  t.equal(
    cronError('every night'),
    'Invalid configuration: DAILY_TASK_CRON "every night" is not a valid schedule: fields are numbers, ranges ' +
      `(1-5), lists (1,15), steps (*/10) or *, and names only for months (jan) and days (mon); ${format}`,
  );
  t.throws(() => load({ DAILY_TASK_CATCH_UP_DAYS: '-1' }), { name: 'ConfigError' });
});

void t.test('ROOT_ANONYMOUS_ACCESS: legacy in production, open in development, else as set', async (t) => {
  t.equal(load({}).anonymousAccess, 'open');
  t.equal(load({ ROOT_ENV: 'production', HMAC_SECRET: LONG_SECRET }).anonymousAccess, 'legacy');
  for (const preset of ['legacy', 'open', 'public', 'none'] as const) {
    t.equal(
      load({ ROOT_ENV: 'production', HMAC_SECRET: LONG_SECRET, ROOT_ANONYMOUS_ACCESS: preset }).anonymousAccess,
      preset,
    );
    t.equal(load({ ROOT_ANONYMOUS_ACCESS: preset }).anonymousAccess, preset);
  }
});
