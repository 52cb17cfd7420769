// The members area's operations, called directly on both stores.
import t from 'tap';
import { listMembersInOneStatement, summariesQuery } from '../../src/members/member-list.js';
import { createMember, listMembers } from '../../src/members/members.js';
import { storeKinds } from '../helpers/databases.js';
import { domainRefusal, openDeps } from '../helpers/deps.js';

const input = (n: number, overrides = {}) => ({
  rollNo: ` R${n} `,
  name: `Member ${n}`,
  email: ` M${n}@Club.Example `,
  sex: 'F' as const,
  year: 1 + (n % 4),
  hostel: 'North',
  macAddress: `AA-BB-CC-DD-EE-${String(n).padStart(2, '0')}`,
  discordId: `d${n}`,
  groupId: n % 2,
  ...overrides,
});

const columns = { select: { id: true, rollNo: true, email: true, macAddress: true, year: true, groupId: true } };

for (const kind of storeKinds) {
  void t.test(`createMember normalises, stores and answers the selection (${kind})`, async (t) => {
    const deps = await openDeps(t, kind);
    const created = await createMember(deps, input(1), columns);
    t.strictSame(created, {
      id: created.id,
      rollNo: 'R1',
      email: 'm1@club.example',
      macAddress: 'aa:bb:cc:dd:ee:01',
      year: 2,
      groupId: 1,
    });
  });

  void t.test(`createMember refuses bad input and duplicates, writing nothing (${kind})`, async (t) => {
    const deps = await openDeps(t, kind);
    await createMember(deps, input(1), columns);
    t.strictSame(await domainRefusal(createMember(deps, input(2, { year: 5 }), columns)), {
      code: 'BAD_USER_INPUT',
      message: 'Year must be between 1 and 4, got 5',
      field: 'year',
    });
    t.strictSame(await domainRefusal(createMember(deps, input(3, { email: 'm1@club.example' }), columns)), {
      code: 'DUPLICATE_EMAIL',
      message: 'A member with this email already exists',
    });
    t.strictSame(await domainRefusal(createMember(deps, input(4, { discordId: 'd1' }), columns)), {
      code: 'DUPLICATE_DISCORD_ID',
      message: 'A member with this Discord id already exists',
    });
    t.equal(await deps.prisma.member.count(), 1);
  });

  void t.test(`listMembers filters by year and group, by id (${kind})`, async (t) => {
    const deps = await openDeps(t, kind);
    const ids = [];
    for (let n = 1; n <= 8; n += 1) ids.push((await createMember(deps, input(n), columns)).id);
    const select = { select: { id: true } };
    t.strictSame(
      (await listMembers(deps, {}, select)).map((m) => m.id),
      ids,
    );
    t.strictSame(
      (await listMembers(deps, { year: 2 }, select)).map((m) => m.id),
      [ids[0], ids[4]],
    );
    t.strictSame(
      (await listMembers(deps, { groupId: 0 }, select)).map((m) => m.id),
      [ids[1], ids[3], ids[5], ids[7]],
    );
    t.strictSame(
      (await listMembers(deps, { year: 2, groupId: 1 }, select)).map((m) => m.id),
      [ids[0], ids[4]],
    );
    t.strictSame(await listMembers(deps, { year: 2, groupId: 0 }, select), []);
    t.strictSame((await listMembers(deps, { year: null, groupId: null }, select)).length, 8, 'null means no filter');
  });

  void t.test(
    `the dashboard's one-statement read answers what Prisma answers for the same selection (${kind})`,
    async (t) => {
      const deps = await openDeps(t, kind);
      const ids: number[] = [];
      for (let n = 1; n <= 5; n += 1) ids.push((await createMember(deps, input(n), columns)).id);
      const [a, b, c, d] = ids as [number, number, number, number, number];
      await deps.prisma.member.update({ where: { id: b }, data: { track: 'web', githubUser: 'bee' } });
      await deps.prisma.statusUpdateStreak.createMany({
        data: [
          { memberId: a, currentStreak: 3, maxStreak: 7 },
          { memberId: c, currentStreak: -2, maxStreak: 4 },
        ],
      });
      // Summaries out of order, over two years; d and the fifth member have none.
      await deps.prisma.attendanceSummary.createMany({
        data: [
          { memberId: a, year: 2025, month: 2, daysAttended: 5 },
          { memberId: a, year: 2024, month: 12, daysAttended: 9 },
          { memberId: a, year: 2025, month: 1, daysAttended: 0 },
          { memberId: b, year: 2024, month: 11, daysAttended: 3 },
          { memberId: c, year: 2025, month: 3, daysAttended: 12 },
        ],
      });
      void d;
      const everyColumn = {
        id: true,
        rollNo: true,
        name: true,
        email: true,
        sex: true,
        year: true,
        hostel: true,
        macAddress: true,
        discordId: true,
        groupId: true,
        track: true,
        githubUser: true,
      } as const;
      const cases = [
        {
          filter: {},
          select: { id: true, name: true, statusUpdateStreak: true, attendanceSummary: summariesQuery(null) },
        },
        { filter: {}, select: { ...everyColumn, attendanceSummary: summariesQuery(2025) } },
        { filter: {}, select: { name: true } },
        { filter: { year: 2 }, select: { id: true, statusUpdateStreak: true } },
        { filter: { groupId: 0, track: 'web' }, select: { email: true, attendanceSummary: summariesQuery(2024) } },
        {
          filter: { year: 3, groupId: 0 },
          select: { ...everyColumn, statusUpdateStreak: true, attendanceSummary: summariesQuery(null) },
        },
      ];
      for (const { filter, select } of cases) {
        const prisma = await deps.prisma.member.findMany({
          select,
          where: { year: filter.year, groupId: filter.groupId, track: filter.track },
          orderBy: { id: 'asc' },
        });
        t.ok(prisma.length > 0, 'the case selects someone');
        t.strictSame(await listMembersInOneStatement(deps, filter, select), prisma, JSON.stringify({ filter, select }));
      }
      // Anything else is Prisma's to read.
      t.equal(await listMembersInOneStatement(deps, {}, { id: true, projects: { orderBy: { id: 'asc' } } }), null);
      t.equal(
        await listMembersInOneStatement(deps, {}, { id: true, statusUpdateStreak: { select: { maxStreak: true } } }),
        null,
      );
      const otherOrder = { where: {}, orderBy: [{ month: 'desc' as const }] };
      t.equal(await listMembersInOneStatement(deps, {}, { id: true, attendanceSummary: otherOrder }), null);
    },
  );
}
