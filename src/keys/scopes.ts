// What a caller may do, by name. Every GraphQL field declares the scope it
// needs (src/schema/auth-scopes.ts); an API key holds a set of scopes; an
// anonymous caller holds the scopes of the configured preset. The list is
// closed: a key can only hold these names, and a new kind of access means a
// new name here, documented in docs/access-control.md.

export const SCOPES = {
  'read:public':
    'Read non-personal data: members (name, year, group, hostel, sex), attendance, summaries, streaks, projects, status.',
  'read:personal': "Read members' personal data: email, MAC address, Discord id, roll number.",
  'write:members': 'Create and change members.',
  'write:status': 'Write status updates and the streak counters (incrementStreak, resetStreak).',
  'write:projects': 'Add projects.',
  'write:breaks': 'Manage status-update breaks.',
  'admin:keys': 'Create, list and revoke API keys.',
} as const;

export type Scope = keyof typeof SCOPES;

export const scopeNames = Object.keys(SCOPES) as Scope[];

export function isScope(name: string): name is Scope {
  return Object.hasOwn(SCOPES, name);
}

/** Named sets of scopes for the usual callers (`keys create --bundle bot`). */
export const BUNDLES = {
  admin: scopeNames,
  bot: ['read:public', 'read:personal', 'write:status'],
  app: ['read:public', 'read:personal', 'write:projects'],
  scanner: ['read:public', 'read:personal'],
  reader: ['read:public'],
} as const satisfies Record<string, readonly Scope[]>;

export type Bundle = keyof typeof BUNDLES;

export function isBundle(name: string): name is Bundle {
  return Object.hasOwn(BUNDLES, name);
}

/**
 * What callers without a key may do (ROOT_ANONYMOUS_ACCESS). Signed
 * attendance marks need no key under any preset.
 */
export const ANONYMOUS_PRESETS = {
  /** Exactly what the first generation's keyless clients use: every read they send and the streak writes. */
  legacy: ['read:public', 'read:personal', 'write:status'],
  /** Development: everything but key administration. */
  open: scopeNames.filter((scope) => scope !== 'admin:keys'),
  /** Non-personal reads only. */
  public: ['read:public'],
  /** Nothing but signed marks. */
  none: [],
} as const satisfies Record<string, readonly Scope[]>;

export type AnonymousAccess = keyof typeof ANONYMOUS_PRESETS;

export const anonymousAccessNames = Object.keys(ANONYMOUS_PRESETS) as AnonymousAccess[];

const plainWords: Record<Scope, string> = {
  'read:public': 'read public data',
  'read:personal': 'read personal data',
  'write:members': 'write members',
  'write:status': 'write streaks and status updates',
  'write:projects': 'write projects',
  'write:breaks': 'manage status breaks',
  'admin:keys': 'manage API keys',
};

/** The start-up line saying what anonymous callers may do. */
export function describeAnonymousAccess(preset: AnonymousAccess): string {
  const scopes: readonly Scope[] = ANONYMOUS_PRESETS[preset];
  const may = scopes.length ? scopes.map((scope) => plainWords[scope]).join(', ') : 'do nothing';
  return (
    `Anonymous access is "${preset}" (ROOT_ANONYMOUS_ACCESS): callers without an API key may ${may}; ` +
    'signed attendance marks need no key'
  );
}
