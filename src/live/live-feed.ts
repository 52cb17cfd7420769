// This process's view of attendance as it happens. It LISTENs for the marks
// every replica announces (recordMark's NOTIFY), reads each batch of
// announced rows once, and fans them out to this process's subscribers; lab
// presence (presence-feed.ts) is kept from the same feed. Announcements are
// read only while someone subscribes: with nobody to tell, one is dropped
// unread, so a mark costs no statement beyond its own. When the store says
// notifications were lost, subscribers are told (a MISSED event) and
// presence is re-read from the database.
import { MARK_CHANNEL, parseMarkNotice } from '../attendance/attendance-events.js';
import type { Unlisten } from '../db/notification-listener.js';
import type { Store } from '../db/store.js';
import type { Deps } from '../deps.js';
import { EventStream } from './event-stream.js';
import type { LabPresence } from './lab-presence.js';
import { type Sighting, sightingsByIds, sightingsSince } from './live-queries.js';
import { PresenceFeed, type PresenceEvent } from './presence-feed.js';
import { type Timers, systemTimers } from './timers.js';

export type MarkEvent = { kind: 'MARK'; sighting: Sighting } | { kind: 'MISSED' };

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
  /** Mark subscribers, each with the filter its arguments make. */
  private readonly markStreams = new Map<EventStream<MarkEvent>, (sighting: Sighting) => boolean>();
  private readonly presenceFeed: PresenceFeed;
  private pendingIds: number[] = [];
  private draining: Promise<void> | undefined;
  private unlisten: Unlisten | undefined;

  private constructor(private readonly options: LiveFeedOptions) {
    const { deps, windowMs } = options;
    this.presenceFeed = new PresenceFeed({
      readRecent: () => sightingsSince(deps, new Date(deps.clock().getTime() - windowMs)),
      clock: deps.clock,
      windowMs,
      timers: options.timers ?? systemTimers,
      log: options.log,
    });
  }

  /** Listens; who is in the lab is read when someone first asks. */
  static async start(options: LiveFeedOptions): Promise<LiveFeed> {
    const feed = new LiveFeed(options);
    feed.unlisten = await options.store.listen(MARK_CHANNEL, {
      onNotification: (payload) => feed.notified(payload),
      onLost: (error) => options.log.warn({ err: error }, 'live updates: lost the database listener; reconnecting'),
      onReconnect: () => feed.resync(),
    });
    return feed;
  }

  /** Who is in the lab, as kept while someone subscribes to it (empty otherwise). */
  get presence(): LabPresence {
    return this.presenceFeed.presence;
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
    return this.presenceFeed.subscribe(onEnd);
  }

  /** Open subscriber streams in this process (clean-up checks). */
  get subscriberCount(): number {
    return this.markStreams.size + this.presenceFeed.subscriberCount;
  }

  async close(): Promise<void> {
    this.presenceFeed.close();
    for (const stream of [...this.markStreams.keys()]) void stream.return();
    await this.unlisten?.();
    await this.draining;
  }

  /** Whether announced rows are wanted now: by a mark subscriber, or by presence while watched. */
  private get reading(): boolean {
    return this.markStreams.size > 0 || this.presenceFeed.watching;
  }

  private notified(payload: string): void {
    // Nobody to tell: a later presence subscriber re-reads the lab from the database.
    if (!this.reading) return;
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
      // The last subscriber may have left since these were announced.
      if (!this.reading) continue;
      let sightings: Sighting[];
      try {
        sightings = await sightingsByIds(this.options.deps, [...new Set(ids)]);
      } catch (error) {
        this.options.log.error({ err: error }, 'live updates: could not read announced marks');
        this.missedMarks();
        this.presenceFeed.resync();
        continue;
      }
      const byId = new Map(sightings.map((sighting) => [sighting.row.attendanceId, sighting]));
      for (const id of ids) {
        const sighting = byId.get(id);
        if (!sighting) continue;
        for (const [stream, accept] of this.markStreams) if (accept(sighting)) stream.push({ kind: 'MARK', sighting });
        this.presenceFeed.see(sighting);
      }
    }
  }

  private resync(): void {
    this.options.log.info({}, 'live updates: listening again; subscribers are told events may have been missed');
    this.missedMarks();
    this.presenceFeed.resync();
  }

  private missedMarks(): void {
    for (const stream of this.markStreams.keys()) stream.push({ kind: 'MISSED' });
  }
}
