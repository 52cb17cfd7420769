// LISTEN on a PostgreSQL server, kept alive. Notifications arrive on one
// dedicated connection (not a pooled one: a pool would hand it to a query and
// recycle it). When that connection is lost (the server restarted, an
// operator ended the backend, the network dropped) the listener says so,
// reconnects with a growing delay, LISTENs again and says it is back:
// notifications sent in between were missed, and whoever listens must
// re-read what they care about.
import pg from 'pg';

export interface NotificationHandlers {
  /** One notification's payload on the channel. */
  onNotification(payload: string): void;
  /** Listening again after a loss: notifications may have been missed meanwhile. */
  onReconnect?(): void;
  /** The connection was lost; a reconnect follows. */
  onLost?(error: Error | undefined): void;
}

export interface ListenerOptions {
  /** pg.Client settings for the dedicated connection (URL, session options). */
  client: pg.ClientConfig;
  channel: string;
  handlers: NotificationHandlers;
  /** First reconnect delay, doubled on each failure up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** Stops listening and closes the dedicated connection. */
export type Unlisten = () => Promise<void>;

/** Connects and LISTENs; rejects when the first connection fails (start-up should fail loudly). */
export async function listenPostgres(options: ListenerOptions): Promise<Unlisten> {
  const listener = new PostgresListener(options);
  await listener.connect();
  return () => listener.close();
}

class PostgresListener {
  private current: pg.Client | undefined;
  private closed = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ListenerOptions) {}

  async connect(): Promise<void> {
    const client = new pg.Client({ ...this.options.client, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    // Both fire when the backend goes away; the first one counts.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, undefined));
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.options.handlers.onNotification(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.options.channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.current = client;
  }

  private lost(client: pg.Client, error: Error | undefined): void {
    if (client !== this.current || this.closed) return;
    this.current = undefined;
    client.end().catch(() => {});
    this.options.handlers.onLost?.(error);
    this.retry();
  }

  private retry(): void {
    const { minDelayMs = 100, maxDelayMs = 5_000 } = this.options;
    const delay = Math.min(maxDelayMs, minDelayMs * 2 ** this.failures);
    this.timer = setTimeout(() => {
      this.connect().then(
        () => {
          this.failures = 0;
          if (!this.closed) this.options.handlers.onReconnect?.();
        },
        () => {
          this.failures += 1;
          if (!this.closed) this.retry();
        },
      );
    }, delay);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.current;
    this.current = undefined;
    await client?.end();
  }
}
