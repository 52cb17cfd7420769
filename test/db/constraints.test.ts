// The database itself enforces the data model's rules, whoever writes to it: every rule
// rejects a bad row with the named constraint, on both stores.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import type { PrismaClient } from '../../src/db/prisma.js';
import { type ClubDate, addDays, clubDateAt, toDbDate } from '../../src/calendar/club-date.js';
import { formatNaiveTime } from '../../src/calendar/naive-time.js';
import { storeKinds } from '../helpers/databases.js';
import { openMigratedStore, violationOf } from './open-store.js';

let sequence = 0;

function memberData(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  const tag = randomBytes(4).toString('hex');
  return {
    rollNo: `R${sequence}${tag}`,
    name: `Member ${sequence}`,
    email: `m${sequence}.${tag}@club.example`,
    sex: 'F' as const,
    year: 2,
    hostel: 'North',
    macAddress: randomBytes(6).toString('hex').match(/../g)!.join(':'),
    discordId: `d${sequence}${tag}`,
    groupId: 1,
    ...overrides,
  };
}

async function newMember(prisma: PrismaClient, overrides: Record<string, unknown> = {}): Promise<number> {
  return (await prisma.member.create({ data: memberData(overrides), select: { id: true } })).id;
}

const check = (constraint: string) => ({ sqlState: '23514', constraint });
const unique = (constraint: string) => ({ sqlState: '23505', constraint });
const pastDay = '2026-01-15' as ClubDate;
const past = toDbDate(pastDay);

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { prisma } = await openMigratedStore(t, kind);

    void t.test('valid rows of every table are accepted as written', async (t) => {
      const data = memberData({ sex: 'Other', year: 4, groupId: 7 });
      const { createdAt, ...member } = await prisma.member.create({ data });
      t.strictSame(member, { id: member.id, ...data, track: null, githubUser: null });
      t.type(createdAt, Date);

      const attendance = await prisma.attendance.create({
        data: { memberId: member.id, date: past, isPresent: true, timeIn: '09:15:00', timeOut: '17:45:30' },
      });
      t.strictSame(
        { ...attendance, createdAt: undefined, updatedAt: undefined },
        {
          id: attendance.id,
          memberId: member.id,
          date: past,
          isPresent: true,
          timeIn: '09:15:00',
          timeOut: '17:45:30',
          createdAt: undefined,
          updatedAt: undefined,
        },
      );
      const absent = await prisma.attendance.create({
        data: { memberId: member.id, date: toDbDate(addDays(pastDay, 1)) },
        select: { isPresent: true, timeIn: true, timeOut: true },
      });
      t.strictSame(absent, { isPresent: false, timeIn: null, timeOut: null }, 'absent by default');

      t.strictSame(
        await prisma.attendanceSummary.create({
          data: { memberId: member.id, year: 2026, month: 1, daysAttended: 31 },
        }),
        { memberId: member.id, year: 2026, month: 1, daysAttended: 31 },
      );
      t.strictSame(
        await prisma.statusUpdateStreak.create({ data: { memberId: member.id, currentStreak: -2, maxStreak: 0 } }),
        { memberId: member.id, currentStreak: -2, maxStreak: 0 },
      );
      const project = await prisma.project.create({ data: { memberId: member.id, title: 'Scanner firmware' } });
      t.strictSame(project, { id: project.id, memberId: member.id, title: 'Scanner firmware' });
    });

    void t.test('microseconds of a time of day survive a round trip through Prisma', async (t) => {
      const memberId = await newMember(prisma);
      const written = await prisma.attendance.create({
        data: { memberId, date: past, isPresent: true, timeIn: '10:00:00.120000', timeOut: '10:00:00.123456' },
        select: { id: true, timeIn: true, timeOut: true },
      });
      const read = await prisma.attendance.findUniqueOrThrow({
        where: { id: written.id },
        select: { id: true, timeIn: true, timeOut: true },
      });
      t.strictSame(read, { id: written.id, timeIn: '10:00:00.12', timeOut: '10:00:00.123456' });
      t.strictSame(written, read, 'the row Prisma returns on create is the stored one');
      t.strictSame(
        [formatNaiveTime(read.timeIn!), formatNaiveTime(read.timeOut!)],
        ['10:00:00.120', '10:00:00.123456'],
      );
    });

    void t.test('member rules', async (t) => {
      const taken = memberData();
      await prisma.member.create({ data: taken });
      const cases: [string, Record<string, unknown>, { sqlState: string; constraint: string | undefined }][] = [
        ['duplicate roll number', { rollNo: taken.rollNo }, unique('member_roll_no_key')],
        ['duplicate email', { email: taken.email }, unique('member_email_key')],
        ['duplicate MAC address', { macAddress: taken.macAddress }, unique('member_mac_address_key')],
        ['duplicate Discord id', { discordId: taken.discordId }, unique('member_discord_id_key')],
        ['year 0', { year: 0 }, check('member_year_range')],
        ['year 5', { year: 5 }, check('member_year_range')],
        // VARCHAR(16) itself refuses it: string_data_right_truncation, no constraint.
        ['roll number of 17 characters', { rollNo: 'x'.repeat(17) }, { sqlState: '22001', constraint: undefined }],
        ['blank roll number', { rollNo: '  ' }, check('member_roll_no_not_blank')],
        ['blank name', { name: '' }, check('member_name_not_blank')],
        ['blank hostel', { hostel: ' ' }, check('member_hostel_not_blank')],
        ['whitespace-only name', { name: '\t\n' }, check('member_name_not_blank')],
        ['blank Discord id', { discordId: '' }, check('member_discord_id_not_blank')],
        ['email without @', { email: 'ada.club.example' }, check('member_email_format')],
        ['email without a dot in the domain', { email: 'ada@club' }, check('member_email_format')],
        ['email with a space', { email: 'a da@club.example' }, check('member_email_format')],
        ['MAC in uppercase', { macAddress: 'AA:BB:CC:DD:EE:FF' }, check('member_mac_address_format')],
        ['MAC with dashes', { macAddress: 'aa-bb-cc-dd-ee-ff' }, check('member_mac_address_format')],
        ['MAC without separators', { macAddress: 'aabbccddeeff' }, check('member_mac_address_format')],
        ['MAC in Cisco form', { macAddress: 'aabb.ccdd.eeff' }, check('member_mac_address_format')],
        ['blank track', { track: '  ' }, check('member_track_not_blank')],
        ['GitHub user with a space', { githubUser: 'octo cat' }, check('member_github_user_format')],
      ];
      for (const [name, change, expected] of cases) {
        void t.test(name, async (t) => {
          t.strictSame(await violationOf(prisma.member.create({ data: memberData(change) })), expected);
        });
      }
      void t.test('a roll number of exactly 16 characters is fine', async (t) => {
        const rollNo = randomBytes(8).toString('hex');
        t.equal((await prisma.member.create({ data: memberData({ rollNo }) })).rollNo, rollNo);
      });
      void t.test('an update is held to the same rules', async (t) => {
        const id = await newMember(prisma);
        t.strictSame(
          await violationOf(prisma.member.update({ where: { id }, data: { macAddress: 'AA:BB:CC:DD:EE:FF' } })),
          check('member_mac_address_format'),
        );
        t.strictSame(
          await violationOf(prisma.member.update({ where: { id }, data: { email: taken.email } })),
          unique('member_email_key'),
        );
      });
    });

    void t.test('attendance rules', async (t) => {
      const memberId = await newMember(prisma);
      let day = 0;
      const nextDate = () => toDbDate(addDays(pastDay, (day += 1)));
      const attendance = (data: Record<string, unknown>) =>
        prisma.attendance.create({ data: { memberId, date: nextDate(), ...data } });

      void t.test('present without times', async (t) => {
        t.strictSame(await violationOf(attendance({ isPresent: true })), check('attendance_presence_matches_times'));
        t.strictSame(
          await violationOf(attendance({ isPresent: true, timeIn: '10:00:00' })),
          check('attendance_presence_matches_times'),
          'time out missing',
        );
        t.strictSame(
          await violationOf(attendance({ isPresent: true, timeOut: '10:00:00' })),
          check('attendance_presence_matches_times'),
          'time in missing',
        );
      });
      void t.test('absent with times', async (t) => {
        t.strictSame(
          await violationOf(attendance({ isPresent: false, timeIn: '10:00:00', timeOut: '11:00:00' })),
          check('attendance_presence_matches_times'),
        );
        t.strictSame(
          await violationOf(attendance({ timeIn: '10:00:00' })),
          check('attendance_presence_matches_times'),
          'one time only',
        );
      });
      void t.test('time out before time in', async (t) => {
        t.strictSame(
          await violationOf(attendance({ isPresent: true, timeIn: '10:00:00.000002', timeOut: '10:00:00.000001' })),
          check('attendance_time_out_after_time_in'),
        );
        const same = await attendance({ isPresent: true, timeIn: '10:00:00', timeOut: '10:00:00' });
        t.strictSame([same.timeIn, same.timeOut], ['10:00:00', '10:00:00'], 'equal times are fine');
      });
      void t.test('a second row for the same member and date', async (t) => {
        const date = nextDate();
        await prisma.attendance.create({ data: { memberId, date } });
        t.strictSame(
          await violationOf(prisma.attendance.create({ data: { memberId, date } })),
          unique('attendance_member_id_date_key'),
        );
        const other = await newMember(prisma);
        const row = await prisma.attendance.create({ data: { memberId: other, date }, select: { memberId: true } });
        t.strictSame(row, { memberId: other }, 'another member on that date is fine');
      });
      void t.test('a row for a member that does not exist', async (t) => {
        t.strictSame(await violationOf(prisma.attendance.create({ data: { memberId: 2_000_000_000, date: past } })), {
          sqlState: '23503',
          constraint: 'attendance_member_id_fkey',
        });
      });
    });

    void t.test('no presence on a future club date (trigger)', async (t) => {
      const memberId = await newMember(prisma);
      // Each statement computes the club's today itself, so the test cannot
      // straddle midnight between reading the date and writing the row.
      const presentOn = (days: number) =>
        prisma.$executeRaw`INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
          VALUES (${memberId}, (now() AT TIME ZONE current_setting('root.timezone'))::date + ${days}::int, true, '10:00', '10:05')`;

      t.equal(
        (await prisma.$queryRaw<{ zone: string }[]>`SELECT current_setting('root.timezone') AS zone`)[0]!.zone,
        'Asia/Kolkata',
        'every connection carries the club time zone',
      );
      t.strictSame(await violationOf(presentOn(1)), check('attendance_no_future_presence'), 'tomorrow');
      t.equal(await presentOn(0), 1, 'today is fine');
      t.equal(await presentOn(-1), 1, 'yesterday is fine');

      const far = toDbDate(addDays(clubDateAt(new Date(), 'Asia/Kolkata'), 30));
      t.strictSame(
        await violationOf(
          prisma.attendance.create({
            data: { memberId, date: far, isPresent: true, timeIn: '10:00', timeOut: '11:00' },
          }),
        ),
        check('attendance_no_future_presence'),
        'through Prisma',
      );
      const absent = await prisma.attendance.create({ data: { memberId, date: far }, select: { isPresent: true } });
      t.strictSame(absent, { isPresent: false }, 'an absent future row is allowed');
      t.strictSame(
        await violationOf(
          prisma.attendance.update({
            where: { memberId_date: { memberId, date: far } },
            data: { isPresent: true, timeIn: '10:00', timeOut: '11:00' },
          }),
        ),
        check('attendance_no_future_presence'),
        'nor can it be turned present',
      );
    });

    void t.test("the trigger judges today in the session's time zone", async (t) => {
      // Kiritimati (UTC+14) is always at least a day ahead of Pago Pago (UTC-11).
      // The store sets root.timezone per session; SET LOCAL here plays a
      // session of another club, on one connection, for both stores.
      const memberId = await newMember(prisma);
      const insertAs = (timeZone: string) =>
        prisma.$transaction([
          prisma.$executeRaw`SELECT set_config('root.timezone', ${timeZone}, true)`,
          prisma.$executeRaw`INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
            VALUES (${memberId}, (now() AT TIME ZONE 'Pacific/Pago_Pago')::date + 1, true, '10:00', '10:05')`,
        ]);
      t.strictSame(await violationOf(insertAs('Pacific/Pago_Pago')), check('attendance_no_future_presence'));
      const [, inserted] = await insertAs('Pacific/Kiritimati');
      t.equal(inserted, 1, 'a day ahead, the same date is today: present is allowed');
    });

    void t.test('updated_at is set by the database on every update; created_at stays', async (t) => {
      const memberId = await newMember(prisma);
      const row = await prisma.attendance.create({ data: { memberId, date: past } });

      const [raw] = await prisma.$queryRaw<{ created_at: Date; updated_at: Date; now: Date }[]>`
        UPDATE attendance SET is_present = true, time_in = '10:00', time_out = '10:01',
          updated_at = '2000-01-01T00:00:00Z', created_at = created_at
        WHERE attendance_id = ${row.id}
        RETURNING created_at, updated_at, now() AS now`;
      t.strictSame(raw!.updated_at, raw!.now, 'a writer cannot set another value: it is the update time');
      t.strictSame(raw!.created_at, row.createdAt);

      const viaPrisma = await prisma.$transaction(async (tx) => {
        const updated = await tx.attendance.update({ where: { id: row.id }, data: { timeOut: '11:00' } });
        const [{ now }] = await tx.$queryRaw<[{ now: Date }]>`SELECT now() AS now`;
        return { createdAt: updated.createdAt, updatedAt: updated.updatedAt, now };
      });
      t.strictSame(viaPrisma, { createdAt: row.createdAt, updatedAt: viaPrisma.now, now: viaPrisma.now });
    });

    void t.test('attendance summary rules', async (t) => {
      const memberId = await newMember(prisma);
      const summary = (data: Record<string, unknown>) =>
        prisma.attendanceSummary.create({ data: { memberId, year: 2026, month: 1, daysAttended: 0, ...data } });
      await summary({ month: 1 });
      t.strictSame(await violationOf(summary({ month: 1 })), unique('attendance_summary_pkey'), 'key repeated');
      t.strictSame(await summary({ month: 12 }), { memberId, year: 2026, month: 12, daysAttended: 0 });
      t.strictSame(await violationOf(summary({ month: 0 })), check('attendance_summary_month_range'));
      t.strictSame(await violationOf(summary({ month: 13 })), check('attendance_summary_month_range'));
      t.strictSame(await violationOf(summary({ month: 2, daysAttended: -1 })), check('attendance_summary_days_range'));
      t.strictSame(await violationOf(summary({ month: 2, daysAttended: 32 })), check('attendance_summary_days_range'));
      t.strictSame(await violationOf(summary({ year: 1899 })), check('attendance_summary_year_range'));
      t.strictSame(await violationOf(summary({ year: 10000 })), check('attendance_summary_year_range'));
      const other = await newMember(prisma);
      t.strictSame(
        await prisma.attendanceSummary.create({ data: { memberId: other, year: 2026, month: 1 } }),
        { memberId: other, year: 2026, month: 1, daysAttended: 0 },
        'the same month for another member, days defaulting to 0',
      );
    });

    void t.test('streak rules', async (t) => {
      const streak = async (currentStreak: number, maxStreak: number) =>
        prisma.statusUpdateStreak.create({ data: { memberId: await newMember(prisma), currentStreak, maxStreak } });
      t.strictSame(await violationOf(streak(5, 3)), check('status_update_streak_max_at_least_current'));
      t.strictSame(await violationOf(streak(-3, -1)), check('status_update_streak_max_not_negative'));
      t.strictSame(await violationOf(streak(-1, -1)), check('status_update_streak_max_not_negative'));
      t.match(await streak(4, 4), { currentStreak: 4, maxStreak: 4 });
      const memberId = await newMember(prisma);
      await prisma.statusUpdateStreak.create({ data: { memberId } });
      t.strictSame(
        await violationOf(prisma.statusUpdateStreak.create({ data: { memberId } })),
        unique('status_update_streak_pkey'),
        'one streak per member',
      );
      t.strictSame(
        await violationOf(prisma.statusUpdateStreak.update({ where: { memberId }, data: { currentStreak: 1 } })),
        check('status_update_streak_max_at_least_current'),
        'an update is held to the same rule',
      );
    });

    void t.test('project rules', async (t) => {
      const memberId = await newMember(prisma);
      t.strictSame(
        await violationOf(prisma.project.create({ data: { memberId, title: '' } })),
        check('project_title_not_blank'),
      );
      t.strictSame(
        await violationOf(prisma.project.create({ data: { memberId, title: '   ' } })),
        check('project_title_not_blank'),
      );
      t.strictSame(
        await violationOf(prisma.project.create({ data: { memberId, title: '\t\n' } })),
        check('project_title_not_blank'),
      );
    });

    void t.test("deleting a member deletes its rows and nobody else's", async (t) => {
      const counts = async (memberId: number) => ({
        attendance: await prisma.attendance.count({ where: { memberId } }),
        summaries: await prisma.attendanceSummary.count({ where: { memberId } }),
        streaks: await prisma.statusUpdateStreak.count({ where: { memberId } }),
        projects: await prisma.project.count({ where: { memberId } }),
      });
      const seed = async (memberId: number) => {
        await prisma.attendance.createMany({
          data: [
            { memberId, date: past, isPresent: true, timeIn: '10:00', timeOut: '12:00' },
            { memberId, date: toDbDate(addDays(pastDay, 1)) },
          ],
        });
        await prisma.attendanceSummary.create({ data: { memberId, year: 2026, month: 1, daysAttended: 1 } });
        await prisma.statusUpdateStreak.create({ data: { memberId, currentStreak: 2, maxStreak: 2 } });
        await prisma.project.createMany({
          data: [
            { memberId, title: 'One' },
            { memberId, title: 'Two' },
          ],
        });
      };
      const doomed = await newMember(prisma);
      const kept = await newMember(prisma);
      await seed(doomed);
      await seed(kept);
      const full = { attendance: 2, summaries: 1, streaks: 1, projects: 2 };
      t.strictSame(await counts(doomed), full);

      await prisma.member.delete({ where: { id: doomed } });
      t.strictSame(await counts(doomed), { attendance: 0, summaries: 0, streaks: 0, projects: 0 });
      t.strictSame(await counts(kept), full);

      // Also when the delete does not come through Prisma.
      await prisma.$executeRaw`DELETE FROM member WHERE member_id = ${kept}`;
      t.strictSame(await counts(kept), { attendance: 0, summaries: 0, streaks: 0, projects: 0 });
    });
  });
}
