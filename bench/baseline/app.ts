// The API benchmark's yardstick: what a careful hand-written server for the
// same four client requests would be. Fastify and `pg`, one SQL statement
// per request, the same JSON as Root byte for byte (the benchmark checks
// that before timing). It knows only the benchmark's documents, like a
// server of persisted queries, and logs requests as Root does in
// production, so that the ratio measures GraphQL and the ORM, not logging.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import pg from 'pg';
import { DAILY_REPORT, DASHBOARD, MARK_ATTENDANCE_PATTERN, MEMBER_PAGE } from '../api/workloads.js';
import { errorBody, naiveTime } from './wire-format.js';

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
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

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

  async function sql<Row extends pg.QueryResultRow>(text: string, params: unknown[]): Promise<Row[]> {
    app.log.trace({ sql: text }, 'sql');
    return (await pool.query<Row>(text, params)).rows;
  }

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

type Sql = <Row extends pg.QueryResultRow>(text: string, params: unknown[]) => Promise<Row[]>;

async function dailyReport(sql: Sql, date: string) {
  const rows = await sql<{
    member_id: number;
    name: string;
    is_present: boolean;
    time_in: string | null;
    time_out: string | null;
  }>(
    `SELECT a.member_id, m.name, a.is_present, a.time_in, a.time_out
     FROM attendance AS a JOIN member AS m ON m.member_id = a.member_id
     WHERE a.date = $1 ORDER BY a.attendance_id`,
    [date],
  );
  const attendanceByDate = rows.map((row) => ({
    memberId: row.member_id,
    name: row.name,
    isPresent: row.is_present,
    timeIn: naiveTime(row.time_in),
    timeOut: naiveTime(row.time_out),
  }));
  return { data: { attendanceByDate } };
}

async function memberPage(sql: Sql, memberId: number) {
  // The member row anchors the streak and tells an unknown member from one without history.
  const rows = await sql<{
    current_streak: number | null;
    max_streak: number | null;
    attendance_id: number | null;
    date: string;
    is_present: boolean;
    time_in: string | null;
    time_out: string | null;
  }>(
    `SELECT s.current_streak, s.max_streak, a.attendance_id, a.date, a.is_present, a.time_in, a.time_out
     FROM member AS m
     LEFT JOIN status_update_streak AS s ON s.member_id = m.member_id
     LEFT JOIN attendance AS a ON a.member_id = m.member_id
     WHERE m.member_id = $1 ORDER BY a.date, a.attendance_id`,
    [memberId],
  );
  const first = rows[0];
  if (!first) {
    return errorBody(`No member has id ${memberId}`, { code: 'MEMBER_NOT_FOUND', memberId });
  }
  const attendance = rows
    .filter((row) => row.attendance_id !== null)
    .map((row) => ({
      attendanceId: row.attendance_id,
      memberId,
      date: row.date,
      isPresent: row.is_present,
      timeIn: naiveTime(row.time_in),
      timeOut: naiveTime(row.time_out),
    }));
  const streak = { memberId, currentStreak: first.current_streak ?? 0, maxStreak: first.max_streak ?? 0 };
  return { data: { attendance, streak } };
}

interface DashboardMember {
  memberId: number;
  name: string;
  streak: { currentStreak: number; maxStreak: number }[];
  attendanceSummary: { year: number; month: number; daysAttended: number }[];
}

async function dashboard(sql: Sql) {
  const rows = await sql<{
    member_id: number;
    name: string;
    current_streak: number | null;
    max_streak: number | null;
    year: number | null;
    month: number;
    days_attended: number;
  }>(
    `SELECT m.member_id, m.name, s.current_streak, s.max_streak, y.year, y.month, y.days_attended
     FROM member AS m
     LEFT JOIN status_update_streak AS s ON s.member_id = m.member_id
     LEFT JOIN attendance_summary AS y ON y.member_id = m.member_id
     ORDER BY m.member_id, y.year, y.month`,
    [],
  );
  const members: DashboardMember[] = [];
  let current: DashboardMember | undefined;
  for (const row of rows) {
    if (current?.memberId !== row.member_id) {
      current = {
        memberId: row.member_id,
        name: row.name,
        streak: row.current_streak === null ? [] : [{ currentStreak: row.current_streak, maxStreak: row.max_streak! }],
        attendanceSummary: [],
      };
      members.push(current);
    }
    if (row.year !== null) {
      current.attendanceSummary.push({ year: row.year, month: row.month, daysAttended: row.days_attended });
    }
  }
  return { data: { members } };
}

/**
 * Root's markAttendance: the day's row is created if missing, timeIn is set
 * once, timeOut moves on; a past day is stamped at its last instant. One
 * upsert; the signature is checked before it.
 */
async function markAttendance(sql: Sql, options: BaselineOptions, memberId: number, date: string, signature: string) {
  const expected = createHmac('sha256', options.hmacSecret).update(`${memberId}${date}`).digest();
  if (!HEX_SHA256.test(signature) || !timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    return errorBody(`Invalid HMAC signature for member ${memberId} on ${date}`, {
      code: 'INVALID_SIGNATURE',
      memberId,
      date,
    });
  }
  try {
    const [row] = await sql<{
      attendance_id: number;
      date: string;
      time_in: string | null;
      time_out: string | null;
    }>(
      `WITH clock AS (SELECT now() AT TIME ZONE $3 AS club_now),
       sighting AS (
         SELECT CASE WHEN $2::date < club_now::date THEN time '23:59:59.999999' ELSE club_now::time END AS at
         FROM clock
       )
       INSERT INTO attendance AS a (member_id, date, is_present, time_in, time_out)
       SELECT $1, $2::date, true, at, at FROM sighting
       ON CONFLICT (member_id, date) DO UPDATE SET
         is_present = true,
         time_in = COALESCE(a.time_in, EXCLUDED.time_in),
         time_out = GREATEST(EXCLUDED.time_out, a.time_out, a.time_in)
       RETURNING attendance_id, date, time_in, time_out`,
      [memberId, date, options.timeZone],
    );
    const markAttendance = {
      attendanceId: row!.attendance_id,
      memberId,
      date: row!.date,
      isPresent: true,
      timeIn: naiveTime(row!.time_in),
      timeOut: naiveTime(row!.time_out),
    };
    return { data: { markAttendance } };
  } catch (error) {
    if ((error as { code?: string }).code === '23503') {
      return errorBody(`No member has id ${memberId}`, { code: 'MEMBER_NOT_FOUND', memberId });
    }
    throw error;
  }
}
