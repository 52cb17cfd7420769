// Attendance in GraphQL: the row types, the attendance queries and
// markAttendance. The mark's signature is checked before execution by the
// hook in src/graphql/signed-fields.ts, found through the signedMark() marker
// on the field; the resolver only records (src/attendance/record-mark.ts).
import { attendanceById, attendanceOfMember, attendanceOnDate } from '../attendance/attendance-queries.js';
import { recordMark } from '../attendance/record-mark.js';
import { fromDbDate } from '../calendar/club-date.js';
import { deps } from '../graphql/context.js';
import { signedMark } from '../graphql/signed-fields.js';
import { builder } from './builder.js';
import { markResultGrant, markResultRead, publicRead, signedMarkAccess } from './auth-scopes.js';

// Prisma hands DATE columns over as UTC-midnight Dates: the edge to ClubDate.
const dayOf = (row: { date: Date }) => fromDbDate(row.date);

export const AttendanceRef = builder.prismaObject('Attendance', {
  fields: (t) => ({
    attendanceId: t.exposeInt('id', { authScopes: markResultRead }),
    memberId: t.exposeInt('memberId', { authScopes: markResultRead }),
    date: t.field({ type: 'NaiveDate', authScopes: markResultRead, resolve: dayOf }),
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

const memberColumns = { member: { select: { name: true, year: true, groupId: true } } } as const;

export const AttendanceWithMember = builder.prismaObject('Attendance', {
  variant: 'AttendanceWithMember',
  fields: (t) => ({
    attendanceId: t.exposeInt('id', { authScopes: publicRead }),
    memberId: t.exposeInt('memberId', { authScopes: publicRead }),
    date: t.field({ type: 'NaiveDate', authScopes: publicRead, resolve: dayOf }),
    isPresent: t.exposeBoolean('isPresent', { authScopes: publicRead }),
    timeIn: t.expose('timeIn', { type: 'NaiveTime', nullable: true, authScopes: publicRead }),
    timeOut: t.expose('timeOut', { type: 'NaiveTime', nullable: true, authScopes: publicRead }),
    name: t.string({ authScopes: publicRead, select: memberColumns, resolve: (row) => row.member.name }),
    year: t.int({ authScopes: publicRead, select: memberColumns, resolve: (row) => row.member.year }),
    groupId: t.int({ authScopes: publicRead, select: memberColumns, resolve: (row) => row.member.groupId }),
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
  attendance: t.prismaField({
    type: [AttendanceRef],
    authScopes: publicRead,
    description: "A member's attendance rows by date; `from` and `to` (inclusive) narrow the range.",
    args: {
      memberId: t.arg.int({ required: true }),
      from: t.arg({ type: 'NaiveDate', required: false }),
      to: t.arg({ type: 'NaiveDate', required: false }),
    },
    resolve: (query, _root, { memberId, from, to }, ctx) =>
      attendanceOfMember(deps(ctx), memberId, { from, to }, query),
  }),
  attendanceByDate: t.prismaField({
    type: [AttendanceWithMember],
    authScopes: publicRead,
    description: 'Every attendance row of one day, absent members included.',
    args: { date: t.arg({ type: 'NaiveDate', required: true }) },
    resolve: (query, _root, args, ctx) => attendanceOnDate(deps(ctx), args.date, query),
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
    authScopes: signedMarkAccess,
    grantScopes: markResultGrant,
    description:
      "Records a scanner's sighting: creates the day's row if missing, sets timeIn once and moves timeOut. " +
      'Requires hmacSignature = hex HMAC-SHA256 of `<memberId><date>` with the shared secret.',
    args: { input: t.arg({ type: MarkAttendanceInput, required: true }) },
    extensions: signedMark('input'),
    resolve: async (query, _root, { input }, ctx) => {
      const id = await recordMark(deps(ctx), input);
      return attendanceById(deps(ctx), id, query);
    },
  }),
);
