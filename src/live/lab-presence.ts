// Who is in the lab: every member whose latest sighting (timeOut) lies within
// the window, ten minutes by default, scanners reporting every 90 seconds.
// A member arrives when a sighting puts them in the window and leaves when
// the window after their last sighting lapses, which only a timer notices.
// The departure instant is computed from the data alone (timeOut + window),
// so every replica, each with its own view fed by the same notifications,
// announces the same departure at the same moment, with no coordination.
import type { Clock } from '../calendar/clock.js';
import type { Sighting } from './live-queries.js';
import type { Timers } from './timers.js';

export interface Visitor {
  memberId: number;
  sighting: Sighting;
  /** lastSeen + window: when the member leaves unless seen again. */
  leavesAt: Date;
}

export interface PresenceChange {
  kind: 'ARRIVED' | 'LEFT';
  visitor: Visitor;
}

export interface LabPresenceOptions {
  clock: Clock;
  windowMs: number;
  timers: Timers;
}

// A long wait is cut into shorter ones, so a clock that jumps (NTP, a
// suspended machine) is noticed within a minute.
const MAX_WAIT_MS = 60_000;

export class LabPresence {
  private readonly visitors = new Map<number, Visitor>();
  private readonly listeners = new Set<(change: PresenceChange) => void>();
  private timer: unknown;

  constructor(private readonly options: LabPresenceOptions) {}

  /** Who is in now, by member id. */
  list(): Visitor[] {
    return [...this.visitors.values()].sort((a, b) => a.memberId - b.memberId);
  }

  /** Replaces the whole view (at start, after missed notifications), announcing nothing. */
  reset(sightings: readonly Sighting[]): void {
    this.visitors.clear();
    for (const sighting of sightings) this.record(sighting);
    this.expire(false);
  }

  /** A new mark: an arrival when the member was not in, else only a later departure. */
  see(sighting: Sighting): void {
    const wasIn = this.visitors.has(sighting.row.memberId);
    const visitor = this.record(sighting);
    if (!visitor) return;
    if (!wasIn) this.emit({ kind: 'ARRIVED', visitor });
    this.schedule();
  }

  onChange(listener: (change: PresenceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets everyone, silently, and stops the departure timer (nobody watches any more). */
  clear(): void {
    this.visitors.clear();
    this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.clear();
    this.listeners.clear();
  }

  /** Keeps the sighting if it is recent and newer than what is known; the visitor, or null. */
  private record(sighting: Sighting): Visitor | null {
    if (!sighting.lastSeen) return null;
    const leavesAt = new Date(sighting.lastSeen.getTime() + this.options.windowMs);
    if (leavesAt <= this.options.clock()) return null;
    const memberId = sighting.row.memberId;
    const known = this.visitors.get(memberId);
    if (known && known.leavesAt >= leavesAt) return null;
    const visitor = { memberId, sighting, leavesAt };
    this.visitors.set(memberId, visitor);
    return visitor;
  }

  private expire(announce = true): void {
    const now = this.options.clock();
    for (const visitor of this.list()) {
      if (visitor.leavesAt > now) continue;
      this.visitors.delete(visitor.memberId);
      if (announce) this.emit({ kind: 'LEFT', visitor });
    }
    this.schedule();
  }

  private schedule(): void {
    this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
    let next = Infinity;
    for (const visitor of this.visitors.values()) next = Math.min(next, visitor.leavesAt.getTime());
    if (next === Infinity) return;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, next - this.options.clock().getTime()));
    this.timer = this.options.timers.setTimeout(() => this.expire(), wait);
  }

  private emit(change: PresenceChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
