// Domain dependencies for tests that call the areas' operations directly: a
// migrated store of either kind, a fixed or system clock, the club's zone.
import type { Clock } from '../../src/calendar/clock.js';
import { systemClock } from '../../src/calendar/clock.js';
import type { Deps } from '../../src/deps.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { openMigratedStore } from '../db/open-store.js';
import type { StoreKind } from './databases.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function openDeps(
  t: Teardown,
  kind: StoreKind,
  { clock = systemClock, timeZone = 'Asia/Kolkata' }: { clock?: Clock; timeZone?: string } = {},
): Promise<Deps> {
  const { prisma } = await openMigratedStore(t, kind, timeZone);
  return { prisma, clock, timeZone };
}

/** What `work` rejected with, as { code, message, ...extensions }, or why that is not a domain error. */
export async function domainRefusal(work: PromiseLike<unknown>): Promise<Record<string, unknown> | string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message, ...error.extensions };
    return `not a domain error: ${String(error)}`;
  }
  return 'no error';
}
