// Attendance: the row types, the attendance queries and markAttendance.
// markAttendance's signature is checked before execution by the hook in
// src/graphql/attendance-signature-hook.ts; the resolver only records.
import { epochMicroseconds } from '../domain/club-time.js';
import { formatNaiveDate } from '../domain/naive-date-time.js';
import { builder } from './builder.js';
import { db } from './context.js';
import { explainDatabaseError } from './errors.js';

/** Prisma's filter for dates between two optional inclusive bounds. */
export function dateRange(from?: Date | null, to?: Date | null) {
  return { gte: from ?? undefined, lte: to ?? undefined };
}

const rowOrder = [{ date: 'asc' as const }, { id: 'asc' as const }];

export const AttendanceRef = builder.prismaObject('Attendance', {
  fields: (t) => ({
    attendanceId: t.exposeInt('id'),
    memberId: t.exposeInt('memberId'),
    date: t.expose('date', { type: 'NaiveDate' }),
    isPresent: t.exposeBoolean('isPresent'),
    timeIn: t.expose('timeIn', { type: 'NaiveTime', nullable: true }),
    timeOut: t.expose('timeOut', { type: 'NaiveTime', nullable: true }),
  }),
});

export const AttendanceInfo = builder.prismaObject('Attendance', {
  variant: 'AttendanceInfo',
  fields: (t) => ({
    date: t.expose('date', { type: 'NaiveDate' }),
    isPresent: t.exposeBoolean('isPresent'),
    timeIn: t.expose('timeIn', { type: 'NaiveTime', nullable: true }),
    timeOut: t.expose('timeOut', { type: 'NaiveTime', nullable: true }),
  }),
});

const memberColumns = { member: { select: { name: true, year: true, groupId: true } } } as const;

export const AttendanceWithMember = builder.prismaObject('Attendance', {
  variant: 'AttendanceWithMember',
  fields: (t) => ({
    attendanceId: t.exposeInt('id'),
    memberId: t.exposeInt('memberId'),
    date: t.expose('date', { type: 'NaiveDate' }),
    isPresent: t.exposeBoolean('isPresent'),
    timeIn: t.expose('timeIn', { type: 'NaiveTime', nullable: true }),
    timeOut: t.expose('timeOut', { type: 'NaiveTime', nullable: true }),
    name: t.string({ select: memberColumns, resolve: (row) => row.member.name }),
    year: t.int({ select: memberColumns, resolve: (row) => row.member.year }),
    groupId: t.int({ select: memberColumns, resolve: (row) => row.member.groupId }),
  }),
});

export const AttendanceSummaryInfo = builder.prismaObject('AttendanceSummary', {
  name: 'AttendanceSummaryInfo',
  fields: (t) => ({
    year: t.exposeInt('year'),
    month: t.exposeInt('month'),
    daysAttended: t.exposeInt('daysAttended'),
  }),
});

builder.queryFields((t) => ({
  attendance: t.prismaField({
    type: [AttendanceRef],
    description: "A member's attendance rows by date; `from` and `to` (inclusive) narrow the range.",
    args: {
      memberId: t.arg.int({ required: true }),
      from: t.arg({ type: 'NaiveDate', required: false }),
      to: t.arg({ type: 'NaiveDate', required: false }),
    },
    resolve: (query, _root, args, ctx) =>
      db(ctx).attendance.findMany({
        ...query,
        where: { memberId: args.memberId, date: dateRange(args.from, args.to) },
        orderBy: rowOrder,
      }),
  }),
  attendanceByDate: t.prismaField({
    type: [AttendanceWithMember],
    description: 'Every attendance row of one day, absent members included.',
    args: { date: t.arg({ type: 'NaiveDate', required: true }) },
    resolve: (query, _root, args, ctx) =>
      db(ctx).attendance.findMany({ ...query, where: { date: args.date }, orderBy: rowOrder }),
  }),
}));

const MarkAttendanceInput = builder.inputType('MarkAttendanceInput', {
  fields: (t) => ({
    memberId: t.int({ required: true }),
    date: t.field({ type: 'NaiveDate', required: true }),
    hmacSignature: t.string({ required: true }),
  }),
});

builder.mutationField('markAttendance', (t) =>
  t.prismaField({
    type: AttendanceRef,
    description:
      "Records a scanner's sighting: creates the day's row if missing, sets timeIn once and moves timeOut. " +
      'Requires hmacSignature = hex HMAC-SHA256 of `<memberId><date>` with the shared secret.',
    args: { input: t.arg({ type: MarkAttendanceInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await recordSighting(ctx, input.memberId, input.date);
      return db(ctx).attendance.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

/**
 * One atomic upsert, timed in the club's zone to the microsecond. A sighting
 * for a past day (a scanner still signing the date it booted with) is stamped
 * at that day's last instant, keeping timeOut >= timeIn. A future day is
 * refused by the attendance trigger.
 */
async function recordSighting(ctx: Parameters<typeof db>[0], memberId: number, date: Date): Promise<number> {
  const day = formatNaiveDate(date);
  const rows = await db(ctx).$queryRaw<{ id: number }[]>`
      WITH clock AS (
        SELECT (timestamptz 'epoch' + ${epochMicroseconds().toString()}::bigint * interval '1 microsecond')
          AT TIME ZONE ${ctx.timeZone} AS club_now
      ),
      sighting AS (
        SELECT CASE WHEN ${day}::date < club_now::date THEN time '23:59:59.999999' ELSE club_now::time END AS at
        FROM clock
      )
      INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
      SELECT ${memberId}, ${day}::date, true, at, at FROM sighting
      ON CONFLICT (member_id, date) DO UPDATE SET
        is_present = true,
        time_in = COALESCE(attendance.time_in, EXCLUDED.time_in),
        time_out = GREATEST(EXCLUDED.time_out, attendance.time_out, attendance.time_in)
      RETURNING attendance_id AS id`.catch((error: unknown) => explainDatabaseError(error, { memberId }));
  return rows[0]!.id;
}
