// What every domain operation runs against: the database, the clock and the
// club's time zone. The GraphQL context, the CLI, the daily task and tests
// each build one, so a mark or a streak bump is the same function everywhere.
import type { Clock } from './calendar/clock.js';
import type { PrismaClient } from './db/prisma.js';

export interface Deps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  /** The club's IANA time zone: "today" and times of day are judged there. */
  readonly timeZone: string;
  /** How many days back a mark may be dated (ROOT_MARK_MAX_PAST_DAYS; default 1). */
  readonly markMaxPastDays?: number;
}
