// Who is calling: resolves a request's `Authorization: Bearer root_…` header
// once, when the GraphQL context is built, into a Caller (src/graphql/
// context.ts). No header: the anonymous preset (ROOT_ANONYMOUS_ACCESS). A
// header that fails the check is counted per client address
// (@fastify/rate-limit); past KEY_FAILURES_PER_MINUTE, requests carrying a
// key from that address are answered 429 without being checked until the
// window is over. Logs one line at start saying what
// anonymous callers may do. Never logs a key.
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { systemClock } from '../../calendar/clock.js';
import { type Caller, anonymousCaller } from '../../graphql/context.js';
import { KeyVerifier, type VerifiedKey } from '../../keys/key-verifier.js';
import { describeAnonymousAccess } from '../../keys/scopes.js';

declare module 'fastify' {
  interface FastifyInstance {
    access: Access;
  }
}

export interface Access {
  /** The caller a request stands for; rejects with a 429 error past the failure limit. */
  callerOf(request: FastifyRequest): Promise<Caller>;
  readonly verifier: KeyVerifier;
}

const invalidKey: Caller = { kind: 'invalid-key', scopes: new Set() };
const BEARER = /^Bearer +(\S+) *$/i;

/** Too many failed key checks from one address; Fastify answers with its status code. */
export class TooManyKeyFailures extends Error {
  override name = 'TooManyKeyFailures';
  readonly statusCode = 429;
  readonly code = 'TOO_MANY_KEY_FAILURES';

  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed API key checks from this address; try again in ${retryAfterSeconds} s`);
  }
}

export default fp(
  async (app) => {
    const { config } = app;
    const verifier = new KeyVerifier(
      { prisma: app.prisma, clock: systemClock, timeZone: config.timeZone },
      { onTouchError: (err) => app.log.warn({ err }, 'could not record when an API key was last used') },
    );
    app.addHook('onClose', async () => verifier.close());
    const anonymous = anonymousCaller(config.anonymousAccess);
    const failures = app.createRateLimit();
    // Addresses past the limit, until when: checked with a map lookup, so a
    // good key pays nothing for the limit (counting happens on failures only).
    const blockedUntil = new Map<string, number>();
    // One Caller per verified key, so that a busy key builds nothing per request.
    const callers = new WeakMap<VerifiedKey, Caller>();

    app.decorate('access', {
      verifier,
      async callerOf(request) {
        const header = request.headers.authorization;
        if (header === undefined) return anonymous;
        const blocked = blockedUntil.get(request.ip);
        if (blocked !== undefined) {
          const wait = blocked - Date.now();
          if (wait > 0) throw new TooManyKeyFailures(Math.ceil(wait / 1000));
          blockedUntil.delete(request.ip);
        }
        const presented = BEARER.exec(header)?.[1];
        const key = presented === undefined ? undefined : await verifier.verify(presented);
        if (key) {
          let caller = callers.get(key);
          if (!caller)
            callers.set(key, (caller = { kind: 'key', keyId: key.id, name: key.name, scopes: new Set(key.scopes) }));
          return caller;
        }
        const counted = await failures(request);
        request.log.info('API key check failed');
        if (!counted.isAllowed && counted.isExceeded) {
          if (blockedUntil.size > 10_000) blockedUntil.clear();
          blockedUntil.set(request.ip, Date.now() + counted.ttl);
          throw new TooManyKeyFailures(counted.ttlInSeconds);
        }
        return invalidKey;
      },
    } satisfies Access);

    const line = describeAnonymousAccess(config.anonymousAccess);
    if (config.env === 'production' && config.anonymousAccess === 'open') app.log.warn(line);
    else app.log.info(line);
  },
  { name: 'access', dependencies: ['config', 'database', 'rate-limit'] },
);
