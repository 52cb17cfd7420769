// A scanner's mark, recorded: the one write path for attendance marks, used
// by the GraphQL mutation and by anything else that records one. The
// signature is checked before this runs (src/graphql/signed-fields.ts).
import { type ClubDate, addDays, clubDateAt } from '../calendar/club-date.js';
import { clockMicros } from '../calendar/clock.js';
import type { Deps } from '../deps.js';
import { memberNotFound } from '../members/member-errors.js';
import { futureDate, staleDate } from './attendance-errors.js';
import { type AttendanceRow, attendanceRowColumns } from './attendance-queries.js';
import { MARK_CHANNEL, markNoticePayload } from './attendance-events.js';
import { Prisma } from '../generated/prisma/client.js';

/** Scanners that run past midnight still sign the date they booted with. */
export const DEFAULT_MARK_MAX_PAST_DAYS = 1;

/** The statement's NOTIFY of the row it wrote (PostgreSQL). */
const announcedInStatement = Prisma.sql`, LATERAL (
  SELECT pg_notify(${MARK_CHANNEL}, json_build_object('attendanceId', attendance_id, 'memberId', member_id)::text)
) AS announced`;

export interface Mark {
  memberId: number;
  date: ClubDate;
}

/**
 * One atomic upsert, timed in the club's zone to the microsecond: creates the
 * day's row if missing, sets timeIn once, moves timeOut, marks present. A
 * mark for a past day (a scanner still signing the date it booted with) is
 * stamped at that day's last instant, keeping timeOut >= timeIn, and never
 * moves an existing timeOut: a replayed signature cannot rewrite a past day.
 * A future day (by the clock given) is refused with FUTURE_DATE, and a day
 * more than `deps.markMaxPastDays` before today with STALE_DATE, both before
 * any SQL; the attendance trigger refuses a future day again for any other
 * writer. The mark is announced on MARK_CHANNEL only once kept: by the
 * statement's NOTIFY (delivered on commit), or on the embedded store by
 * telling this process's listeners after it. Resolves to the row as stored,
 * read in the same statement.
 */
export async function recordMark(deps: Deps, { memberId, date }: Mark): Promise<AttendanceRow> {
  const today = clubDateAt(deps.clock(), deps.timeZone);
  if (date > today) throw futureDate();
  const maxPastDays = deps.markMaxPastDays ?? DEFAULT_MARK_MAX_PAST_DAYS;
  if (date < addDays(today, -maxPastDays)) throw staleDate(date, maxPastDays);
  // On PostgreSQL the statement NOTIFYs, delivered on commit to every
  // replica; the embedded store's listeners are all in this process and are
  // told once the statement has returned.
  const notifyInProcess = deps.prisma.$notifyInProcess;
  const rows = await deps.prisma.$rows<AttendanceRow>(Prisma.sql`
      WITH clock AS (
        SELECT (timestamptz 'epoch' + ${clockMicros(deps.clock).toString()}::bigint * interval '1 microsecond')
          AT TIME ZONE ${deps.timeZone} AS club_now
      ),
      sighting AS (
        SELECT CASE WHEN ${date}::date < club_now::date THEN time '23:59:59.999999' ELSE club_now::time END AS at
        FROM clock
      ),
      marked AS (
        INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
        SELECT member_id, ${date}::date, true, at, at FROM sighting, member WHERE member_id = ${memberId}
        ON CONFLICT (member_id, date) DO UPDATE SET
          is_present = true,
          time_in = COALESCE(attendance.time_in, EXCLUDED.time_in),
          time_out = CASE WHEN ${date < today}::boolean THEN COALESCE(attendance.time_out, EXCLUDED.time_out)
            ELSE GREATEST(EXCLUDED.time_out, attendance.time_out, attendance.time_in) END
        RETURNING attendance.*
      )
      SELECT ${attendanceRowColumns} FROM marked AS a ${notifyInProcess ? Prisma.empty : announcedInStatement}`);
  const row = rows[0];
  // No row: the member-join found nobody.
  if (!row) throw memberNotFound(memberId);
  notifyInProcess?.(MARK_CHANNEL, markNoticePayload(row));
  return row;
}
