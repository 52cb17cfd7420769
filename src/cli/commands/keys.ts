// API keys for operators: create (the secret is printed once, on stdout,
// alone on its last line), list (never a secret), revoke. The same
// operations as the key mutations (src/keys/api-keys.ts).
import { systemClock } from '../../calendar/clock.js';
import { clubDateAt } from '../../calendar/club-date.js';
import { DomainError } from '../../errors/domain-error.js';
import { displayPrefix } from '../../keys/api-key-secret.js';
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from '../../keys/api-keys.js';
import { BUNDLES, scopeNames } from '../../keys/scopes.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError, countOption, dateOption, parseOptions, requireOption } from '../cli-errors.js';
import { openConfiguredDatabase } from '../open-database.js';

const usage = `Usage: root-cli keys create --name NAME (--scopes A,B | --bundle B) [--expires YYYY-MM-DD]
       root-cli keys list
       root-cli keys revoke --id N

create   makes a key and prints its secret once (the last line of the output);
         Root keeps only its digest. --expires is the first club day on which
         the key no longer works.
list     every key with its prefix, scopes, times and state; never a secret.
revoke   stops a key: at once on a server that revokes it, within 5 seconds on
         the others.

Scopes:  ${scopeNames.join(', ')}
Bundles: ${Object.entries(BUNDLES)
  .map(([name, scopes]) => `${name} (${scopes.join(', ')})`)
  .join(',\n         ')}`;

export const keysCommand: Command = {
  summary: 'create, list and revoke API keys',
  usage,
  async run(args, context) {
    const [action, ...rest] = args;
    if (action === 'create') return create(rest, context);
    if (action === 'list') return list(rest, context);
    if (action === 'revoke') return revoke(rest, context);
    throw new UsageError(
      action === undefined ? 'keys needs create, list or revoke' : `unknown keys action "${action}"`,
    );
  },
};

async function withDeps<T>({ config }: CommandContext, work: (deps: Parameters<typeof listApiKeys>[0]) => Promise<T>) {
  const database = await openConfiguredDatabase(config());
  try {
    return await work({ prisma: database.prisma, clock: systemClock, timeZone: config().timeZone });
  } catch (error) {
    // The operator's input was refused: a usage error, like a malformed option.
    if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') throw new UsageError(error.message);
    throw error;
  } finally {
    await database.close();
  }
}

async function create(args: string[], context: CommandContext) {
  const options = parseOptions(args, {
    name: { type: 'string' },
    scopes: { type: 'string' },
    bundle: { type: 'string' },
    expires: { type: 'string' },
  });
  const name = requireOption('name', options.name);
  if (options.scopes === undefined && options.bundle === undefined)
    throw new UsageError('--scopes or --bundle is required');
  const scopes = options.scopes
    ?.split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
  const expiresAt = options.expires === undefined ? undefined : dateOption('expires', options.expires);
  const { apiKey, key } = await withDeps(context, (deps) =>
    createApiKey(deps, { name, scopes, bundle: options.bundle, expiresAt }),
  );
  context.out(`Created API key ${describe(apiKey)}`);
  context.err.write('The secret below is shown only this once; Root keeps only its digest.\n');
  context.out(key);
}

async function list(args: string[], context: CommandContext) {
  parseOptions(args, {});
  const keys = await withDeps(context, listApiKeys);
  if (!keys.length) return context.out('No API keys.');
  const today = new Date();
  const rows = [
    ['id', 'name', 'prefix', 'scopes', 'created', 'last used', 'expires', 'state'],
    ...keys.map((key) => [
      String(key.id),
      key.name,
      displayPrefix(key.prefix),
      key.scopes.join(','),
      key.createdAt.toISOString(),
      key.lastUsedAt?.toISOString() ?? 'never',
      key.expiresAt ?? 'never',
      state(key, today, context.config().timeZone),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    context.out(
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    );
}

async function revoke(args: string[], context: CommandContext) {
  const options = parseOptions(args, { id: { type: 'string' } });
  const id = countOption('id', requireOption('id', options.id), 1, 2_147_483_647);
  const key = await withDeps(context, (deps) => revokeApiKey(deps, id));
  context.out(`Revoked API key ${describe(key)} at ${key.revokedAt!.toISOString()}`);
}

function describe(key: ApiKeyView): string {
  const expires = key.expiresAt ? `, expires ${key.expiresAt}` : '';
  return `${key.id} "${key.name}" (${displayPrefix(key.prefix)}) with ${key.scopes.join(', ')}${expires}`;
}

function state(key: ApiKeyView, now: Date, timeZone: string): string {
  if (key.revokedAt) return 'revoked';
  const today = clubDateAt(now, timeZone);
  return key.expiresAt && key.expiresAt <= today ? 'expired' : 'active';
}
