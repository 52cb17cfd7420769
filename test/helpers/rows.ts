// Rows written straight into the database (what the daily task, the earlier
// server or another writer leaves there), for tests that need exact ids,
// dates and times the API cannot choose.
import type { FastifyInstance } from 'fastify';
import { type MemberInput, memberInput } from './factories.js';

export interface InsertedMember extends MemberInput {
  memberId: number;
}

const sexColumn = { M: 'M', F: 'F', OTHER: 'Other' } as const;

/** Inserts a member with an explicit id (pick ids far above what the sequence hands out). */
export async function insertMember(
  app: FastifyInstance,
  memberId: number,
  overrides: Partial<MemberInput> = {},
): Promise<InsertedMember> {
  const member = memberInput(overrides);
  await app.prisma.$executeRaw`
    INSERT INTO member (member_id, roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id)
    VALUES (${memberId}, ${member.rollNo}, ${member.name}, ${member.email}, ${sexColumn[member.sex]}::"Sex",
            ${member.year}, ${member.hostel}, ${member.macAddress}, ${member.discordId}, ${member.groupId})`;
  return { ...member, memberId };
}

export interface AttendanceRow {
  /** Explicit attendance_id; the sequence's next value when absent. */
  id?: number;
  memberId: number;
  date: string;
  /** Both null (the default) is an absent row; a present row needs both. */
  timeIn?: string | null;
  timeOut?: string | null;
}

/** Inserts one attendance row and returns its id. */
export async function insertAttendance(app: FastifyInstance, row: AttendanceRow): Promise<number> {
  const timeIn = row.timeIn ?? null;
  const timeOut = row.timeOut ?? null;
  const present = timeIn !== null;
  const rows = row.id
    ? await app.prisma.$queryRaw<{ id: number }[]>`
        INSERT INTO attendance (attendance_id, member_id, date, is_present, time_in, time_out)
        VALUES (${row.id}, ${row.memberId}, ${row.date}::date, ${present}, ${timeIn}::time, ${timeOut}::time)
        RETURNING attendance_id AS id`
    : await app.prisma.$queryRaw<{ id: number }[]>`
        INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
        VALUES (${row.memberId}, ${row.date}::date, ${present}, ${timeIn}::time, ${timeOut}::time)
        RETURNING attendance_id AS id`;
  return rows[0]!.id;
}

export async function insertSummary(
  app: FastifyInstance,
  memberId: number,
  year: number,
  month: number,
  daysAttended: number,
): Promise<void> {
  await app.prisma.$executeRaw`
    INSERT INTO attendance_summary (member_id, year, month, days_attended)
    VALUES (${memberId}, ${year}, ${month}, ${daysAttended})`;
}

export async function insertProject(app: FastifyInstance, id: number, memberId: number, title: string): Promise<void> {
  await app.prisma
    .$executeRaw`INSERT INTO project (project_id, member_id, title) VALUES (${id}, ${memberId}, ${title})`;
}

let groupSequence = 1000;

/** A fresh group id, so that `members(groupId:)` sees only one test's members. */
export function uniqueGroupId(): number {
  groupSequence += 1;
  return groupSequence;
}
