// The embedded PostgreSQL on a thread of its own. PGlite is PostgreSQL
// compiled to WebAssembly and driven from JavaScript: in the server's thread,
// its work (the database's own, and reading every result message in
// JavaScript) took most of each request's time, while the second core sat
// idle; on PostgreSQL that work is the server process's, beside Node's. Here
// PGlite runs in a worker thread (pglite-thread-worker.ts) and this class
// stands in for it with the part of PGlite's interface the store and
// pglite-prisma-adapter use: query, exec, transaction, listen, close.
// Values come back as PostgreSQL's text and are parsed here with the
// caller's parsers (the adapter's own), as PGlite would have.
import { Worker } from 'node:worker_threads';
import { messages, types } from '@electric-sql/pglite';
import type { Field, TextResult } from './pglite-statements.js';

export interface ThreadStart {
  dataDir: string;
  startParams: string[];
}

/** What the server's thread asks of PGlite's. */
export type Operation =
  | { op: 'query'; sql: string; params?: unknown[]; tx?: number }
  | { op: 'exec'; sql: string; tx?: number }
  | { op: 'begin' }
  | { op: 'rollback'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string; listener: number }
  | { op: 'unlisten'; listener: number }
  | { op: 'close' };

export type ThreadRequest = Operation & { id: number };

export interface WireError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
  databaseError?: boolean;
}

export type ThreadReply =
  /** Ready, with each array type's element type. */
  | { kind: 'ready'; arrayElements: Record<number, number> }
  | { kind: 'reply'; id: number; value?: unknown; error?: WireError }
  | { kind: 'notification'; listener: number; payload: string };

type Parser = (value: string, typeId?: number) => unknown;

export interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, Parser>;
}

export interface Results<Row = Record<string, unknown>> {
  rows: Row[];
  fields: Field[];
  affectedRows?: number;
}

export interface ThreadTransaction {
  query<Row>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<Row>>;
  exec(sql: string): Promise<Results[]>;
  rollback(): Promise<void>;
  closed: boolean;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

function databaseError({ name, message, fields, databaseError }: WireError): Error {
  const error = databaseError
    ? new messages.DatabaseError(message, Number(fields.length ?? 0), 'error')
    : Object.assign(new Error(message), { name });
  return Object.assign(error, fields);
}

function parseRows<Row>(
  raw: TextResult,
  arrayElements: Record<number, number>,
  options: QueryOptions = {},
): Results<Row> {
  const parserOf = (typeId: number): Parser | undefined => {
    const given = options.parsers?.[typeId] ?? (types.parsers[typeId] as Parser | undefined);
    if (given) return given;
    const element = arrayElements[typeId];
    if (element === undefined) return undefined;
    const elementParser = parserOf(element);
    return (value): unknown => types.arrayParser(value, elementParser ?? ((text: string) => text), typeId) as unknown;
  };
  const parsers = raw.fields.map(({ dataTypeID }) => parserOf(dataTypeID));
  const parse = (values: (string | null)[]) =>
    values.map((value, i) => (value === null || !parsers[i] ? value : parsers[i](value, raw.fields[i]!.dataTypeID)));
  const rows =
    options.rowMode === 'array'
      ? raw.rows.map((values) => parse(values))
      : raw.rows.map((values) => {
          const parsed = parse(values);
          return Object.fromEntries(raw.fields.map((field, i) => [field.name, parsed[i]]));
        });
  return { rows: rows as Row[], fields: raw.fields, affectedRows: raw.affectedRows };
}

export class PGliteThread {
  closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<number, (payload: string) => void>();
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly arrayElements: Record<number, number>,
  ) {
    worker.on('message', (reply: ThreadReply) => this.received(reply));
    worker.on('error', (error) =>
      this.fail(
        Object.assign(new Error(`the embedded database's thread failed: ${error.message}`), {
          code: '57P02',
          cause: error,
        }),
      ),
    );
    // PostgreSQL's own word for a server that crashed (57P02): to the rest
    // of the server the database is unavailable, as when a PostgreSQL server stops.
    worker.on('exit', (code) =>
      this.fail(
        Object.assign(new Error(`the embedded database's thread stopped (exit code ${code})`), { code: '57P02' }),
      ),
    );
  }

  /** Starts PGlite on its thread; resolves once it is open. */
  static async open(start: ThreadStart): Promise<PGliteThread> {
    // Its JavaScript only reads result messages: a small young generation is enough.
    const options = { workerData: start, resourceLimits: { maxYoungGenerationSizeMb: 4 } };
    const worker = import.meta.url.endsWith('.js')
      ? new Worker(new URL('./pglite-thread-worker.js', import.meta.url), options)
      : // From source (npm start, the tests): node 20 does not apply `--import tsx` to a
        // worker's entry file, so the worker registers tsx before importing it.
        new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); ` +
            `return import(${JSON.stringify(new URL('./pglite-thread-worker.ts', import.meta.url).href)}); })`,
          { ...options, eval: true },
        );
    const arrayElements = await new Promise<Record<number, number>>((resolve, reject) => {
      const onMessage = (reply: ThreadReply) => {
        if (reply.kind !== 'ready') return;
        worker.off('error', reject);
        worker.off('message', onMessage);
        resolve(reply.arrayElements);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new PGliteThread(worker, arrayElements);
  }

  query<Row>(sql: string, params?: unknown[], options?: QueryOptions, tx?: number): Promise<Results<Row>> {
    return this.call<TextResult>({ op: 'query', sql, params, tx }).then((raw) =>
      parseRows<Row>(raw, this.arrayElements, options),
    );
  }

  exec(sql: string, tx?: number): Promise<Results[]> {
    return this.call<Results[]>({ op: 'exec', sql, tx });
  }

  async transaction<T>(fn: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    const id = await this.call<number>({ op: 'begin' });
    const tx: ThreadTransaction = {
      closed: false,
      query: (sql, params, options) => this.query(sql, params, options, id),
      exec: (sql) => this.exec(sql, id),
      rollback: async () => {
        tx.closed = true;
        await this.call({ op: 'rollback', tx: id });
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      await this.call({ op: 'end', tx: id, commit: false });
      throw error;
    }
    await this.call({ op: 'end', tx: id, commit: !tx.closed });
    return result;
  }

  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    const listener = this.nextId++;
    this.listeners.set(listener, callback);
    await this.call({ op: 'listen', channel, listener });
    return async () => {
      this.listeners.delete(listener);
      if (!this.closed) await this.call({ op: 'unlisten', listener });
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.call({ op: 'close' });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }

  private call<T>(request: Operation): Promise<T> {
    // Closed by this process (shutting down): like PGlite's own "PGlite is closed", not an outage.
    if (this.closed) return Promise.reject(this.failure ?? new Error('the embedded database is closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private received(reply: ThreadReply): void {
    if (reply.kind === 'notification') {
      this.listeners.get(reply.listener)?.(reply.payload);
      return;
    }
    if (reply.kind !== 'reply') return;
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (reply.error) pending?.reject(databaseError(reply.error));
    else pending?.resolve(reply.value);
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure ??= error;
    this.closed = true;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
