// Records every SQL statement Prisma sends while a function runs, so tests
// can assert how many statements a request costs (N+1 guard, "no statement
// on a bad signature").
import type { FastifyInstance } from 'fastify';

let recording: string[] | null = null;
const watched = new WeakSet<FastifyInstance>();

export async function recordStatements<T>(
  app: FastifyInstance,
  fn: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  if (!watched.has(app)) {
    app.prisma.$onQuery((event) => recording?.push(event.query));
    watched.add(app);
  }
  const statements: string[] = [];
  recording = statements;
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    recording = null;
  }
}
