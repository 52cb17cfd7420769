// The embedded PostgreSQL's own thread (see pglite-thread.ts): PGlite runs
// here, and every request from the server's thread is one message. Results
// go back with every value as PostgreSQL's text, for the caller's parsers.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import type { ThreadReply, ThreadRequest, ThreadStart, WireError } from './pglite-thread.js';
import { PreparedStatements } from './pglite-statements.js';

const { dataDir, startParams } = workerData as ThreadStart;
const port = parentPort!;

/** Every type PGlite would parse, kept as text: the server's thread parses with the caller's parsers. */
const asText = Object.fromEntries(Object.keys(types.parsers).map((typeId) => [typeId, (value: string) => value]));

const transactions = new Map<number, { tx: Transaction; end: (commit: boolean) => void; done: Promise<void> }>();
const unlistens = new Map<number, () => Promise<void>>();
let nextTransaction = 1;

function wireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
    fields[key] = value;
  }
  return {
    name: error.name,
    message: error.message,
    fields,
    databaseError: error instanceof Error && 'severity' in error,
  };
}

// Given once, as the instance's parsers: passed with each query, PGlite would copy them into a new table per query.
const db = await PGlite.create(dataDir, { startParams, parsers: asText });
// PGlite adds a parser per array type as it opens; those stay text too, and
// the server's thread parses them with their element's parser.
const { rows: arrayTypes } = await db.query<{ array: number; element: number }>(
  'SELECT typarray AS array, oid AS element FROM pg_type WHERE typarray <> 0',
);
const instanceParsers = (db as unknown as { parsers: Record<number, (value: string) => unknown> }).parsers;
for (const { array } of arrayTypes) instanceParsers[array] = (value) => value;
const statements = new PreparedStatements(db);

async function handle(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      if (!request.tx) return statements.query(request.sql, request.params ?? []);
      // Inside a transaction (the daily task, migrations): rare, and PGlite's own path.
      const result = await transactions.get(request.tx)!.tx.query<unknown[]>(request.sql, request.params, {
        rowMode: 'array',
      });
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case 'exec': {
      const target = request.tx ? transactions.get(request.tx)!.tx : db;
      const results = await target.exec(request.sql);
      return results.map((result) => ({ affectedRows: result.affectedRows, fields: result.fields, rows: [] }));
    }
    case 'begin': {
      const id = nextTransaction++;
      let opened!: () => void;
      const ready = new Promise<void>((resolve) => (opened = resolve));
      const done = db.transaction(
        (tx) =>
          new Promise<void>((resolve, reject) => {
            transactions.set(id, {
              tx,
              end: (commit) => (commit ? resolve() : reject(new Error('rolled back'))),
              done: Promise.resolve(),
            });
            opened();
          }),
      );
      // The transaction's outcome is reported by 'end'; a failure to open it, here.
      await Promise.race([ready, done]);
      transactions.get(id)!.done = done.then(
        () => undefined,
        () => undefined,
      );
      return id;
    }
    case 'rollback': {
      await transactions.get(request.tx)!.tx.rollback();
      return null;
    }
    case 'end': {
      const open = transactions.get(request.tx)!;
      transactions.delete(request.tx);
      open.end(request.commit);
      await open.done;
      return null;
    }
    case 'listen': {
      const unlisten = await db.listen(request.channel, (payload) =>
        port.postMessage({ kind: 'notification', listener: request.listener, payload } satisfies ThreadReply),
      );
      unlistens.set(request.listener, unlisten);
      return null;
    }
    case 'unlisten': {
      await unlistens.get(request.listener)?.();
      unlistens.delete(request.listener);
      return null;
    }
    case 'close': {
      await db.close();
      return null;
    }
  }
}

/** A transaction's requests run in the order sent (a rollback before its end). */
const chains = new Map<number, Promise<unknown>>();

function run(request: ThreadRequest): Promise<unknown> {
  const tx = 'tx' in request ? request.tx : undefined;
  if (!tx) return handle(request);
  const result = (chains.get(tx) ?? Promise.resolve()).then(() => handle(request));
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  if (request.op === 'end') chains.delete(tx);
  else chains.set(tx, settled);
  return result;
}

port.on('message', (request: ThreadRequest) => {
  run(request).then(
    (value) => port.postMessage({ kind: 'reply', id: request.id, value } satisfies ThreadReply),
    (error: unknown) =>
      port.postMessage({ kind: 'reply', id: request.id, error: wireError(error) } satisfies ThreadReply),
  );
});
port.postMessage({
  kind: 'ready',
  arrayElements: Object.fromEntries(arrayTypes.map(({ array, element }) => [array, element])),
} satisfies ThreadReply);
