// Status breaks as operations, on both stores: added (trimmed reason, year or
// everyone), listed by first day, removed; bad input refused before SQL.
import t from 'tap';
import type { ClubDate } from '../../src/calendar/club-date.js';
import { addStatusBreak, listStatusBreaks, removeStatusBreak } from '../../src/status/status-breaks.js';
import { storeKinds } from '../helpers/databases.js';
import { domainRefusal, openDeps } from '../helpers/deps.js';

const day = (text: string) => text as ClubDate;

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const deps = await openDeps(t, kind);
    const spring = await addStatusBreak(deps, {
      startDate: day('2026-03-30'),
      endDate: day('2026-04-02'),
      reason: ' Spring ',
    });
    t.same(spring, { id: spring.id, startDate: '2026-03-30', endDate: '2026-04-02', year: null, reason: 'Spring' });
    const exams = await addStatusBreak(deps, {
      startDate: day('2026-02-28'),
      endDate: day('2026-03-01'),
      year: 4,
      reason: ' ',
    });
    t.same(await listStatusBreaks(deps), [
      { id: exams.id, startDate: '2026-02-28', endDate: '2026-03-01', year: 4, reason: null },
      spring,
    ]);
    t.same(await removeStatusBreak(deps, spring.id), spring);
    t.same(await domainRefusal(removeStatusBreak(deps, spring.id)), {
      code: 'BREAK_NOT_FOUND',
      message: `No status break has id ${spring.id}`,
      breakId: spring.id,
    });
    t.same(await domainRefusal(addStatusBreak(deps, { startDate: day('2026-03-02'), endDate: day('2026-03-01') })), {
      code: 'BAD_USER_INPUT',
      message: 'startDate 2026-03-02 is after endDate 2026-03-01',
      field: 'startDate',
    });
    t.same(
      await domainRefusal(addStatusBreak(deps, { startDate: day('2026-03-01'), endDate: day('2026-03-01'), year: 0 })),
      {
        code: 'BAD_USER_INPUT',
        message: 'Year must be between 1 and 4, got 0',
        field: 'year',
      },
    );
    // The database holds the same rules for any other writer.
    t.same(
      await domainRefusal(
        deps.prisma.$executeRaw`INSERT INTO status_break (start_date, end_date) VALUES ('2026-03-02', '2026-03-01')`,
      ),
      { code: 'BAD_USER_INPUT', message: 'A break cannot end before it starts', field: 'endDate' },
    );
    t.same(
      await domainRefusal(
        deps.prisma
          .$executeRaw`INSERT INTO status_break (start_date, end_date, year) VALUES ('2026-03-01', '2026-03-01', 5)`,
      ),
      { code: 'BAD_USER_INPUT', message: 'Year must be between 1 and 4', field: 'year' },
    );
    t.same((await listStatusBreaks(deps)).length, 1);
  });
}
