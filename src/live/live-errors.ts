// The live area's error codes and what they mean to a subscriber.
import { DomainError, type ErrorCatalog } from '../errors/domain-error.js';

export const liveErrors = {
  EVENTS_MISSED:
    'Sent on a subscription (which stays open) when events may have been missed: the server lost its ' +
    'database notifications for a while, or the subscriber fell too far behind. Re-read what you show ' +
    '(e.g. `attendanceByDate`); `labPresence` sends a fresh SNAPSHOT itself.',
  TOO_MANY_SUBSCRIPTIONS: 'One WebSocket connection may hold a limited number of subscriptions at once.',
} as const satisfies ErrorCatalog;

export function eventsMissed(): DomainError {
  return new DomainError('EVENTS_MISSED', 'Events may have been missed; re-read the current state');
}

export function tooManySubscriptions(limit: number): DomainError {
  return new DomainError('TOO_MANY_SUBSCRIPTIONS', `At most ${limit} subscriptions per connection`, { limit });
}
