// Status-update streaks: the incrementStreak/resetStreak rules of the first-generation contract from
// every starting point, the earlier server's defects (negative streak then
// update; streak(memberId) always failing), atomicity under concurrent bumps,
// and agreement with the test oracle (test/streaks/streak-oracle.ts) over a random sequence.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { type Streak, incrementStreak, resetStreak } from '../streaks/streak-oracle.js';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { uniqueGroupId } from '../helpers/rows.js';

type Change = 'incrementStreak' | 'resetStreak';

async function change(app: FastifyInstance, mutation: Change, memberId: number) {
  return postGraphQL(
    app,
    `mutation { ${mutation}(input: {memberId: ${memberId}}) { memberId currentStreak maxStreak } }`,
  );
}

/** Applies changes through the API and returns the last answer's streak. */
async function apply(app: FastifyInstance, memberId: number, changes: Change[]): Promise<Streak | undefined> {
  let last: Streak | undefined;
  for (const mutation of changes) {
    const response = await change(app, mutation, memberId);
    if (!response.body.data) throw new Error(JSON.stringify(response.body));
    const { currentStreak, maxStreak } = response.body.data[mutation] as Streak;
    last = { currentStreak, maxStreak };
  }
  return last;
}

const changed = (mutation: Change, memberId: number, currentStreak: number, maxStreak: number) => ({
  statusCode: 200,
  body: { data: { [mutation]: { memberId, currentStreak, maxStreak } } },
});

/** A small seeded generator (mulberry32), so a failing sequence can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { app } = await buildTestApp(t, kind);

    void t.test('from no row: incrementStreak gives (1, 1), resetStreak gives (0, 0)', async (t) => {
      const first = await createMember(app);
      t.same(await change(app, 'incrementStreak', first), changed('incrementStreak', first, 1, 1));
      const second = await createMember(app);
      t.same(await change(app, 'resetStreak', second), changed('resetStreak', second, 0, 0));
    });

    // [what, how to get there, expected state there, after increment, after reset]
    const starts: [string, Change[], [number, number], [number, number], [number, number]][] = [
      ['a positive streak', ['incrementStreak', 'incrementStreak', 'incrementStreak'], [3, 3], [4, 4], [0, 3]],
      [
        'a positive streak below the best',
        ['incrementStreak', 'incrementStreak', 'incrementStreak', 'resetStreak', 'incrementStreak'],
        [1, 3],
        [2, 3],
        [0, 3],
      ],
      ['zero after a run', ['incrementStreak', 'incrementStreak', 'resetStreak'], [0, 2], [1, 2], [-1, 2]],
      ['zero from the start', ['resetStreak'], [0, 0], [1, 1], [-1, 0]],
      [
        'a negative streak',
        ['incrementStreak', 'incrementStreak', 'resetStreak', 'resetStreak', 'resetStreak'],
        [-2, 2],
        [1, 2],
        [-3, 2],
      ],
    ];
    for (const [what, path, at, afterIncrement, afterReset] of starts) {
      void t.test(`from ${what} (${at.join(', ')})`, async (t) => {
        for (const [mutation, expected] of [
          ['incrementStreak', afterIncrement],
          ['resetStreak', afterReset],
        ] as const) {
          const memberId = await createMember(app);
          t.same(await apply(app, memberId, path), { currentStreak: at[0], maxStreak: at[1] });
          t.same(await change(app, mutation, memberId), changed(mutation, memberId, ...expected), mutation);
        }
      });
    }

    void t.test(
      'a negative streak then an update never leaves maxStreak below currentStreak (earlier defect)',
      async (t) => {
        const memberId = await createMember(app);
        t.same(await apply(app, memberId, ['resetStreak', 'resetStreak', 'resetStreak']), {
          currentStreak: -2,
          maxStreak: 0,
        });
        t.same(await change(app, 'incrementStreak', memberId), changed('incrementStreak', memberId, 1, 1));
        t.same(await change(app, 'incrementStreak', memberId), changed('incrementStreak', memberId, 2, 2));
      },
    );

    void t.test('streak(memberId) answers for every member (earlier defect: it always failed)', async (t) => {
      const groupId = uniqueGroupId();
      const memberId = await createMember(app, { groupId });
      const query = `{
  streak(memberId: ${memberId}) { memberId currentStreak maxStreak }
  members(groupId: ${groupId}) { memberId streak { currentStreak maxStreak } }
}`;
      t.same(await postGraphQL(app, query), {
        statusCode: 200,
        body: {
          data: { streak: { memberId, currentStreak: 0, maxStreak: 0 }, members: [{ memberId, streak: [] }] },
        },
      });
      t.equal(await app.prisma.statusUpdateStreak.count({ where: { memberId } }), 0, 'reading wrote no row');
      await apply(app, memberId, ['incrementStreak', 'incrementStreak', 'resetStreak', 'resetStreak']);
      t.same(await postGraphQL(app, query), {
        statusCode: 200,
        body: {
          data: {
            streak: { memberId, currentStreak: -1, maxStreak: 2 },
            members: [{ memberId, streak: [{ currentStreak: -1, maxStreak: 2 }] }],
          },
        },
      });
    });

    void t.test('an unknown member gets MEMBER_NOT_FOUND everywhere, and nothing is written', async (t) => {
      const before = await app.prisma.statusUpdateStreak.count();
      const notFound = (field: string, column: number) => ({
        statusCode: 200,
        body: {
          data: null,
          errors: [
            {
              message: 'No member has id 999999',
              locations: [{ line: 1, column }],
              path: [field],
              extensions: { code: 'MEMBER_NOT_FOUND', memberId: 999_999 },
            },
          ],
        },
      });
      t.same(await postGraphQL(app, '{ streak(memberId: 999999) { memberId } }'), notFound('streak', 3));
      t.same(await change(app, 'incrementStreak', 999_999), notFound('incrementStreak', 12));
      t.same(await change(app, 'resetStreak', 999_999), notFound('resetStreak', 12));
      t.equal(await app.prisma.statusUpdateStreak.count(), before);
    });

    void t.test('20 concurrent incrementStreak requests count 20 (one atomic upsert each)', async (t) => {
      const memberId = await createMember(app);
      const responses = await Promise.all(Array.from({ length: 20 }, () => change(app, 'incrementStreak', memberId)));
      const currents = responses.map((response) => {
        t.equal(response.statusCode, 200);
        t.same(response.body.errors, undefined);
        return response.body.data!.incrementStreak.currentStreak as number;
      });
      t.same(
        currents.sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, index) => index + 1),
        'each request saw its own step',
      );
      t.same(await postGraphQL(app, `{ streak(memberId: ${memberId}) { memberId currentStreak maxStreak } }`), {
        statusCode: 200,
        body: { data: { streak: { memberId, currentStreak: 20, maxStreak: 20 } } },
      });
    });

    void t.test('a random sequence gives the same streaks through the API as the test oracle', async (t) => {
      const seed = Date.now() % 1_000_000_007;
      t.comment(`seed ${seed}`);
      const next = random(seed);
      const members = [await createMember(app), await createMember(app), await createMember(app)];
      const model = new Map<number, Streak | null>(members.map((memberId) => [memberId, null]));
      for (let step = 0; step < 90; step += 1) {
        const memberId = members[Math.floor(next() * members.length)]!;
        // Resets a little rarer than updates, so that both long runs and long misses occur.
        const mutation: Change = next() < 0.55 ? 'incrementStreak' : 'resetStreak';
        const expected = (mutation === 'incrementStreak' ? incrementStreak : resetStreak)(model.get(memberId)!);
        model.set(memberId, expected);
        const response = await change(app, mutation, memberId);
        if (
          !t.same(
            response,
            changed(mutation, memberId, expected.currentStreak, expected.maxStreak),
            `seed ${seed} step ${step}`,
          )
        ) {
          break;
        }
      }
      const streaks = await postGraphQL<{ streaks: ({ memberId: number } & Streak)[] }>(
        app,
        '{ streaks { memberId currentStreak maxStreak } }',
      );
      t.same(
        streaks.body.data!.streaks.filter((row) => members.includes(row.memberId)),
        members.filter((memberId) => model.get(memberId)).map((memberId) => ({ memberId, ...model.get(memberId) })),
      );
    });

    void t.test('streaks lists every row by memberId', async (t) => {
      // A database of its own: the list is then exactly these rows.
      const { app } = await buildTestApp(t, kind);
      t.same(await postGraphQL(app, '{ streaks { memberId currentStreak maxStreak } }'), {
        statusCode: 200,
        body: { data: { streaks: [] } },
      });
      const [a, b, c, d] = [
        await createMember(app),
        await createMember(app),
        await createMember(app),
        await createMember(app),
      ];
      // Rows created in the reverse order of the ids; d never updates.
      await apply(app, c, ['resetStreak', 'resetStreak']);
      await apply(app, b, ['incrementStreak']);
      await apply(app, a, ['incrementStreak', 'incrementStreak', 'incrementStreak', 'resetStreak']);
      t.same(await postGraphQL(app, '{ streaks { memberId currentStreak maxStreak } }'), {
        statusCode: 200,
        body: {
          data: {
            streaks: [
              { memberId: a, currentStreak: 0, maxStreak: 3 },
              { memberId: b, currentStreak: 1, maxStreak: 1 },
              { memberId: c, currentStreak: -1, maxStreak: 0 },
            ],
          },
        },
      });
      t.same(await postGraphQL(app, `{ streak(memberId: ${d}) { memberId currentStreak maxStreak } }`), {
        statusCode: 200,
        body: { data: { streak: { memberId: d, currentStreak: 0, maxStreak: 0 } } },
      });
    });
  });
}
