// Set-based: the statements of a day's run are the same for 10 members and for 1,000.
import type { ClubDate } from '../../src/calendar/club-date.js';
import t from 'tap';
import { runDailyTask } from '../../src/daily-task/run-daily-task.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import { storeKinds } from '../helpers/databases.js';
import { TIME_ZONE, insertMembers, markPresent, openTestDatabase } from '../helpers/daily-task.js';

const day = (text: string) => text as ClubDate;

async function statementsOfOneRun(prisma: PrismaClient, members: number): Promise<string[]> {
  const ids = await insertMembers(prisma, members);
  for (const id of ids.slice(0, 5)) await markPresent(prisma, id, '2026-09-30');
  await runDailyTask(prisma, { day: day('2026-09-30'), timeZone: TIME_ZONE });
  const statements: string[] = [];
  prisma.$onQuery((event) => statements.push(event.query.replace(/\s+/g, ' ').trim()));
  const result = await runDailyTask(prisma, { day: day('2026-10-01'), timeZone: TIME_ZONE });
  if (result.absentRows !== members) throw new Error(`expected ${members} absent rows, got ${result.absentRows}`);
  return statements;
}

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    const few = await statementsOfOneRun((await openTestDatabase(t, kind)).prisma, 10);
    const many = await statementsOfOneRun((await openTestDatabase(t, kind)).prisma, 1000);
    t.same(many, few, 'the same statements, whatever the member count');
    // Prisma's query events show the COMMIT (PGlite's as a comment) but not the BEGIN.
    const kinds = few.map((sql) => /^(?:-- Implicit ")?(\w+(?: \w+)?)/.exec(sql)?.[1]);
    t.same(kinds, [
      'SELECT set_config',
      'SELECT pg_advisory_xact_lock',
      'SELECT EXISTS',
      'INSERT INTO',
      'INSERT INTO',
      'WITH months',
      'INSERT INTO',
      'COMMIT',
    ]);
  });
}
