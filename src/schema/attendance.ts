// Attendance in GraphQL: the row types, the attendance queries and
// markAttendance. The mark's signature is checked before execution by the
// hook in src/graphql/signed-fields.ts, found through the signedMark() marker
// on the field; the resolver only records (src/attendance/record-mark.ts).
import {
  type AttendanceRow,
  type DayReportRow,
  attendanceOfMember,
  attendanceOnDate,
} from '../attendance/attendance-queries.js';
import { recordMark } from '../attendance/record-mark.js';
import { fromDbDate } from '../calendar/club-date.js';
import { deps } from '../graphql/context.js';
import { signedMark } from '../graphql/signed-fields.js';
import { builder } from './builder.js';
import { markResultGrant, markResultRead, publicRead, signedMarkAccess } from './auth-scopes.js';

// Prisma hands DATE columns over as UTC-midnight Dates: the edge to ClubDate.
const dayOf = (row: { date: Date }) => fromDbDate(row.date);

/** An attendance row as listed and as a mark returns it (src/attendance/attendance-queries.ts). */
export const AttendanceRef = builder.objectRef<AttendanceRow>('Attendance').implement({
  fields: (t) => ({
    attendanceId: t.exposeInt('attendanceId', { authScopes: markResultRead }),
    memberId: t.exposeInt('memberId', { authScopes: markResultRead }),
    date: t.expose('date', { type: 'NaiveDate', authScopes: markResultRead }),
    isPresent: t.exposeBoolean('isPresent', { authScopes: markResultRead }),
    timeIn: t.expose('timeIn', { type: 'NaiveTime', nullable: true, authScopes: markResultRead }),
    timeOut: t.expose('timeOut', { type: 'NaiveTime', nullable: true, authScopes: markResultRead }),
  }),
});

export const AttendanceInfo = builder.prismaObject('Attendance', {
  variant: 'AttendanceInfo',
  fields: (t) => ({
    date: t.field({ type: 'NaiveDate', authScopes: publicRead, resolve: dayOf }),
    isPresent: t.exposeBoolean('isPresent', { authScopes: publicRead }),
    timeIn: t.expose('timeIn', { type: 'NaiveTime', nullable: true, authScopes: publicRead }),
    timeOut: t.expose('timeOut', { type: 'NaiveTime', nullable: true, authScopes: publicRead }),
  }),
});

/** The bot's daily report row: a plain object type over exactly the columns its one statement reads. */
export const AttendanceWithMember = builder.objectRef<DayReportRow>('AttendanceWithMember').implement({
  fields: (t) => ({
    attendanceId: t.exposeInt('attendanceId', { authScopes: publicRead }),
    memberId: t.exposeInt('memberId', { authScopes: publicRead }),
    date: t.expose('date', { type: 'NaiveDate', authScopes: publicRead }),
    isPresent: t.exposeBoolean('isPresent', { authScopes: publicRead }),
    timeIn: t.expose('timeIn', { type: 'NaiveTime', nullable: true, authScopes: publicRead }),
    timeOut: t.expose('timeOut', { type: 'NaiveTime', nullable: true, authScopes: publicRead }),
    name: t.exposeString('name', { authScopes: publicRead }),
    year: t.exposeInt('year', { authScopes: publicRead }),
    groupId: t.exposeInt('groupId', { authScopes: publicRead }),
  }),
});

export const AttendanceSummaryInfo = builder.prismaObject('AttendanceSummary', {
  name: 'AttendanceSummaryInfo',
  fields: (t) => ({
    year: t.exposeInt('year', { authScopes: publicRead }),
    month: t.exposeInt('month', { authScopes: publicRead }),
    daysAttended: t.exposeInt('daysAttended', { authScopes: publicRead }),
  }),
});

builder.queryFields((t) => ({
  attendance: t.field({
    type: [AttendanceRef],
    authScopes: publicRead,
    description: "A member's attendance rows by date; `from` and `to` (inclusive) narrow the range.",
    args: {
      memberId: t.arg.int({ required: true }),
      from: t.arg({ type: 'NaiveDate', required: false }),
      to: t.arg({ type: 'NaiveDate', required: false }),
    },
    resolve: (_root, { memberId, from, to }, ctx) => attendanceOfMember(deps(ctx), memberId, { from, to }),
  }),
  attendanceByDate: t.field({
    type: [AttendanceWithMember],
    authScopes: publicRead,
    description: 'Every attendance row of one day, absent members included.',
    args: { date: t.arg({ type: 'NaiveDate', required: true }) },
    resolve: (_root, args, ctx) => attendanceOnDate(deps(ctx), args.date),
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
  t.field({
    type: AttendanceRef,
    authScopes: signedMarkAccess,
    grantScopes: markResultGrant,
    description:
      "Records a scanner's sighting: creates the day's row if missing, sets timeIn once and moves timeOut. " +
      'Requires hmacSignature = hex HMAC-SHA256 of `<memberId><date>` with the shared secret.',
    args: { input: t.arg({ type: MarkAttendanceInput, required: true }) },
    extensions: signedMark('input'),
    resolve: (_root, { input }, ctx) => recordMark(deps(ctx), input),
  }),
);
