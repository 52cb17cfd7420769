// Every constraint an area declares meaningful becomes its domain error in one
// place (the Prisma client extension), whoever wrote the statement: here raw
// SQL and Prisma model calls that skip the input rules, on both stores. Any
// other violation stays a plain database error (a fault, masked in production).
import t from 'tap';
import { DomainError } from '../../src/errors/domain-error.js';
import { storeKinds } from '../helpers/databases.js';
import { openMigratedStore } from '../db/open-store.js';

const member = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  rollNo: `R${id}`,
  name: `Member ${id}`,
  email: `m${id}@club.example`,
  sex: 'F' as const,
  year: 2,
  hostel: 'North',
  macAddress: `aa:bb:cc:dd:${String(id % 100).padStart(2, '0')}:${String(id % 97).padStart(2, '0')}`,
  discordId: `d${id}`,
  groupId: 1,
  ...overrides,
});

/** What `work` rejected with: the domain error's code and extensions, or a description. */
async function refusal(work: PromiseLike<unknown>): Promise<{ code: string; extensions: object } | string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, extensions: error.extensions };
    return `not a domain error: ${(error as Error).name}`;
  }
  return 'no error';
}

for (const kind of storeKinds) {
  void t.test(`constraint violations become domain errors (${kind})`, async (t) => {
    const { prisma } = await openMigratedStore(t, kind);
    await prisma.member.create({ data: member(1) });
    const future = "(now() AT TIME ZONE 'Asia/Kolkata')::date + 3";

    const cases: [string, PromiseLike<unknown>, string, object][] = [
      [
        'member_email_key',
        prisma.member.create({ data: member(2, { email: 'm1@club.example' }) }),
        'DUPLICATE_EMAIL',
        {},
      ],
      ['member_roll_no_key', prisma.member.create({ data: member(3, { rollNo: 'R1' }) }), 'DUPLICATE_ROLL_NO', {}],
      [
        'member_mac_address_key',
        prisma.member.create({ data: member(4, { macAddress: member(1).macAddress }) }),
        'DUPLICATE_MAC_ADDRESS',
        {},
      ],
      [
        'member_discord_id_key',
        prisma.member.create({ data: member(5, { discordId: 'd1' }) }),
        'DUPLICATE_DISCORD_ID',
        {},
      ],
      [
        'member_year_range',
        prisma.member.create({ data: member(6, { year: 7 }) }),
        'BAD_USER_INPUT',
        { field: 'year' },
      ],
      [
        'member_roll_no_not_blank',
        prisma.member.create({ data: member(7, { rollNo: ' ' }) }),
        'BAD_USER_INPUT',
        { field: 'rollNo' },
      ],
      [
        'member_name_not_blank',
        prisma.member.create({ data: member(8, { name: '' }) }),
        'BAD_USER_INPUT',
        { field: 'name' },
      ],
      [
        'member_hostel_not_blank',
        prisma.member.create({ data: member(9, { hostel: '\t' }) }),
        'BAD_USER_INPUT',
        { field: 'hostel' },
      ],
      [
        'member_discord_id_not_blank',
        prisma.member.create({ data: member(10, { discordId: ' ' }) }),
        'BAD_USER_INPUT',
        { field: 'discordId' },
      ],
      [
        'member_email_format',
        prisma.member.create({ data: member(11, { email: 'nobody' }) }),
        'BAD_USER_INPUT',
        { field: 'email' },
      ],
      [
        'member_mac_address_format',
        prisma.member.create({ data: member(12, { macAddress: 'AA-BB-CC-DD-EE-FF' }) }),
        'BAD_USER_INPUT',
        { field: 'macAddress' },
      ],
      [
        'member_track_not_blank',
        prisma.member.create({ data: member(13, { track: ' ' }) }),
        'BAD_USER_INPUT',
        { field: 'track' },
      ],
      [
        'member_github_user_format',
        prisma.member.create({ data: member(14, { githubUser: 'a b' }) }),
        'BAD_USER_INPUT',
        { field: 'githubUser' },
      ],
      [
        'attendance_no_future_presence (trigger)',
        prisma.$executeRawUnsafe(
          `INSERT INTO attendance (member_id, date, is_present, time_in, time_out) VALUES (1, ${future}, true, '10:00', '11:00')`,
        ),
        'FUTURE_DATE',
        {},
      ],
      [
        'attendance_member_id_fkey',
        prisma.$executeRaw`INSERT INTO attendance (member_id, date) VALUES (999, '2026-01-01')`,
        'MEMBER_NOT_FOUND',
        {},
      ],
      [
        'status_update_streak_member_id_fkey',
        prisma.statusUpdateStreak.create({ data: { memberId: 999, currentStreak: 1, maxStreak: 1 } }),
        'MEMBER_NOT_FOUND',
        {},
      ],
      [
        'project_member_id_fkey',
        prisma.project.create({ data: { memberId: 999, title: 'X' } }),
        'MEMBER_NOT_FOUND',
        {},
      ],
      [
        'project_title_not_blank',
        prisma.$executeRaw`INSERT INTO project (member_id, title) VALUES (1, '  ')`,
        'BAD_USER_INPUT',
        { field: 'title' },
      ],
    ];
    for (const [constraint, work, code, extensions] of cases) {
      t.strictSame(await refusal(work), { code, extensions }, constraint);
    }

    t.equal(await prisma.member.count(), 1, 'nothing was written');
    t.equal(await prisma.attendance.count(), 0);
    t.equal(await prisma.project.count(), 0);
  });

  void t.test(`an invariant nobody's input can break stays a fault (${kind})`, async (t) => {
    const { prisma } = await openMigratedStore(t, kind);
    await prisma.member.create({ data: member(1) });
    const broken = await refusal(
      prisma.statusUpdateStreak.create({ data: { memberId: 1, currentStreak: 5, maxStreak: 2 } }),
    );
    t.match(broken, /^not a domain error/, 'maxStreak below currentStreak is a bug, not a client mistake');
  });
}
