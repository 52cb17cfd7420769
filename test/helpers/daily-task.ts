// A store and Prisma client for tests that call the daily task directly, and
// set-based helpers to lay out members and attendance on it.
import { openDatabase as openMigratedDatabase } from '../../src/db/database.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import type { Store } from '../../src/db/store.js';
import { type StoreKind, storeLocation } from './databases.js';

export const TIME_ZONE = 'Asia/Kolkata';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestDatabase {
  prisma: PrismaClient;
  store: Store;
  databaseUrl: string | undefined;
}

export async function openTestDatabase(t: Teardown, kind: StoreKind): Promise<TestDatabase> {
  const location = await storeLocation(t, kind);
  return openDatabase(t, location.databaseUrl, location.dataDir);
}

/** Opens (and migrates) a store; a second call with the same URL is a second connection pool. */
export async function openDatabase(t: Teardown, databaseUrl: string | undefined, dataDir = 'memory://') {
  const { prisma, store, close } = await openMigratedDatabase({ databaseUrl, dataDir, timeZone: TIME_ZONE });
  t.teardown(close);
  return { prisma, store, databaseUrl };
}

/** Inserts `count` members in one statement; returns their ids in order. */
export async function insertMembers(
  prisma: PrismaClient,
  count: number,
  createdAt = new Date('2020-01-01T00:00:00Z'),
): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO member (roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id, created_at)
    SELECT 'T' || n, 'Member ' || n, 'member' || n || '@club.example', 'F', 1 + n % 4, 'North',
           '02:00:' || substr(lpad(to_hex(n), 8, '0'), 1, 2) || ':' || substr(lpad(to_hex(n), 8, '0'), 3, 2) || ':'
             || substr(lpad(to_hex(n), 8, '0'), 5, 2) || ':' || substr(lpad(to_hex(n), 8, '0'), 7, 2),
           'discord' || n, 1, ${createdAt}
    FROM generate_series(coalesce((SELECT max(member_id) FROM member), 0) + 1,
                         coalesce((SELECT max(member_id) FROM member), 0) + ${count}) AS n
    RETURNING member_id AS id`;
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/** Records a presence, as a scanner's mark would (creating or updating the day's row). */
export async function markPresent(prisma: PrismaClient, memberId: number, date: string): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
    VALUES (${memberId}, ${date}::date, true, '09:15:00.123456', '17:40:00')
    ON CONFLICT (member_id, date) DO UPDATE SET is_present = true, time_in = '09:15:00.123456', time_out = '17:40:00'`;
}

export interface Tables {
  attendance: { memberId: number; date: string; isPresent: boolean; updatedAt: string }[];
  summaries: { memberId: number; year: number; month: number; daysAttended: number }[];
  ledger: string[];
}

/** Everything the daily task writes, in a stable order, for whole-table assertions. */
export async function readTables(prisma: PrismaClient): Promise<Tables> {
  const attendance = await prisma.attendance.findMany({ orderBy: [{ date: 'asc' }, { memberId: 'asc' }] });
  const summaries = await prisma.attendanceSummary.findMany({
    orderBy: [{ memberId: 'asc' }, { year: 'asc' }, { month: 'asc' }],
  });
  const ledger = await prisma.dailyTaskRun.findMany({ orderBy: { day: 'asc' } });
  return {
    attendance: attendance.map((row) => ({
      memberId: row.memberId,
      date: row.date.toISOString().slice(0, 10),
      isPresent: row.isPresent,
      updatedAt: row.updatedAt.toISOString(),
    })),
    summaries: summaries.map(({ memberId, year, month, daysAttended }) => ({ memberId, year, month, daysAttended })),
    ledger: ledger.map((row) => row.day.toISOString().slice(0, 10)),
  };
}

/** A clock stopped at one instant. */
export const fixedClock = (iso: string) => () => new Date(iso);
