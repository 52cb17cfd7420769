// This process's view of attendance as it happens. It LISTENs for the marks
// every replica announces (recordMark's NOTIFY), reads each batch of
// announced rows once, and fans them out to this process's subscribers; it
// keeps the lab's presence (lab-presence.ts) from the same feed. When the
// store says notifications were lost, subscribers are told (a MISSED event)
// and presence is re-read from the database.
import { MARK_CHANNEL, parseMarkNotice } from '../attendance/attendance-events.js';
import type { Unlisten } from '../db/notification-listener.js';
import type { Store } from '../db/store.js';
import type { Deps } from '../deps.js';
import { EventStream } from './event-stream.js';
import { LabPresence, type Visitor } from './lab-presence.js';
import { type Sighting, sightingsByIds, sightingsSince } from './live-queries.js';
import { type Timers, systemTimers } from './timers.js';

export type MarkEvent = { kind: 'MARK'; sighting: Sighting } | { kind: 'MISSED' };

export interface PresenceEvent {
  kind: 'SNAPSHOT' | 'ARRIVED' | 'LEFT';
  /** SNAPSHOT: everyone in the lab; ARRIVED/LEFT: the one member. */
  visitors: Visitor[];
  /** True when events may have been missed before this one (this is then a SNAPSHOT). */
  missedEvents: boolean;
}

interface Log {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface LiveFeedOptions {
  deps: Deps;
  store: Pick<Store, 'listen'>;
  /** How long after their last sighting a member still counts as in the lab. */
  windowMs: number;
  timers?: Timers;
  log: Log;
}

export class LiveFeed {
  readonly presence: LabPresence;
  /** Each mark subscriber with the filter its arguments make. */
  private readonly markStreams = new Map<EventStream<MarkEvent>, (sighting: Sighting) => boolean>();
  private readonly presenceStreams = new Set<EventStream<PresenceEvent>>();
  private pendingIds: number[] = [];
  private draining: Promise<void> | undefined;
  private unlisten: Unlisten | undefined;

  private constructor(private readonly options: LiveFeedOptions) {
    this.presence = new LabPresence({
      clock: options.deps.clock,
      windowMs: options.windowMs,
      timers: options.timers ?? systemTimers,
    });
    this.presence.onChange(({ kind, visitor }) =>
      this.broadcast(this.presenceStreams, { kind, visitors: [visitor], missedEvents: false }),
    );
  }

  /** Listens, then loads who is in the lab now. */
  static async start(options: LiveFeedOptions): Promise<LiveFeed> {
    const feed = new LiveFeed(options);
    feed.unlisten = await options.store.listen(MARK_CHANNEL, {
      onNotification: (payload) => feed.notified(payload),
      onLost: (error) => options.log.warn({ err: error }, 'live updates: lost the database listener; reconnecting'),
      onReconnect: () => void feed.resync(),
    });
    feed.presence.reset(await feed.recentSightings());
    return feed;
  }

  /** Marks from now on, those `accept` keeps; MISSED when some may have been lost. */
  marks(accept: (sighting: Sighting) => boolean, onEnd: () => void = () => {}): EventStream<MarkEvent> {
    const stream: EventStream<MarkEvent> = new EventStream<MarkEvent>(
      () => {
        this.markStreams.delete(stream);
        onEnd();
      },
      () => ({ kind: 'MISSED' }),
    );
    this.markStreams.set(stream, accept);
    return stream;
  }

  /** Everyone in the lab now (a SNAPSHOT), then each arrival and departure. */
  presenceChanges(onEnd: () => void = () => {}): EventStream<PresenceEvent> {
    const stream: EventStream<PresenceEvent> = new EventStream<PresenceEvent>(
      () => {
        this.presenceStreams.delete(stream);
        onEnd();
      },
      () => this.snapshot(true),
    );
    stream.push(this.snapshot(false));
    this.presenceStreams.add(stream);
    return stream;
  }

  /** Open subscriber streams in this process (clean-up checks). */
  get subscriberCount(): number {
    return this.markStreams.size + this.presenceStreams.size;
  }

  async close(): Promise<void> {
    this.presence.close();
    for (const stream of [...this.markStreams.keys(), ...this.presenceStreams]) void stream.return();
    await this.unlisten?.();
    await this.draining;
  }

  private snapshot(missedEvents: boolean): PresenceEvent {
    return { kind: 'SNAPSHOT', visitors: this.presence.list(), missedEvents };
  }

  private recentSightings(): Promise<Sighting[]> {
    const { deps, windowMs } = this.options;
    return sightingsSince(deps, new Date(deps.clock().getTime() - windowMs));
  }

  private notified(payload: string): void {
    const notice = parseMarkNotice(payload);
    if (!notice) {
      this.options.log.warn({ channel: MARK_CHANNEL }, 'live updates: ignored a notification that is not a mark');
      return;
    }
    this.pendingIds.push(notice.attendanceId);
    // Notifications that arrive together are read with one statement.
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pendingIds.length > 0) {
      const ids = this.pendingIds.splice(0);
      let sightings: Sighting[];
      try {
        sightings = await sightingsByIds(this.options.deps, [...new Set(ids)]);
      } catch (error) {
        this.options.log.error({ err: error }, 'live updates: could not read announced marks');
        this.missedMarks();
        continue;
      }
      const byId = new Map(sightings.map((sighting) => [sighting.row.attendanceId, sighting]));
      for (const id of ids) {
        const sighting = byId.get(id);
        if (!sighting) continue;
        for (const [stream, accept] of this.markStreams) if (accept(sighting)) stream.push({ kind: 'MARK', sighting });
        this.presence.see(sighting);
      }
    }
  }

  private async resync(): Promise<void> {
    this.options.log.info({}, 'live updates: listening again; subscribers are told events may have been missed');
    this.missedMarks();
    try {
      this.presence.reset(await this.recentSightings());
    } catch (error) {
      this.options.log.error({ err: error }, 'live updates: could not re-read who is in the lab');
    }
    this.broadcast(this.presenceStreams, this.snapshot(true));
  }

  private missedMarks(): void {
    for (const stream of this.markStreams.keys()) stream.push({ kind: 'MISSED' });
  }

  private broadcast(streams: Set<EventStream<PresenceEvent>>, event: PresenceEvent): void {
    for (const stream of streams) stream.push(event);
  }
}
