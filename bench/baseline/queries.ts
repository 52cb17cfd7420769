// The baseline's four answers, one SQL statement each, shaped as Root
// shapes them: the same field names and order, the same NaiveTime text.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { errorBody, naiveTime } from './wire-format.js';

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

export type Sql = <Row extends pg.QueryResultRow>(text: string, params: unknown[]) => Promise<Row[]>;

export async function dailyReport(sql: Sql, date: string) {
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

export async function memberPage(sql: Sql, memberId: number) {
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

export async function dashboard(sql: Sql) {
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
export async function markAttendance(
  sql: Sql,
  options: { hmacSecret: string; timeZone: string },
  memberId: number,
  date: string,
  signature: string,
) {
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
