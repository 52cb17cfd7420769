// Names for the statements Root sends to PostgreSQL, so that each pooled
// connection parses and plans a statement once and then only binds and runs
// it. Root sends a small fixed set of statement texts all day (the scanners'
// mark, the bot's daily report, the member page...); without a name,
// PostgreSQL parses and plans every one of them again, which the API
// benchmark measured as a fifth of a mark's cost.
//
// Prisma's PostgreSQL adapter asks for a name per statement
// (`statementNameGenerator`) and node-postgres keeps, per connection, the
// statements it already prepared under a name. Names are handed out to the
// first MAX_NAMED_STATEMENTS distinct texts; any text after that runs
// unnamed, as before, so queries that vary endlessly (Prisma writes an `IN`
// list's placeholders into the text) cannot fill a connection's memory with
// prepared statements. PostgreSQL re-plans a prepared statement by itself
// when a migration changes a table it reads.
import type { SqlQuery } from '@prisma/driver-adapter-utils';

/** Distinct statement texts kept prepared on each connection. */
export const MAX_NAMED_STATEMENTS = 200;

/** A name generator for PrismaPg: the same name for the same text, '' (unnamed) past the limit. */
export function preparedStatementNames(limit = MAX_NAMED_STATEMENTS): (query: SqlQuery) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `root_${names.size}`;
      names.set(sql, name);
    }
    return name ?? '';
  };
}
