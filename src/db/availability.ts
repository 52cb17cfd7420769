// Outages as episodes: the first statement that cannot reach the database
// opens one (one warning), the next statement the database answers closes it
// (one line saying it is back, how long it was gone and how many statements
// failed meanwhile). Hundreds of refused requests in between log nothing
// more, so the log tells an operator when, not how often.
import type { AvailabilityHooks } from './prisma.js';

export interface AvailabilityLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface Availability extends AvailabilityHooks {
  /** False from the first failure of an episode until the database answers again. */
  readonly available: boolean;
}

export function trackAvailability(log: AvailabilityLog, now: () => number = Date.now): Availability {
  let outage: { since: number; failures: number } | undefined;
  return {
    get available() {
      return outage === undefined;
    },
    unreachable(error, kind) {
      if (outage) {
        outage.failures += 1;
        return;
      }
      outage = { since: now(), failures: 1 };
      log.warn(
        { err: error, failure: kind },
        `database unavailable (${kind}): requests are answered 503 DATABASE_UNAVAILABLE until it answers again`,
      );
    },
    answered() {
      if (!outage) return;
      const { since, failures } = outage;
      outage = undefined;
      const downMs = now() - since;
      log.info(
        { downMs, failedStatements: failures },
        `database available again after ${(downMs / 1000).toFixed(1)} s (${failures} failed statement(s))`,
      );
    },
  };
}
