// The second API generation's member: MemberRecord, whose `attendance` and
// `status` are objects (the first generation's Member has lists there), the
// allMembers and member queries, updateMember, and the second-generation
// additions to first-generation types (Member's track, githubUser and counts;
// the member beside an attendance row). Counts and statuses are batched per
// request (src/graphql/member-batches.ts); nested rows fold into the member query.
import { type AttendanceRow, attendanceOfMembers } from '../attendance/attendance-queries.js';
import { type DateRange, dateRange } from '../calendar/date-range.js';
import { type Context, deps } from '../graphql/context.js';
import { loadForMember } from '../graphql/member-batches.js';
import { findMember, updateMember } from '../members/member-changes.js';
import { listMembers, membersById } from '../members/members.js';
import { AttendanceRef, AttendanceWithMember } from './attendance.js';
import { countsOf, updateCountOf } from './batched-counts.js';
import { markResultRead, memberWrite, personalRead, publicRead } from './auth-scopes.js';
import { builder } from './builder.js';
import { GENERATION_2 } from './generations.js';
import { MemberRef, Sex } from './member.js';
import { MemberStatus } from './status.js';

/** A member's rows within a range; every member of a request asking for that range shares one statement. */
const rowsOf = (ctx: Context, memberId: number, range: DateRange) =>
  loadForMember(ctx, `attendance-rows:${range.start}:${range.end}`, memberId, (ids) =>
    attendanceOfMembers(deps(ctx), ids, range),
  );

export const MemberAttendance = builder.prismaObject('Member', {
  variant: 'MemberAttendance',
  description: "A member's attendance: rows of a range or a day, and counts over a range.",
  extensions: GENERATION_2,
  fields: (t) => ({
    records: t.field({
      authScopes: publicRead,
      type: [AttendanceRef],
      description: 'Rows from startDate to endDate (inclusive), by date.',
      args: {
        startDate: t.arg({ type: 'NaiveDate', required: true }),
        endDate: t.arg({ type: 'NaiveDate', required: true }),
      },
      select: { id: true },
      resolve: async (member, args, ctx) =>
        (await rowsOf(ctx, member.id, dateRange(args.startDate, args.endDate))) ?? [],
    }),
    onDate: t.field({
      authScopes: publicRead,
      type: AttendanceRef,
      nullable: true,
      description: "The member's row on the day; null when there is none.",
      args: { date: t.arg({ type: 'NaiveDate', required: true }) },
      select: { id: true },
      resolve: async (member, args, ctx) =>
        (await rowsOf(ctx, member.id, { start: args.date, end: args.date }))?.[0] ?? null,
    }),
    presentCount: t.int({
      authScopes: publicRead,
      description: 'Present days from startDate to endDate (YYYY-MM-DD, inclusive).',
      args: { startDate: t.arg.string({ required: true }), endDate: t.arg.string({ required: true }) },
      select: { id: true },
      resolve: async (member, args, ctx) => (await countsOf(ctx, member.id, args)).presentCount,
    }),
    absentCount: t.int({
      authScopes: publicRead,
      description:
        "The club's working days from startDate to endDate (days on which at least one member was present) minus the member's present days.",
      args: { startDate: t.arg.string({ required: true }), endDate: t.arg.string({ required: true }) },
      select: { id: true },
      resolve: async (member, args, ctx) => (await countsOf(ctx, member.id, args)).absentCount,
    }),
  }),
});

export const MemberRecord = builder.prismaObject('Member', {
  variant: 'MemberRecord',
  description: 'A member as the second generation sees them: attendance and status are objects.',
  extensions: GENERATION_2,
  fields: (t) => ({
    memberId: t.exposeInt('id', { authScopes: publicRead }),
    rollNo: t.exposeString('rollNo', { authScopes: personalRead }),
    name: t.exposeString('name', { authScopes: publicRead }),
    email: t.exposeString('email', { authScopes: personalRead }),
    sex: t.expose('sex', { authScopes: publicRead, type: Sex }),
    year: t.exposeInt('year', { authScopes: publicRead }),
    hostel: t.exposeString('hostel', { authScopes: publicRead }),
    macAddress: t.exposeString('macAddress', { authScopes: personalRead }),
    discordId: t.exposeString('discordId', { authScopes: personalRead }),
    groupId: t.exposeInt('groupId', { authScopes: publicRead }),
    track: t.exposeString('track', { authScopes: publicRead, nullable: true }),
    githubUser: t.exposeString('githubUser', { authScopes: publicRead, nullable: true }),
    attendance: t.variant(MemberAttendance, { authScopes: publicRead }),
    status: t.field({
      authScopes: publicRead,
      type: MemberStatus,
      select: { id: true },
      resolve: (member) => ({ memberId: member.id }),
    }),
  }),
});

// Second-generation fields on first-generation types (mid-2025 clients send these).
builder.prismaObjectFields(MemberRef, (t) => ({
  track: t.exposeString('track', { authScopes: publicRead, nullable: true, extensions: GENERATION_2 }),
  githubUser: t.exposeString('githubUser', { authScopes: publicRead, nullable: true, extensions: GENERATION_2 }),
  presentCountByDate: t.int({
    authScopes: publicRead,
    description: 'Present days from startDate to endDate (YYYY-MM-DD, inclusive); as MemberAttendance.presentCount.',
    args: { startDate: t.arg.string({ required: true }), endDate: t.arg.string({ required: true }) },
    select: { id: true },
    extensions: GENERATION_2,
    resolve: async (member, args, ctx) => (await countsOf(ctx, member.id, args)).presentCount,
  }),
  absentCountByDate: t.int({
    authScopes: publicRead,
    description: 'Working days minus present days from startDate to endDate; as MemberAttendance.absentCount.',
    args: { startDate: t.arg.string({ required: true }), endDate: t.arg.string({ required: true }) },
    select: { id: true },
    extensions: GENERATION_2,
    resolve: async (member, args, ctx) => (await countsOf(ctx, member.id, args)).absentCount,
  }),
  statusUpdateCountByDate: t.int({
    authScopes: publicRead,
    description: 'Status updates sent from startDate to endDate (YYYY-MM-DD, inclusive); as MemberStatus.updateCount.',
    args: { startDate: t.arg.string({ required: true }), endDate: t.arg.string({ required: true }) },
    select: { id: true },
    extensions: GENERATION_2,
    resolve: (member, args, ctx) => updateCountOf(ctx, member.id, args),
  }),
}));

// Attendance rows are plain objects read by their own statements: the member
// beside a row is loaded for all rows of a list at once, as selected.
for (const [rowType, authScopes] of [
  [AttendanceRef, markResultRead],
  [AttendanceWithMember, publicRead],
] as const) {
  builder.objectField(rowType, 'member', (t) =>
    t.prismaField({
      authScopes,
      type: MemberRecord,
      extensions: GENERATION_2,
      resolve: async (query, row: AttendanceRow, _args, ctx) => {
        const member = await loadForMember(ctx, `member:${JSON.stringify(query)}`, row.memberId, (ids) =>
          membersById(deps(ctx), ids, query),
        );
        // The foreign key keeps every row's member.
        if (!member) throw new Error(`attendance row ${row.attendanceId} has no member ${row.memberId}`);
        return member;
      },
    }),
  );
}

builder.queryFields((t) => ({
  allMembers: t.prismaField({
    authScopes: publicRead,
    type: [MemberRecord],
    description: 'Members by id, optionally only those of one year, track and/or group.',
    extensions: GENERATION_2,
    args: {
      year: t.arg.int({ required: false }),
      track: t.arg.string({ required: false }),
      groupId: t.arg.int({ required: false }),
    },
    resolve: (query, _root, args, ctx) => listMembers(deps(ctx), args, query),
  }),
  member: t.prismaField({
    authScopes: publicRead,
    type: MemberRecord,
    nullable: true,
    description: 'The member with this id, email, roll number or Discord id (exactly one); null when none has it.',
    extensions: GENERATION_2,
    args: {
      memberId: t.arg.int({ required: false }),
      email: t.arg.string({ required: false }),
      rollNo: t.arg.string({ required: false }),
      discordId: t.arg.string({ required: false }),
    },
    resolve: (query, _root, args, ctx) => findMember(deps(ctx), args, query),
  }),
}));

const UpdateMemberInput = builder.inputType('UpdateMemberInput', {
  description: 'The member to change and the fields to change; fields left out (or null) keep their value.',
  extensions: GENERATION_2,
  fields: (t) => ({
    memberId: t.int({ required: true }),
    rollNo: t.string({ required: false }),
    name: t.string({ required: false }),
    email: t.string({ required: false }),
    sex: t.field({ type: Sex, required: false }),
    year: t.int({ required: false }),
    hostel: t.string({ required: false }),
    macAddress: t.string({ required: false }),
    discordId: t.string({ required: false }),
    groupId: t.int({ required: false }),
    track: t.string({ required: false, description: 'Null or blank clears it.' }),
    githubUser: t.string({ required: false, description: 'Null or blank clears it.' }),
  }),
});

builder.mutationField('updateMember', (t) =>
  t.prismaField({
    authScopes: memberWrite,
    type: MemberRecord,
    description: 'Changes a member: checked like createMember, duplicates refused with the same codes.',
    extensions: GENERATION_2,
    args: { input: t.arg({ type: UpdateMemberInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => updateMember(deps(ctx), input, query),
  }),
);
