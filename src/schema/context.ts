// What every resolver receives. The Prisma client is deliberately not part of
// the Context type (its type makes Pothos' inference slow, see plugin-prisma's
// docs): resolvers reach it through db(ctx), the one way in.
import type { PrismaClient } from '../db/prisma.js';

const prismaKey = Symbol('prisma');

export interface Context {
  /** The club's IANA time zone: "today" and times of day are judged there. */
  readonly timeZone: string;
  readonly [prismaKey]: unknown;
}

export function createContext(prisma: PrismaClient, timeZone: string): Context {
  return { timeZone, [prismaKey]: prisma };
}

export function db(ctx: Context): PrismaClient {
  return ctx[prismaKey] as PrismaClient;
}
