// What PostgreSQL said, whichever driver adapter carried it: Prisma wraps
// pg errors as PrismaClientKnownRequestError (meta.driverAdapterError) and
// PGlite errors as DriverAdapterError (cause). Both keep the SQLSTATE and the
// message, which names the violated constraint.

export interface DatabaseViolation {
  sqlState: string;
  constraint: string | undefined;
}

interface AdapterCause {
  originalCode?: string;
  code?: string;
  originalMessage?: string;
  message?: string;
  constraint?: { index?: string } | string;
}

export function databaseViolation(error: unknown): DatabaseViolation | null {
  if (typeof error !== 'object' || error === null) return null;
  const { meta, cause } = error as { meta?: { driverAdapterError?: { cause?: AdapterCause } }; cause?: AdapterCause };
  const details = meta?.driverAdapterError?.cause ?? cause;
  const sqlState = details?.originalCode ?? details?.code;
  if (!details || typeof sqlState !== 'string' || !/^[0-9A-Z]{5}$/.test(sqlState)) return null;
  const message = details.originalMessage ?? details.message ?? '';
  const named = /constraint "([^"]+)"/.exec(message)?.[1];
  const indexed = typeof details.constraint === 'object' ? details.constraint.index : undefined;
  return { sqlState, constraint: named ?? indexed };
}
