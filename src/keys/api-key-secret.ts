// The shape of an API key: `root_` followed by 43 base64url characters (32
// random bytes, 256 bits). The first 8 characters after `root_` are its
// prefix, kept in clear to find the row; only the SHA-256 digest of the whole
// key is stored. A 256-bit random secret needs no salt or slow hash: nobody
// can search its space, and a plain digest keeps every check cheap.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_PREFIX = 'root_';
const SECRET_BYTES = 32;
export const LOOKUP_PREFIX_LENGTH = 8;
const KEY_PATTERN = /^root_[A-Za-z0-9_-]{43}$/;

export interface NewKeySecret {
  /** The whole key, shown once. */
  key: string;
  /** What finds the row. */
  prefix: string;
  /** What is stored. */
  secretHash: string;
}

export function generateKeySecret(random: (size: number) => Buffer = randomBytes): NewKeySecret {
  const key = KEY_PREFIX + random(SECRET_BYTES).toString('base64url');
  return { key, prefix: lookupPrefix(key), secretHash: hashKey(key) };
}

/** The lookup prefix of a well-formed key; undefined for anything else. */
export function parseKey(presented: string): string | undefined {
  return KEY_PATTERN.test(presented) ? lookupPrefix(presented) : undefined;
}

function lookupPrefix(key: string): string {
  return key.slice(KEY_PREFIX.length, KEY_PREFIX.length + LOOKUP_PREFIX_LENGTH);
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function sameDigest(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** How a key is shown in lists: its prefix only, never the secret. */
export function displayPrefix(prefix: string): string {
  return `${KEY_PREFIX}${prefix}…`;
}
