// Members in GraphQL: the Member type with its nested lists, the members
// query and createMember. The operations live in src/members/.
import { attendanceOrder, dayBounds } from '../attendance/attendance-queries.js';
import type { Sex as SexValue } from '../generated/prisma/enums.js';
import { deps } from '../graphql/context.js';
import { summariesQuery } from '../members/member-list.js';
import { createMember, listMembers } from '../members/members.js';
import { builder } from './builder.js';
import { memberWrite, personalRead, publicRead } from './auth-scopes.js';
import { AttendanceInfo, AttendanceSummaryInfo } from './attendance.js';
import { ProjectRef } from './project.js';
import { StatusUpdateStreakInfo } from './streak.js';

export const Sex = builder.enumType('Sex', {
  values: {
    M: { value: 'M' },
    F: { value: 'F' },
    OTHER: { value: 'Other' },
  } as const satisfies Record<string, { value: SexValue }>,
});

export const MemberRef = builder.prismaObject('Member', {
  // Select mode: a query loads only the columns its fields read.
  select: { id: true },
  fields: (t) => ({
    memberId: t.exposeInt('id', { authScopes: publicRead }),
    rollNo: t.exposeString('rollNo', { authScopes: personalRead }),
    name: t.exposeString('name', { authScopes: publicRead }),
    email: t.exposeString('email', { authScopes: personalRead }),
    sex: t.expose('sex', { type: Sex, authScopes: publicRead }),
    year: t.exposeInt('year', { authScopes: publicRead }),
    hostel: t.exposeString('hostel', { authScopes: publicRead }),
    macAddress: t.exposeString('macAddress', { authScopes: personalRead }),
    discordId: t.exposeString('discordId', { authScopes: personalRead }),
    groupId: t.exposeInt('groupId', { authScopes: publicRead }),
    attendance: t.relation('attendance', {
      authScopes: publicRead,
      type: AttendanceInfo,
      description: 'Attendance rows by date; `from` and `to` (inclusive) narrow the range.',
      args: {
        from: t.arg({ type: 'NaiveDate', required: false }),
        to: t.arg({ type: 'NaiveDate', required: false }),
      },
      query: (args) => ({ where: { date: dayBounds(args.from, args.to) }, orderBy: attendanceOrder }),
    }),
    attendanceSummary: t.relation('attendanceSummary', {
      authScopes: publicRead,
      type: AttendanceSummaryInfo,
      description: 'Monthly summaries by (year, month); `year` narrows them to one year.',
      args: { year: t.arg.int({ required: false }) },
      query: (args) => summariesQuery(args.year),
    }),
    streak: t.field({
      authScopes: publicRead,
      type: [StatusUpdateStreakInfo],
      description: "The member's status-update streak: one entry, or none before the first update.",
      select: { statusUpdateStreak: true },
      resolve: (member) => (member.statusUpdateStreak ? [member.statusUpdateStreak] : []),
    }),
    projects: t.relation('projects', {
      authScopes: publicRead,
      type: ProjectRef,
      query: { orderBy: { id: 'asc' } },
    }),
  }),
});

builder.queryField('members', (t) =>
  t.prismaField({
    type: [MemberRef],
    authScopes: publicRead,
    description: 'Members by id, optionally only those of one year and/or one group.',
    args: {
      year: t.arg.int({ required: false }),
      groupId: t.arg.int({ required: false }),
    },
    resolve: (query, _root, args, ctx) => listMembers(deps(ctx), args, query),
  }),
);

const CreateMemberInput = builder.inputType('CreateMemberInput', {
  fields: (t) => ({
    rollNo: t.string({ required: true }),
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    sex: t.field({ type: Sex, required: true }),
    year: t.int({ required: true }),
    hostel: t.string({ required: true }),
    macAddress: t.string({ required: true }),
    discordId: t.string({ required: true }),
    groupId: t.int({ required: true }),
  }),
});

builder.mutationField('createMember', (t) =>
  t.prismaField({
    type: MemberRef,
    authScopes: memberWrite,
    args: { input: t.arg({ type: CreateMemberInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => createMember(deps(ctx), input, query),
  }),
);
