// The API keys area on both stores: creating (secret shown once, only its
// digest stored), listing, revoking, and the request-path check with its
// cache and its once-a-minute note of use.
import { createHash } from 'node:crypto';
import t from 'tap';
import { addDays, clubDateAt } from '../../src/calendar/club-date.js';
import { hashKey, parseKey } from '../../src/keys/api-key-secret.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../src/keys/api-keys.js';
import { KeyVerifier } from '../../src/keys/key-verifier.js';
import { storeKinds } from '../helpers/databases.js';
import { domainRefusal, openDeps } from '../helpers/deps.js';

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    const deps = await openDeps(t, kind);
    const today = clubDateAt(new Date(), deps.timeZone);

    t.test('create: a 256-bit secret shown once, its digest stored, scopes in canonical order', async (t) => {
      const { apiKey, key } = await createApiKey(deps, {
        name: '  bot  ',
        scopes: ['write:status'],
        bundle: 'reader',
        expiresAt: addDays(today, 30),
      });
      t.match(key, /^root_[A-Za-z0-9_-]{43}$/);
      t.equal(Buffer.from(key.slice(5), 'base64url').length, 32);
      t.same(
        { ...apiKey, createdAt: undefined },
        {
          id: apiKey.id,
          name: 'bot',
          prefix: key.slice(5, 13),
          scopes: ['read:public', 'write:status'],
          createdAt: undefined,
          lastUsedAt: null,
          expiresAt: addDays(today, 30),
          revokedAt: null,
        },
      );
      const row = await deps.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
      t.equal(row.secretHash, createHash('sha256').update(key).digest('hex'));
      t.notOk(JSON.stringify(row).includes(key.slice(13)), 'the secret past the prefix is nowhere in the row');
    });

    t.test('create refuses bad input', async (t) => {
      t.same(await domainRefusal(createApiKey(deps, { name: 'x' })), {
        code: 'BAD_USER_INPUT',
        message: 'A key needs at least one scope (scopes or bundle)',
        field: 'scopes',
      });
      t.same(await domainRefusal(createApiKey(deps, { name: 'x'.repeat(101), bundle: 'bot' })), {
        code: 'BAD_USER_INPUT',
        message: 'Name must be 1 to 100 characters',
        field: 'name',
      });
      t.same(await domainRefusal(createApiKey(deps, { name: 'x', bundle: 'bot', expiresAt: today })), {
        code: 'BAD_USER_INPUT',
        message: `expiresAt must be a day after today (${today})`,
        field: 'expiresAt',
      });
    });

    t.test('a prefix clash draws again; three in a row give up', async (t) => {
      const fixed = Buffer.alloc(32, 7);
      await createApiKey(deps, { name: 'first', bundle: 'reader' }, () => fixed);
      let draws = 0;
      const second = await createApiKey(deps, { name: 'second', bundle: 'reader' }, (size) => {
        draws += 1;
        return draws === 1 ? fixed : Buffer.alloc(size, 9);
      });
      t.equal(draws, 2);
      t.equal(second.key, `root_${Buffer.alloc(32, 9).toString('base64url')}`);
      t.match(await domainRefusal(createApiKey(deps, { name: 'third', bundle: 'reader' }, () => fixed)), {
        code: 'API_KEY_PREFIX_TAKEN',
      });
    });

    t.test('the check: right, wrong, unknown, revoked, expired; cache and revocation', async (t) => {
      const verifier = new KeyVerifier(deps, { cacheMs: 60_000 });
      t.teardown(() => verifier.close());
      const { apiKey, key } = await createApiKey(deps, { name: 'app', bundle: 'app' });
      t.same(await verifier.verify(key), {
        id: apiKey.id,
        name: 'app',
        scopes: ['read:public', 'read:personal', 'write:projects'],
      });
      t.equal(await verifier.verify(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')), undefined, 'wrong secret');
      t.equal(await verifier.verify(`root_${'Q'.repeat(43)}`), undefined, 'unknown prefix');
      t.equal(await verifier.verify('root_'), undefined, 'malformed');
      t.equal(parseKey(`${key} `), undefined);

      // Revoked behind this process's back (the CLI, another replica): the cache answers until it expires.
      await deps.prisma.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
      t.ok(await verifier.verify(key), 'cached for the cache lifetime');
      t.equal(await new KeyVerifier(deps, { cacheMs: 0 }).verify(key), undefined, 'a fresh lookup sees it');

      // Revoked through this process: at once.
      const other = await createApiKey(deps, { name: 'bot', bundle: 'bot' });
      t.ok(await verifier.verify(other.key));
      t.match(await revokeApiKey(deps, other.apiKey.id), { id: other.apiKey.id, revokedAt: Date });
      t.equal(await verifier.verify(other.key), undefined, 'revocation takes effect at once');
      const again = await revokeApiKey(deps, other.apiKey.id);
      const first = await deps.prisma.apiKey.findUniqueOrThrow({ where: { id: other.apiKey.id } });
      t.same(again.revokedAt, first.revokedAt, 'a second revocation keeps the first time');
      t.same(await domainRefusal(revokeApiKey(deps, 999_999)), {
        code: 'API_KEY_NOT_FOUND',
        message: 'No API key has id 999999',
        id: 999_999,
      });

      // Expired: made to expire tomorrow, checked with tomorrow's clock.
      const expiring = await createApiKey(deps, { name: 'temp', bundle: 'reader', expiresAt: addDays(today, 1) });
      t.ok(await verifier.verify(expiring.key));
      const tomorrow = new KeyVerifier({ ...deps, clock: () => new Date(Date.now() + 86_400_000) });
      t.equal(await tomorrow.verify(expiring.key), undefined, 'not on its expiry day');
      tomorrow.close();

      t.same(
        (await listApiKeys(deps)).map((listed) => [listed.name, listed.revokedAt !== null]),
        [
          ['bot', false],
          ['first', false],
          ['second', false],
          ['app', true],
          ['bot', true],
          ['temp', false],
        ],
      );
      t.equal(hashKey(key).length, 64);
    });

    t.test('last_used_at is written at most once a minute per key', async (t) => {
      let now = Date.parse('2030-01-01T10:00:00Z');
      const clocked = { ...deps, clock: () => new Date(now) };
      const verifier = new KeyVerifier(clocked);
      t.teardown(() => verifier.close());
      const { apiKey, key } = await createApiKey(deps, { name: 'busy', bundle: 'reader' });
      const lastUsed = async () =>
        (await deps.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt?.toISOString();
      await verifier.verify(key);
      t.equal(await lastUsed(), '2030-01-01T10:00:00.000Z');
      now += 59_000;
      await verifier.verify(key);
      t.equal(await lastUsed(), '2030-01-01T10:00:00.000Z', 'not again within the minute');
      now += 1_000;
      await verifier.verify(key);
      t.equal(await lastUsed(), '2030-01-01T10:01:00.000Z');
    });

    t.test('a failed note of use never fails the check', async (t) => {
      const errors: unknown[] = [];
      const { key } = await createApiKey(deps, { name: 'noted', bundle: 'reader' });
      const broken = {
        ...deps,
        prisma: new Proxy(deps.prisma, {
          get: (target, property) =>
            property === 'apiKey'
              ? new Proxy(target.apiKey, {
                  get: (keys, name) =>
                    name === 'updateMany'
                      ? () => Promise.reject(new Error('database gone'))
                      : (Reflect.get(keys, name) as unknown),
                })
              : (Reflect.get(target, property) as unknown),
        }),
      };
      const verifier = new KeyVerifier(broken, { onTouchError: (error) => errors.push(error) });
      t.teardown(() => verifier.close());
      t.ok(await verifier.verify(key));
      t.match(errors, [{ message: 'database gone' }]);
    });
  });
}
