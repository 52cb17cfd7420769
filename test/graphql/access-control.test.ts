// Access control end to end, on both stores: every anonymous preset × a
// representative operation per scope, without a key, with a key holding the
// scope, with a key lacking it and with keys that fail their check (malformed,
// unknown, wrong secret, revoked, expired). Each refusal has its code, returns
// no data and changes nothing.
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../src/calendar/clock.js';
import { type ClubDate, clubDateAt } from '../../src/calendar/club-date.js';
import type { Deps } from '../../src/deps.js';
import { createApiKey, revokeApiKey } from '../../src/keys/api-keys.js';
import { ANONYMOUS_PRESETS, type Scope, anonymousAccessNames } from '../../src/keys/scopes.js';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { memberInput, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { insertMember, uniqueGroupId } from '../helpers/rows.js';

const depsOf = (app: FastifyInstance): Deps => ({
  prisma: app.prisma,
  clock: systemClock,
  timeZone: app.config.timeZone,
});

async function keyWith(app: FastifyInstance, scopes: Scope[], expiresAt?: ClubDate, deps = depsOf(app)) {
  const created = await createApiKey(deps, { name: `test ${scopes.join(' ')}`, scopes, expiresAt });
  return created.key;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A database snapshot that every operation below would change. */
async function snapshot(app: FastifyInstance) {
  return {
    members: await app.prisma.member.count(),
    streaks: await app.prisma.statusUpdateStreak.findMany({ orderBy: { memberId: 'asc' } }),
    projects: await app.prisma.project.count(),
    attendance: await app.prisma.attendance.count(),
    keys: await app.prisma.apiKey.count(),
  };
}

interface Probe {
  scope: Scope;
  /** The fields the request selects that need a scope, in the order they are checked. */
  needs: [field: string, scope: Scope][];
  /** The request and the data it answers when allowed. */
  run(app: FastifyInstance, headers: Record<string, string>): Promise<{ body: unknown; expected: unknown }>;
}

function probes(memberId: number, groupId: number, email: string): Probe[] {
  const query = (q: string) => (app: FastifyInstance, headers: Record<string, string>) =>
    postGraphQL(app, q, { headers });
  return [
    {
      scope: 'read:public',
      needs: [['Query.members', 'read:public']],
      run: async (app, headers) => ({
        body: (await query(`{ members(groupId: ${groupId}) { memberId name } }`)(app, headers)).body,
        expected: { data: { members: [{ memberId, name: 'Pat' }] } },
      }),
    },
    {
      scope: 'read:personal',
      needs: [
        ['Query.members', 'read:public'],
        ['Member.email', 'read:personal'],
      ],
      run: async (app, headers) => ({
        body: (await query(`{ members(groupId: ${groupId}) { memberId email } }`)(app, headers)).body,
        expected: { data: { members: [{ memberId, email }] } },
      }),
    },
    {
      scope: 'write:members',
      needs: [['Mutation.createMember', 'write:members']],
      run: async (app, headers) => {
        const input = memberInput({ groupId: uniqueGroupId() });
        const response = await postGraphQL(
          app,
          'mutation ($input: CreateMemberInput!) { createMember(input: $input) { memberId groupId } }',
          { variables: { input }, headers },
        );
        const created = response.body.data?.createMember as { memberId: number } | undefined;
        return {
          body: response.body,
          expected: { data: { createMember: { memberId: created?.memberId, groupId: input.groupId } } },
        };
      },
    },
    {
      scope: 'write:status',
      needs: [['Mutation.incrementStreak', 'write:status']],
      run: async (app, headers) => {
        const response = await postGraphQL(
          app,
          `mutation { incrementStreak(input: { memberId: ${memberId} }) { memberId currentStreak maxStreak } }`,
          { headers },
        );
        const streak = response.body.data?.incrementStreak as { currentStreak: number } | undefined;
        const count = streak?.currentStreak ?? 0;
        return {
          body: response.body,
          expected: { data: { incrementStreak: { memberId, currentStreak: count, maxStreak: count } } },
        };
      },
    },
    {
      scope: 'write:projects',
      needs: [['Mutation.setProject', 'write:projects']],
      run: async (app, headers) => {
        const response = await postGraphQL(
          app,
          `mutation { setProject(input: { memberId: ${memberId}, title: "Robot" }) { projectId memberId title } }`,
          { headers },
        );
        const project = response.body.data?.setProject as { projectId: number } | undefined;
        return {
          body: response.body,
          expected: { data: { setProject: { projectId: project?.projectId, memberId, title: 'Robot' } } },
        };
      },
    },
    {
      scope: 'admin:keys',
      needs: [['Query.apiKeys', 'admin:keys']],
      run: async (app, headers) => {
        const response = await postGraphQL(app, '{ apiKeys { name } }', { headers });
        const names = await app.prisma.apiKey.findMany({ select: { name: true }, orderBy: { id: 'asc' } });
        return { body: response.body, expected: { data: { apiKeys: names } } };
      },
    },
  ];
}

function refusedBody(code: 'UNAUTHENTICATED' | 'FORBIDDEN', probe: Probe, held: readonly Scope[], invalid = false) {
  if (invalid) return { data: null, errors: [{ message: 'The API key is not valid', extensions: { code } }] };
  const [field, scope] = probe.needs.find(([, needed]) => !held.includes(needed))!;
  const message =
    code === 'UNAUTHENTICATED'
      ? `${field} needs an API key with ${scope}`
      : `${field} needs ${scope}, which this API key lacks`;
  return { data: null, errors: [{ message, extensions: { scopes: [scope], code } }] };
}

/** Runs a probe and checks either its data or its refusal, and that a refusal changed nothing. */
async function expectProbe(
  t: Test,
  app: FastifyInstance,
  probe: Probe,
  headers: Record<string, string>,
  outcome: 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'invalid',
  label: string,
  held: readonly Scope[] = [],
) {
  const before = await snapshot(app);
  const { body, expected } = await probe.run(app, headers);
  if (outcome === 'allowed') {
    t.same(body, expected, `${label}: ${probe.scope} allowed`);
    return;
  }
  const code = outcome === 'invalid' ? 'UNAUTHENTICATED' : outcome;
  t.same(body, refusedBody(code, probe, held, outcome === 'invalid'), `${label}: ${probe.scope} refused`);
  t.same(await snapshot(app), before, `${label}: ${probe.scope} changed nothing`);
}

function signedMark(memberId: number, date: string) {
  return `mutation { a0: markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${sign(memberId, date)}"}) { memberId date isPresent } }`;
}

for (const kind of storeKinds) {
  for (const preset of anonymousAccessNames) {
    void t.test(`${kind}, ROOT_ANONYMOUS_ACCESS=${preset}`, async (t) => {
      const { app, logs } = await buildTestApp(t, kind, {
        ROOT_ANONYMOUS_ACCESS: preset,
        // The failure limit has its own test; here every bad key must be checked.
        KEY_FAILURES_PER_MINUTE: '100000',
      });
      t.same(
        logs.filter((line) => String(line.msg).startsWith('Anonymous access')).map((line) => line.msg),
        [
          {
            legacy:
              'Anonymous access is "legacy" (ROOT_ANONYMOUS_ACCESS): callers without an API key may read public data, read personal data, write streaks and status updates; signed attendance marks need no key',
            open: 'Anonymous access is "open" (ROOT_ANONYMOUS_ACCESS): callers without an API key may read public data, read personal data, write members, write streaks and status updates, write projects, manage status breaks; signed attendance marks need no key',
            public:
              'Anonymous access is "public" (ROOT_ANONYMOUS_ACCESS): callers without an API key may read public data; signed attendance marks need no key',
            none: 'Anonymous access is "none" (ROOT_ANONYMOUS_ACCESS): callers without an API key may do nothing; signed attendance marks need no key',
          }[preset],
        ],
        'one start-up line says what anonymous callers may do',
      );
      const groupId = uniqueGroupId();
      const member = await insertMember(app, 700_000 + Math.floor(Math.random() * 99_999), {
        name: 'Pat',
        groupId,
      });
      const all = probes(member.memberId, groupId, member.email);
      const granted: readonly Scope[] = ANONYMOUS_PRESETS[preset];

      t.test('anonymous callers get the preset', async (t) => {
        for (const probe of all) {
          const outcome = probe.needs.every(([, scope]) => granted.includes(scope)) ? 'allowed' : 'UNAUTHENTICATED';
          await expectProbe(t, app, probe, {}, outcome, preset, granted);
        }
      });

      t.test('a key with the scope is allowed, a key without it is FORBIDDEN, whatever the preset', async (t) => {
        for (const probe of all) {
          const holding = await keyWith(app, [...new Set<Scope>(['read:public', probe.scope])]);
          await expectProbe(t, app, probe, bearer(holding), 'allowed', 'holding');
          // Everything but the probe's scope (read:public stays when another scope is probed).
          const others: Scope[] = (['read:public', 'read:personal', 'write:members', 'write:status'] as Scope[])
            .concat(['write:projects', 'write:breaks', 'admin:keys'])
            .filter((scope) => scope !== probe.scope);
          await expectProbe(t, app, probe, bearer(await keyWith(app, others)), 'FORBIDDEN', 'lacking', others);
        }
      });

      t.test('keys that fail their check are UNAUTHENTICATED, never anonymous', async (t) => {
        const today = clubDateAt(new Date(), app.config.timeZone);
        const revoked = await keyWith(app, ['read:public', 'read:personal', 'write:status', 'admin:keys']);
        const id = (await app.prisma.apiKey.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
        await revokeApiKey(depsOf(app), id);
        // Made three days ago to expire today: it worked until midnight.
        const threeDaysAgo = Object.assign(() => new Date(Date.now() - 3 * 86_400_000), {});
        const expired = await keyWith(app, ['read:public', 'admin:keys'], today, {
          ...depsOf(app),
          clock: threeDaysAgo,
        });
        const good = await keyWith(app, ['read:public']);
        const bad: [string, string][] = [
          ['malformed', 'root_short'],
          ['not a root key', 'x'.repeat(48)],
          ['unknown prefix', `root_${'A'.repeat(43)}`],
          ['known prefix, wrong secret', good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A')],
          ['revoked', revoked],
          ['expired', expired],
        ];
        for (const [label, key] of bad) {
          for (const probe of all) await expectProbe(t, app, probe, bearer(key), 'invalid', label);
        }
        for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', '']) {
          await expectProbe(t, app, all[0]!, { authorization: header }, 'invalid', `header "${header}"`);
        }
      });

      t.test('a signed mark needs no key, under every preset and even with a bad key', async (t) => {
        const today = clubDateAt(new Date(), app.config.timeZone);
        const expected = { data: { a0: { memberId: member.memberId, date: today, isPresent: true } } };
        t.same((await postGraphQL(app, signedMark(member.memberId, today))).body, expected);
        t.same(
          (await postGraphQL(app, signedMark(member.memberId, today), { headers: bearer('root_bad') })).body,
          expected,
        );
      });
    });
  }
}
