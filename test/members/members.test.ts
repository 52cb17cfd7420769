// The members area's operations, called directly on both stores.
import t from 'tap';
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
}
