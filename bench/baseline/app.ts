// The API benchmark's yardstick: what a careful hand-written server for the
// same four client requests would be. Fastify and `pg`, one SQL statement
// per request (queries.ts), the same JSON as Root byte for byte (the
// benchmark checks that before timing). It knows only the benchmark's
// documents, like a server of persisted queries, and logs requests as Root
// does in production, so that the ratio measures GraphQL and the ORM, not
// logging.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import pg from 'pg';
import { DAILY_REPORT, DASHBOARD, MARK_ATTENDANCE_PATTERN, MEMBER_PAGE } from '../api/workloads.js';
import { type Sql, dailyReport, dashboard, markAttendance, memberPage } from './queries.js';
import { errorBody } from './wire-format.js';

export interface BaselineOptions {
  databaseUrl: string;
  hmacSecret: string;
  timeZone: string;
  logLevel?: string;
  /** As Root's pool. */
  poolSize?: number;
}

interface GraphQLBody {
  query?: unknown;
  variables?: Record<string, unknown> | null;
}

const DATE_OID = 1082;

export async function buildBaseline(options: BaselineOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      serializers: {
        req: (request: FastifyRequest) => ({ method: request.method, url: request.url, remoteAddress: request.ip }),
      },
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    // The same session settings as Root: the attendance trigger reads root.timezone.
    options: `-c root.timezone=${options.timeZone} -c TimeZone=UTC`,
    types: dateAsText(),
  });
  pool.on('error', () => {});
  app.addHook('onClose', () => pool.end());

  const sql: Sql = async <Row extends pg.QueryResultRow>(text: string, params: unknown[]) => {
    app.log.trace({ sql: text }, 'sql');
    return (await pool.query<Row>(text, params)).rows;
  };

  const handlers = new Map<string, (variables: Record<string, unknown>) => Promise<unknown>>([
    [DAILY_REPORT, (variables) => dailyReport(sql, String(variables.date))],
    [MEMBER_PAGE, (variables) => memberPage(sql, Number(variables.memberId))],
    [DASHBOARD, () => dashboard(sql)],
  ]);

  const answer = async (request: FastifyRequest) => {
    const { query, variables } = (request.body ?? {}) as GraphQLBody;
    if (typeof query !== 'string') return errorBody('Unknown query', { code: 'BAD_REQUEST' });
    const handler = handlers.get(query);
    if (handler) return handler(variables ?? {});
    const mark = MARK_ATTENDANCE_PATTERN.exec(query);
    if (mark) return markAttendance(sql, options, Number(mark[1]), mark[2]!, mark[3]!);
    return errorBody('Unknown query', { code: 'BAD_REQUEST' });
  };
  app.post('/', answer);
  app.post('/graphql', answer);
  app.get('/health', { logLevel: 'warn' }, async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });
  return app;
}

/** Dates stay 'YYYY-MM-DD' text, as on the wire; TIME already arrives as text. */
function dateAsText(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(DATE_OID, 'text', (value: string) => value);
  return types;
}
