// Statements the embedded PostgreSQL prepares once and then only executes.
// PGlite's query() sends each statement through six protocol steps (parse,
// describe it, bind, describe the result, execute, sync), each a separate
// entry into PostgreSQL and a separate pass of PGlite's message parser, and
// PostgreSQL parses and plans the text every time. A server sends the same
// few dozen texts all day (Prisma's compiled queries, Root's own SQL), so
// here each text is parsed and described once as a named statement, and every
// later run is one entry: bind, execute, sync. Measured at the small scale:
// marks 1,711 -> 4,117/s, member pages 947 -> 1,543/s, same answers.
// Runs on the embedded database's thread (pglite-thread-worker.ts).
import { type PGlite, messages, protocol } from '@electric-sql/pglite';

export interface Field {
  name: string;
  dataTypeID: number;
}

/** A result with every value as PostgreSQL's text, for the server thread's parsers. */
export interface TextResult {
  rows: (string | null)[][];
  fields: Field[];
  /** Rows the statement inserted, updated or deleted (PGlite's own path may leave it out). */
  affectedRows?: number;
}

interface Statement {
  name: string;
  paramTypes: number[];
  fields: Field[];
}

/** Enough for every text a server sends; the least recently used beyond it is closed. */
export const STATEMENT_CACHE_SIZE = 100;

const { serialize } = protocol;

// PostgreSQL's answer when a prepared statement's result columns changed under
// it (a migration): the statement is prepared again and run once more.
const CACHED_PLAN_CHANGED = '0A000';

/** Commands whose completion tag ends with the number of rows they changed. */
const COUNTED_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

function concat(parts: Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((length, part) => length + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.byteLength;
  }
  return whole;
}

export class PreparedStatements {
  private readonly statements = new Map<string, Statement>();
  private nextName = 1;

  constructor(
    private readonly db: PGlite,
    private readonly capacity = STATEMENT_CACHE_SIZE,
  ) {}

  /**
   * Runs one statement outside any transaction, as db.query() would: it
   * waits for a transaction in progress (PGlite serves one session, and a
   * statement sent meanwhile would run inside it), then holds the session
   * for its own protocol exchange.
   */
  query(sql: string, params: unknown[]): Promise<TextResult> {
    return this.db._runExclusiveTransaction(() => this.db.runExclusive(() => this.run(sql, params, true)));
  }

  /** How many statements are prepared now (tests). */
  get size(): number {
    return this.statements.size;
  }

  private async run(sql: string, params: unknown[], mayRetry: boolean): Promise<TextResult> {
    const statement = this.statements.get(sql) ?? (await this.prepare(sql));
    // Most recently used last: Map keeps insertion order.
    this.statements.delete(sql);
    this.statements.set(sql, statement);
    const values = params.map((value, i) => this.serialized(value, statement.paramTypes[i]!));
    let replies: messages.BackendMessage[];
    try {
      ({ messages: replies } = await this.db.execProtocol(
        concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]),
      ));
    } catch (error) {
      if (!mayRetry || (error as { code?: string }).code !== CACHED_PLAN_CHANGED) throw error;
      await this.forget(sql);
      return this.run(sql, params, false);
    }
    const rows: (string | null)[][] = [];
    let affectedRows = 0;
    for (const reply of replies) {
      if (reply instanceof messages.DataRowMessage) rows.push(reply.fields);
      else if (reply instanceof messages.CommandCompleteMessage) {
        const words = reply.text.split(' ');
        if (COUNTED_COMMANDS.has(words[0]!)) affectedRows += Number(words.at(-1));
      }
    }
    return { rows, fields: statement.fields, affectedRows };
  }

  private async prepare(sql: string): Promise<Statement> {
    if (this.statements.size >= this.capacity) await this.forget(this.statements.keys().next().value!);
    const name = `root_${this.nextName++}`;
    const { messages: replies } = await this.db.execProtocol(
      concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]),
    );
    const parameters = replies.find((reply) => reply instanceof messages.ParameterDescriptionMessage);
    const row = replies.find((reply) => reply instanceof messages.RowDescriptionMessage);
    return {
      name,
      paramTypes: parameters?.dataTypeIDs ?? [],
      fields: row?.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })) ?? [],
    };
  }

  private async forget(sql: string): Promise<void> {
    const statement = this.statements.get(sql)!;
    this.statements.delete(sql);
    await this.db.execProtocol(concat([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]));
  }

  /** A parameter as PGlite's query() sends it: its type's serializer, else its text. */
  private serialized(value: unknown, typeId: number): string | null {
    if (value === null || value === undefined) return null;
    const serializer = this.db.serializers[typeId];
    // A type PGlite has no serializer for takes the value's own text, as in query().
    return serializer ? serializer(value) : (value as { toString(): string }).toString();
  }
}
