// labPresence's subscribers and the view of the lab they share. Keeping the
// view costs a read of every announced mark and a departure timer, so it is
// kept only while someone watches: the first subscriber rebuilds it from the
// database, the last one to leave drops it (timers included), and marks
// announced meanwhile cost nothing. A rebuild's read may miss a mark
// committed while it runs; sightings announced during the read are held and
// applied after it, so no SNAPSHOT is older than the marks already announced.
import type { Clock } from '../calendar/clock.js';
import { EventStream } from './event-stream.js';
import { LabPresence, type Visitor } from './lab-presence.js';
import type { Sighting } from './live-queries.js';
import type { Timers } from './timers.js';

export interface PresenceEvent {
  kind: 'SNAPSHOT' | 'ARRIVED' | 'LEFT';
  /** SNAPSHOT: everyone in the lab; ARRIVED/LEFT: the one member. */
  visitors: Visitor[];
  /** True when events may have been missed before this one (this is then a SNAPSHOT). */
  missedEvents: boolean;
}

export interface PresenceFeedOptions {
  /** Every sighting recent enough to count (the database's view of the lab now). */
  readRecent: () => Promise<Sighting[]>;
  clock: Clock;
  windowMs: number;
  timers: Timers;
  log: { error(object: object, message: string): void };
}

/** A first view that could not be read is tried again after this long (while someone waits for it). */
export const REBUILD_RETRY_MS = 2_000;

export class PresenceFeed {
  readonly presence: LabPresence;
  private readonly streams = new Set<EventStream<PresenceEvent>>();
  /** Subscribers still waiting for their first SNAPSHOT. */
  private readonly waiting = new Set<EventStream<PresenceEvent>>();
  /** off: nobody watches; reading: a rebuild's read is in flight; on: the view is kept. */
  private state: 'off' | 'reading' | 'on' = 'off';
  /** Whether `presence` holds a view that was read and kept since (false until the first read succeeds). */
  private hasView = false;
  /** Sightings announced during the current read, applied after it. */
  private held: Sighting[] = [];
  /** Bumped by every rebuild and by stopping: a read that finishes under an older one is dropped. */
  private generation = 0;
  private retry: unknown;

  constructor(private readonly options: PresenceFeedOptions) {
    this.presence = new LabPresence(options);
    this.presence.onChange(({ kind, visitor }) => this.broadcast({ kind, visitors: [visitor], missedEvents: false }));
  }

  /** True while announced marks matter here: someone watches. */
  get watching(): boolean {
    return this.state !== 'off';
  }

  get subscriberCount(): number {
    return this.streams.size;
  }

  /** Everyone in the lab (a SNAPSHOT, once the view is there), then each arrival and departure. */
  subscribe(onEnd: () => void): EventStream<PresenceEvent> {
    const stream: EventStream<PresenceEvent> = new EventStream<PresenceEvent>(
      () => {
        this.streams.delete(stream);
        this.waiting.delete(stream);
        onEnd();
        if (this.streams.size === 0) this.stop();
      },
      () => this.snapshot(true),
    );
    this.streams.add(stream);
    if (this.state === 'on') {
      stream.push(this.snapshot(false));
    } else {
      this.waiting.add(stream);
      if (this.state === 'off') void this.rebuild(false);
    }
    return stream;
  }

  /** An announced mark, read from the database. */
  see(sighting: Sighting): void {
    if (this.state === 'on') this.presence.see(sighting);
    else if (this.state === 'reading') this.held.push(sighting);
  }

  /** Events may have been missed: re-read the view and send everyone a SNAPSHOT saying so. */
  resync(): void {
    if (this.watching) void this.rebuild(true);
  }

  close(): void {
    for (const stream of [...this.streams]) void stream.return();
    this.stop();
    this.presence.close();
  }

  private async rebuild(missedEvents: boolean): Promise<void> {
    const generation = ++this.generation;
    this.state = 'reading';
    this.held = [];
    this.options.timers.clearTimeout(this.retry);
    let sightings: Sighting[] | undefined;
    try {
      sightings = await this.options.readRecent();
    } catch (error) {
      this.options.log.error({ err: error }, 'live updates: could not re-read who is in the lab');
    }
    if (generation !== this.generation) return;
    if (sightings) {
      this.presence.reset(sightings);
      this.hasView = true;
    } else if (!this.hasView) {
      // Nothing true to show yet: the waiting subscribers keep waiting.
      this.retry = this.options.timers.setTimeout(() => void this.rebuild(missedEvents), REBUILD_RETRY_MS);
      return;
    }
    this.state = 'on';
    // Without a fresh read the kept view is sent as it is, flagged: it may lack marks.
    for (const stream of this.streams) {
      if (this.waiting.has(stream)) stream.push(this.snapshot(sightings === undefined));
      else if (missedEvents) stream.push(this.snapshot(true));
    }
    this.waiting.clear();
    for (const sighting of this.held.splice(0)) this.presence.see(sighting);
  }

  /** Nobody watches: drop the view, its timer and any read or retry in flight. */
  private stop(): void {
    this.generation += 1;
    this.state = 'off';
    this.hasView = false;
    this.held = [];
    this.options.timers.clearTimeout(this.retry);
    this.presence.clear();
  }

  private snapshot(missedEvents: boolean): PresenceEvent {
    return { kind: 'SNAPSHOT', visitors: this.presence.list(), missedEvents };
  }

  /** To those who have their SNAPSHOT: a departure during a re-read must not come before it. */
  private broadcast(event: PresenceEvent): void {
    for (const stream of this.streams) if (!this.waiting.has(stream)) stream.push(event);
  }
}
