// The projects area's operations, called directly on both stores.
import t from 'tap';
import { addProject, listProjects } from '../../src/projects/projects.js';
import { storeKinds } from '../helpers/databases.js';
import { domainRefusal, openDeps } from '../helpers/deps.js';

const columns = { select: { id: true, memberId: true, title: true } };

for (const kind of storeKinds) {
  void t.test(`addProject and listProjects (${kind})`, async (t) => {
    const deps = await openDeps(t, kind);
    await deps.prisma.$executeRaw`
      INSERT INTO member (member_id, roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id)
      VALUES (5, 'R5', 'M', 'm5@club.example', 'F', 1, 'North', 'aa:bb:cc:dd:ee:05', 'd5', 1)`;
    const first = await addProject(deps, { memberId: 5, title: '  Root  ' }, columns);
    t.strictSame(first, { id: first.id, memberId: 5, title: 'Root' }, 'title trimmed');
    const second = await addProject(deps, { memberId: 5, title: 'Lab board' }, columns);
    t.strictSame(await listProjects(deps, columns), [first, second]);

    t.strictSame(await domainRefusal(addProject(deps, { memberId: 5, title: ' \n ' }, columns)), {
      code: 'BAD_USER_INPUT',
      message: 'Project title must not be empty',
      field: 'title',
    });
    t.strictSame(await domainRefusal(addProject(deps, { memberId: 6, title: 'Ghost' }, columns)), {
      code: 'MEMBER_NOT_FOUND',
      message: 'No member has id 6',
      memberId: 6,
    });
    t.equal(await deps.prisma.project.count(), 2);
  });
}
