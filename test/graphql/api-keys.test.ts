// The key mutations for callers holding admin:keys, and the cases where a
// refusal must come before any write: a mutation whose answer selects a
// field the key may not read is refused whole, nothing written.
import t from 'tap';
import { systemClock } from '../../src/calendar/clock.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { memberInput } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    const { app } = await buildTestApp(t, kind, { ROOT_ANONYMOUS_ACCESS: 'none' });
    const deps = { prisma: app.prisma, clock: systemClock, timeZone: app.config.timeZone };
    const admin = (await createApiKey(deps, { name: 'admin', bundle: 'admin' })).key;
    const headers = { authorization: `Bearer ${admin}` };

    const created = await postGraphQL(
      app,
      `mutation { createApiKey(input: { name: "bot", bundle: "bot", scopes: ["write:projects"] }) {
        secret apiKey { id name prefix scopes lastUsedAt expiresAt revokedAt } } }`,
      { headers },
    );
    const secret = created.body.data?.createApiKey.secret as string;
    const id = created.body.data?.createApiKey.apiKey.id as number;
    t.same(created.body, {
      data: {
        createApiKey: {
          secret,
          apiKey: {
            id,
            name: 'bot',
            prefix: `${secret.slice(0, 13)}…`,
            scopes: ['read:public', 'read:personal', 'write:status', 'write:projects'],
            lastUsedAt: null,
            expiresAt: null,
            revokedAt: null,
          },
        },
      },
    });

    const projects = await postGraphQL(app, '{ projects { projectId } }', {
      headers: { authorization: `Bearer ${secret}` },
    });
    t.same(projects.body, { data: { projects: [] } }, 'the new key works at once');

    const listed = await postGraphQL(app, '{ apiKeys { id name scopes createdAt lastUsedAt } }', { headers });
    t.same(
      (listed.body.data?.apiKeys as { name: string; lastUsedAt: string | null }[]).map((key) => [
        key.name,
        !!key.lastUsedAt,
      ]),
      [
        ['admin', true],
        ['bot', true],
      ],
    );
    t.notOk(JSON.stringify(listed.body).includes(secret.slice(13)), 'never a secret in the list');

    const revoked = await postGraphQL(app, `mutation { revokeApiKey(id: ${id}) { id revokedAt } }`, { headers });
    t.match(revoked.body, { data: { revokeApiKey: { id, revokedAt: /^\d{4}-\d\d-\d\dT/ } } });
    t.same(
      (await postGraphQL(app, '{ projects { projectId } }', { headers: { authorization: `Bearer ${secret}` } })).body,
      { data: null, errors: [{ message: 'The API key is not valid', extensions: { code: 'UNAUTHENTICATED' } }] },
      'revoked at once',
    );

    // A key that may create members but not read personal data asks for an email back.
    const writer = (await createApiKey(deps, { name: 'writer', scopes: ['read:public', 'write:members'] })).key;
    const members = await app.prisma.member.count();
    const refused = await postGraphQL(
      app,
      'mutation ($input: CreateMemberInput!) { createMember(input: $input) { memberId email } }',
      { variables: { input: memberInput() }, headers: { authorization: `Bearer ${writer}` } },
    );
    t.same(refused.body, {
      data: null,
      errors: [
        {
          message: 'Member.email needs read:personal, which this API key lacks',
          extensions: { scopes: ['read:personal'], code: 'FORBIDDEN' },
        },
      ],
    });
    t.equal(await app.prisma.member.count(), members, 'no member was created');

    // Through a fragment and an alias, the same.
    const viaFragment = await postGraphQL(
      app,
      '{ m: members { ...Contact } } fragment Contact on Member { memberId discordId }',
      { headers: { authorization: `Bearer ${writer}` } },
    );
    t.same(viaFragment.body.errors?.[0]?.message, 'Member.discordId needs read:personal, which this API key lacks');

    // Key administration is never anonymous, even under open.
    const { app: open } = await buildTestApp(t, kind, { ROOT_ANONYMOUS_ACCESS: 'open' });
    t.same((await postGraphQL(open, '{ apiKeys { id } }')).body, {
      data: null,
      errors: [
        {
          message: 'Query.apiKeys needs an API key with admin:keys',
          extensions: { scopes: ['admin:keys'], code: 'UNAUTHENTICATED' },
        },
      ],
    });
  });
}
