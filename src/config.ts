// The one place that reads the environment. Everything else receives a typed,
// validated Config. Aliases from the earlier server (ROOT_PORT, ROOT_SECRET)
// are folded in before validation; a `.env` file is read when present.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { CronTime } from 'cron';
import { envSchema } from 'env-schema';
import { describeCronProblem, describeSchemaErrors } from './config-messages.js';
import { type AnonymousAccess, anonymousAccessNames } from './keys/scopes.js';

export type RootEnv = 'development' | 'production';

export interface Config {
  env: RootEnv;
  /** PostgreSQL URL; undefined means the embedded PGlite store. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  hmacSecret: string;
  /** True when no secret was configured and a random one was made for this process. */
  hmacSecretGenerated: boolean;
  allowedOrigins: string[];
  timeZone: string;
  logLevel: string;
  dailyTaskCron: string;
  catchUpDays: number;
  /** Introspection and "did you mean" suggestions (off in production unless enabled). */
  introspection: boolean;
  /** A mark for a date more than this many days before today is refused (STALE_DATE). */
  markMaxPastDays: number;
  queryLimits: QueryLimits;
  database: DatabaseTimeouts;
  /** How long in-flight requests may take to finish after SIGTERM. */
  drainTimeoutMs: number;
  /** Port of the Prometheus /metrics listener; undefined: no metrics. */
  metricsPort: number | undefined;
  /** Load shedding thresholds (0: that check is off). */
  pressure: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number };
  /** How long after their last mark (timeOut) a member still counts as in the lab, in ms. */
  presenceWindowMs: number;
  /** What callers without an API key may do (src/keys/scopes.ts). */
  anonymousAccess: AnonymousAccess;
  /** Failed API key checks allowed per client address and minute; past it, 429. */
  keyFailuresPerMinute: number;
}

export interface QueryLimits {
  maxAliases: number;
  maxRootFields: number;
  maxCost: number;
  /** graphql-js parser's token limit: bounds parsing time and depth. */
  maxTokens: number;
}

export interface DatabaseTimeouts {
  connectTimeoutMs: number;
  /** PostgreSQL statement_timeout and the driver's query timeout. */
  statementTimeoutMs: number;
  /** At start-up, an unreachable database: retry with backoff, or exit. */
  onStartupFailure: 'retry' | 'exit';
}

/** In production HMAC_SECRET must be at least this long (bytes). */
export const MIN_SECRET_BYTES = 32;

/** Start-up stops with this error's one-line message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const schema = {
  type: 'object',
  properties: {
    ROOT_ENV: { type: 'string', enum: ['development', 'production'], default: 'development' },
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    ROOT_DATA_DIR: { type: 'string', minLength: 1, default: '.data' },
    ROOT_HOST: { type: 'string', minLength: 1, default: '0.0.0.0' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8000 },
    HMAC_SECRET: { type: 'string', minLength: 1 },
    ALLOWED_ORIGINS: { type: 'string', default: '' },
    ROOT_TIMEZONE: { type: 'string', minLength: 1, default: 'Asia/Kolkata' },
    LOG_LEVEL: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
    },
    DAILY_TASK_CRON: { type: 'string', minLength: 1, default: '30 0 * * *' },
    DAILY_TASK_CATCH_UP_DAYS: { type: 'integer', minimum: 0, maximum: 3660, default: 60 },
    ROOT_INTROSPECTION: { type: 'boolean' },
    ROOT_MARK_MAX_PAST_DAYS: { type: 'integer', minimum: 0, maximum: 3660, default: 1 },
    ROOT_QUERY_MAX_ALIASES: { type: 'integer', minimum: 1, default: 100 },
    ROOT_QUERY_MAX_ROOT_FIELDS: { type: 'integer', minimum: 1, default: 100 },
    ROOT_QUERY_MAX_COST: { type: 'integer', minimum: 1, default: 100_000 },
    ROOT_QUERY_MAX_TOKENS: { type: 'integer', minimum: 100, default: 20_000 },
    ROOT_DB_CONNECT_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 5_000 },
    ROOT_DB_STATEMENT_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 15_000 },
    ROOT_DB_STARTUP: { type: 'string', enum: ['retry', 'exit'], default: 'retry' },
    ROOT_DRAIN_TIMEOUT_MS: { type: 'integer', minimum: 0, default: 10_000 },
    ROOT_METRICS_PORT: { type: 'integer', minimum: 0, maximum: 65535 },
    ROOT_MAX_EVENT_LOOP_DELAY_MS: { type: 'integer', minimum: 0, default: 1_000 },
    ROOT_MAX_HEAP_USED_BYTES: { type: 'integer', minimum: 0, default: 0 },
    ROOT_PRESENCE_WINDOW_MINUTES: { type: 'number', exclusiveMinimum: 0, maximum: 1440, default: 10 },
    ROOT_ANONYMOUS_ACCESS: { type: 'string', enum: anonymousAccessNames },
    KEY_FAILURES_PER_MINUTE: { type: 'integer', minimum: 1, maximum: 100_000, default: 20 },
  },
} as const;

interface RawEnv {
  ROOT_ENV: RootEnv;
  DATABASE_URL?: string;
  ROOT_DATA_DIR: string;
  ROOT_HOST: string;
  PORT: number;
  HMAC_SECRET?: string;
  ALLOWED_ORIGINS: string;
  ROOT_TIMEZONE: string;
  LOG_LEVEL: string;
  DAILY_TASK_CRON: string;
  DAILY_TASK_CATCH_UP_DAYS: number;
  ROOT_INTROSPECTION?: boolean;
  ROOT_MARK_MAX_PAST_DAYS: number;
  ROOT_QUERY_MAX_ALIASES: number;
  ROOT_QUERY_MAX_ROOT_FIELDS: number;
  ROOT_QUERY_MAX_COST: number;
  ROOT_QUERY_MAX_TOKENS: number;
  ROOT_DB_CONNECT_TIMEOUT_MS: number;
  ROOT_DB_STATEMENT_TIMEOUT_MS: number;
  ROOT_DB_STARTUP: 'retry' | 'exit';
  ROOT_DRAIN_TIMEOUT_MS: number;
  ROOT_METRICS_PORT?: number;
  ROOT_MAX_EVENT_LOOP_DELAY_MS: number;
  ROOT_MAX_HEAP_USED_BYTES: number;
  ROOT_PRESENCE_WINDOW_MINUTES: number;
  ROOT_ANONYMOUS_ACCESS?: AnonymousAccess;
  KEY_FAILURES_PER_MINUTE: number;
}

const aliases: Record<string, string> = { ROOT_PORT: 'PORT', ROOT_SECRET: 'HMAC_SECRET' };

export interface LoadConfigOptions {
  /** Variables to read; defaults to process.env. Tests pass their own. */
  env?: NodeJS.ProcessEnv;
  /** Read `.env` from the working directory (only when env is process.env). */
  dotenv?: boolean;
  /**
   * Refuse production without HMAC_SECRET (the server). Operator tools that
   * never check signatures (migrate, daily-task, seed) pass false.
   */
  requireSecretInProduction?: boolean;
}

export function loadConfig({
  env = process.env,
  dotenv = env === process.env,
  requireSecretInProduction = true,
}: LoadConfigOptions = {}): Config {
  // The environment wins over `.env`, as dotenv does. Empty values mean "not
  // set", as most shells and .env files intend, so they mask nothing.
  const data: Record<string, string> = { ...withoutEmpty(dotenv ? readDotenv() : {}), ...withoutEmpty(env) };
  const givenNames: Record<string, string> = {};
  for (const [alias, name] of Object.entries(aliases)) {
    if (data[name] === undefined && data[alias] !== undefined) [data[name], givenNames[name]] = [data[alias], alias];
  }

  let raw: RawEnv;
  try {
    // env: false, dotenv: false — env-schema would otherwise merge the raw
    // process.env (and .env) under `data`, bypassing the rules above.
    raw = envSchema<RawEnv>({ schema, data, env: false, dotenv: false });
  } catch (error) {
    const errors = (error as { errors?: Parameters<typeof describeSchemaErrors>[0] }).errors;
    if (!errors) throw new ConfigError(`Invalid configuration: ${(error as Error).message}`);
    const given = (name: string) => givenNames[name] ?? name;
    throw new ConfigError(`Invalid configuration: ${describeSchemaErrors(errors, schema.properties, data, given)}`);
  }

  if (!isValidTimeZone(raw.ROOT_TIMEZONE)) {
    throw new ConfigError(`Invalid configuration: ROOT_TIMEZONE "${raw.ROOT_TIMEZONE}" is not an IANA time zone`);
  }
  const cronProblem = cronExpressionProblem(raw.DAILY_TASK_CRON, raw.ROOT_TIMEZONE);
  if (cronProblem) {
    throw new ConfigError(`Invalid configuration: ${describeCronProblem(raw.DAILY_TASK_CRON, cronProblem)}`);
  }
  if (requireSecretInProduction && raw.ROOT_ENV === 'production' && raw.HMAC_SECRET === undefined) {
    throw new ConfigError('Invalid configuration: HMAC_SECRET (or ROOT_SECRET) is required when ROOT_ENV=production');
  }
  if (
    requireSecretInProduction &&
    raw.ROOT_ENV === 'production' &&
    Buffer.byteLength(raw.HMAC_SECRET ?? '') < MIN_SECRET_BYTES
  ) {
    throw new ConfigError(
      `Invalid configuration: HMAC_SECRET (or ROOT_SECRET) must be at least ${MIN_SECRET_BYTES} bytes when ROOT_ENV=production (openssl rand -hex 32 makes one)`,
    );
  }

  return {
    env: raw.ROOT_ENV,
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.ROOT_DATA_DIR,
    host: raw.ROOT_HOST,
    port: raw.PORT,
    hmacSecret: raw.HMAC_SECRET ?? randomBytes(32).toString('hex'),
    hmacSecretGenerated: raw.HMAC_SECRET === undefined,
    allowedOrigins: parseOrigins(raw.ALLOWED_ORIGINS),
    timeZone: raw.ROOT_TIMEZONE,
    logLevel: raw.LOG_LEVEL,
    dailyTaskCron: raw.DAILY_TASK_CRON,
    catchUpDays: raw.DAILY_TASK_CATCH_UP_DAYS,
    introspection: raw.ROOT_INTROSPECTION ?? raw.ROOT_ENV !== 'production',
    markMaxPastDays: raw.ROOT_MARK_MAX_PAST_DAYS,
    queryLimits: {
      maxAliases: raw.ROOT_QUERY_MAX_ALIASES,
      maxRootFields: raw.ROOT_QUERY_MAX_ROOT_FIELDS,
      maxCost: raw.ROOT_QUERY_MAX_COST,
      maxTokens: raw.ROOT_QUERY_MAX_TOKENS,
    },
    database: {
      connectTimeoutMs: raw.ROOT_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: raw.ROOT_DB_STATEMENT_TIMEOUT_MS,
      onStartupFailure: raw.ROOT_DB_STARTUP,
    },
    drainTimeoutMs: raw.ROOT_DRAIN_TIMEOUT_MS,
    metricsPort: raw.ROOT_METRICS_PORT,
    pressure: {
      maxEventLoopDelayMs: raw.ROOT_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: raw.ROOT_MAX_HEAP_USED_BYTES,
    },
    presenceWindowMs: Math.round(raw.ROOT_PRESENCE_WINDOW_MINUTES * 60_000),
    // Production keeps today's keyless clients working; development is open.
    anonymousAccess: raw.ROOT_ANONYMOUS_ACCESS ?? (raw.ROOT_ENV === 'production' ? 'legacy' : 'open'),
    keyFailuresPerMinute: raw.KEY_FAILURES_PER_MINUTE,
  };
}

function withoutEmpty(vars: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

function readDotenv(): Record<string, string> {
  try {
    return parseDotenv(readFileSync('.env', 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`Invalid configuration: cannot read .env: ${(error as Error).message}`);
  }
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

// Judged by the same parser fastify-cron schedules with, so whatever passes here runs.
function cronExpressionProblem(expression: string, timeZone: string): string | null {
  try {
    new CronTime(expression, timeZone).sendAt();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function parseOrigins(list: string): string[] {
  const origins = list
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(
        `Invalid configuration: ALLOWED_ORIGINS entry "${origin}" is not an origin like https://app.example.org`,
      );
    }
    if (parsed.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(
        `Invalid configuration: ALLOWED_ORIGINS entry "${origin}" must be a bare origin (scheme, host and port only)`,
      );
    }
  }
  return origins.map((origin) => origin.replace(/\/$/, ''));
}
