// Checks the key a request presents. Every well-formed key costs the same:
// its digest is computed, the row is looked up by prefix (an unknown prefix
// is compared against a dummy digest), and the digests are compared in
// constant time; only then are revocation and expiry looked at.
//
// Lookups, found or not, are cached in memory for a few seconds, so a busy
// key costs no database round trip. A revocation made through this process
// takes effect at once (the cache is told); one made elsewhere (the CLI,
// another replica) within the cache's lifetime. last_used_at is written at
// most once a minute per key, never on every request.
import { randomBytes } from 'node:crypto';
import { clubDateAt } from '../calendar/club-date.js';
import type { Deps } from '../deps.js';
import { hashKey, parseKey, sameDigest } from './api-key-secret.js';
import { type StoredKey, findKeyByPrefix, keyRevocations, noteKeyUse } from './api-keys.js';
import type { Scope } from './scopes.js';

export interface VerifiedKey {
  id: number;
  name: string;
  scopes: readonly Scope[];
}

export interface KeyVerifierOptions {
  /** How long a lookup is trusted; a revocation elsewhere takes effect within it. */
  cacheMs?: number;
  /** How often last_used_at is written per key. */
  touchEveryMs?: number;
  /** Most lookups kept; the oldest go first. */
  maxCached?: number;
  /** A failed last_used_at write is reported here and never fails the request. */
  onTouchError?: (error: unknown) => void;
}

export class KeyVerifier {
  private readonly cache = new Map<string, { key: StoredKey | null; verified: VerifiedKey | null; until: number }>();
  private readonly touched = new Map<number, number>();
  private readonly dummyDigest = hashKey(randomBytes(32).toString('hex'));
  private readonly cacheMs: number;
  private readonly touchEveryMs: number;
  private readonly maxCached: number;
  private readonly onTouchError: (error: unknown) => void;
  private readonly forget = (prefix: string) => void this.cache.delete(prefix);

  constructor(
    private readonly deps: Deps,
    options: KeyVerifierOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 5_000;
    this.touchEveryMs = options.touchEveryMs ?? 60_000;
    this.maxCached = options.maxCached ?? 10_000;
    this.onTouchError = options.onTouchError ?? (() => undefined);
    keyRevocations.on('revoked', this.forget);
  }

  /** The key `presented` stands for, or undefined when it is malformed, unknown, wrong, revoked or expired. */
  async verify(presented: string): Promise<VerifiedKey | undefined> {
    const prefix = parseKey(presented);
    if (prefix === undefined) return undefined;
    const digest = hashKey(presented);
    const { key: stored, verified } = await this.lookup(prefix);
    const matches = sameDigest(digest, stored?.secretHash ?? this.dummyDigest);
    if (!stored || !verified || !matches || stored.revoked) return undefined;
    const now = this.deps.clock();
    if (stored.expiresAt !== null && stored.expiresAt <= clubDateAt(now, this.deps.timeZone)) return undefined;
    await this.touch(stored.id, now);
    // The same object while the lookup is cached: callers may build on it once.
    return verified;
  }

  close(): void {
    keyRevocations.off('revoked', this.forget);
    this.cache.clear();
  }

  private async lookup(prefix: string) {
    const now = Date.now();
    const cached = this.cache.get(prefix);
    if (cached && cached.until > now) return cached;
    const key = await findKeyByPrefix(this.deps, prefix);
    const verified = key && { id: key.id, name: key.name, scopes: key.scopes };
    const entry = { key, verified, until: now + this.cacheMs };
    this.cache.delete(prefix);
    this.cache.set(prefix, entry);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  private async touch(id: number, now: Date): Promise<void> {
    const last = this.touched.get(id);
    if (last !== undefined && now.getTime() - last < this.touchEveryMs) return;
    this.touched.set(id, now.getTime());
    await noteKeyUse(this.deps, id, now).catch(this.onTouchError);
  }
}
