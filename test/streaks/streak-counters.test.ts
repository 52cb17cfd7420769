// The first generation's streak counters, called directly on both stores and
// checked against the test oracle over a random sequence.
import t from 'tap';
import { allStreaks, incrementStreak, resetStreak, streakOf } from '../../src/streaks/streak-counters.js';
import { storeKinds } from '../helpers/databases.js';
import { domainRefusal, openDeps } from '../helpers/deps.js';
import * as oracle from './streak-oracle.js';

for (const kind of storeKinds) {
  void t.test(`streak counters follow the rules (${kind})`, async (t) => {
    const deps = await openDeps(t, kind);
    await deps.prisma.$executeRaw`
      INSERT INTO member (member_id, roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id)
      VALUES (1, 'R1', 'M', 'm1@club.example', 'F', 1, 'North', 'aa:bb:cc:dd:ee:01', 'd1', 1),
             (2, 'R2', 'M', 'm2@club.example', 'F', 1, 'North', 'aa:bb:cc:dd:ee:02', 'd2', 1)`;
    t.strictSame(await streakOf(deps, 1), { memberId: 1, currentStreak: 0, maxStreak: 0 }, 'before any update');
    t.strictSame(await allStreaks(deps), []);

    let expected: oracle.Streak | null = null;
    for (let step = 0; step < 40; step += 1) {
      const up = Math.random() < 0.55;
      const row = await (up ? incrementStreak : resetStreak)(deps, 1);
      expected = (up ? oracle.incrementStreak : oracle.resetStreak)(expected);
      t.strictSame(row, { memberId: 1, ...expected }, `step ${step}: ${up ? 'increment' : 'reset'}`);
    }
    t.strictSame(await streakOf(deps, 1), { memberId: 1, ...expected });
    await resetStreak(deps, 2);
    t.strictSame(
      (await allStreaks(deps)).map((row) => row.memberId),
      [1, 2],
    );
  });

  void t.test(`an unknown member is refused and nothing is written (${kind})`, async (t) => {
    const deps = await openDeps(t, kind);
    const refused = { code: 'MEMBER_NOT_FOUND', message: 'No member has id 99', memberId: 99 };
    t.strictSame(await domainRefusal(incrementStreak(deps, 99)), refused);
    t.strictSame(await domainRefusal(resetStreak(deps, 99)), refused);
    t.strictSame(await domainRefusal(streakOf(deps, 99)), refused);
    t.equal(await deps.prisma.statusUpdateStreak.count(), 0);
  });
}
