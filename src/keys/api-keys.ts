// The API keys area's operations: create (the secret is returned once and
// never stored), list (never a secret), revoke, and the two the request path
// needs: find a key by its prefix, and note when it was last used.
import { EventEmitter } from 'node:events';
import { type ClubDate, clubDateAt, fromDbDate, toDbDate } from '../calendar/club-date.js';
import type { Deps } from '../deps.js';
import { DomainError, badUserInput } from '../errors/domain-error.js';
import { generateKeySecret } from './api-key-secret.js';
import { PREFIX_TAKEN, apiKeyNotFound } from './key-errors.js';
import { BUNDLES, type Scope, isBundle, isScope, scopeNames } from './scopes.js';

/** A key as operators see it: everything but the secret, which is never kept. */
export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  /** The first club day on which the key no longer works. */
  expiresAt: ClubDate | null;
  revokedAt: Date | null;
}

export interface NewApiKey {
  name: string;
  scopes?: readonly string[] | null;
  bundle?: string | null;
  expiresAt?: ClubDate | null;
}

const columns = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

interface KeyRow {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

function view(row: KeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isScope),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt ? fromDbDate(row.expiresAt) : null,
    revokedAt: row.revokedAt,
  };
}

/** Checks the input, then stores a new key; `key` is the only copy of the secret there will ever be. */
export async function createApiKey(
  deps: Deps,
  input: NewApiKey,
  random?: (size: number) => Buffer,
): Promise<{ apiKey: ApiKeyView; key: string }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw badUserInput('Name must be 1 to 100 characters', 'name');
  const scopes = requestedScopes(input);
  const today = clubDateAt(deps.clock(), deps.timeZone);
  if (input.expiresAt && input.expiresAt <= today) {
    throw badUserInput(`expiresAt must be a day after today (${today})`, 'expiresAt');
  }
  // A prefix is 48 random bits: a clash is rare enough that trying again is the answer.
  for (let attempt = 1; ; attempt += 1) {
    const secret = generateKeySecret(random);
    try {
      const row = await deps.prisma.apiKey.create({
        data: {
          name,
          prefix: secret.prefix,
          secretHash: secret.secretHash,
          scopes,
          createdAt: deps.clock(),
          expiresAt: input.expiresAt ? toDbDate(input.expiresAt) : null,
        },
        select: columns,
      });
      return { apiKey: view(row), key: secret.key };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === PREFIX_TAKEN) || attempt >= 3) throw error;
    }
  }
}

function requestedScopes(input: NewApiKey): Scope[] {
  const wanted = new Set<string>(input.scopes ?? []);
  if (input.bundle != null) {
    if (!isBundle(input.bundle)) {
      throw badUserInput(`Unknown bundle "${input.bundle}"; bundles: ${Object.keys(BUNDLES).join(', ')}`, 'bundle');
    }
    for (const scope of BUNDLES[input.bundle]) wanted.add(scope);
  }
  const unknown = [...wanted].filter((scope) => !isScope(scope));
  if (unknown.length) {
    throw badUserInput(`Unknown scope "${unknown[0]}"; scopes: ${scopeNames.join(', ')}`, 'scopes');
  }
  if (!wanted.size) throw badUserInput('A key needs at least one scope (scopes or bundle)', 'scopes');
  return scopeNames.filter((scope) => wanted.has(scope));
}

/** Every key, newest last; revoked and expired ones too, so an operator sees the whole history. */
export async function listApiKeys(deps: Deps): Promise<ApiKeyView[]> {
  const rows = await deps.prisma.apiKey.findMany({ select: columns, orderBy: { id: 'asc' } });
  return rows.map(view);
}

/** Revokes a key (a second revocation keeps the first time). It stops working at once in this process. */
export async function revokeApiKey(deps: Deps, id: number): Promise<ApiKeyView> {
  await deps.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: deps.clock() } });
  const row = await deps.prisma.apiKey.findUnique({ where: { id }, select: columns });
  if (!row) throw apiKeyNotFound(id);
  keyRevocations.emit('revoked', row.prefix);
  return view(row);
}

/** Told of every revocation in this process, so caches forget the key at once. */
export const keyRevocations = new EventEmitter().setMaxListeners(0);

/** What a request's check needs to know about a key. */
export interface StoredKey {
  id: number;
  name: string;
  secretHash: string;
  scopes: Scope[];
  expiresAt: ClubDate | null;
  revoked: boolean;
}

export async function findKeyByPrefix(deps: Deps, prefix: string): Promise<StoredKey | null> {
  const row = await deps.prisma.apiKey.findUnique({
    where: { prefix },
    select: { id: true, name: true, secretHash: true, scopes: true, expiresAt: true, revokedAt: true },
  });
  return (
    row && {
      id: row.id,
      name: row.name,
      secretHash: row.secretHash,
      scopes: row.scopes.filter(isScope),
      expiresAt: row.expiresAt ? fromDbDate(row.expiresAt) : null,
      revoked: row.revokedAt !== null,
    }
  );
}

export async function noteKeyUse(deps: Deps, id: number, at: Date): Promise<void> {
  await deps.prisma.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
}
