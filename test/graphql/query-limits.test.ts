// Query limits: an operation over a limit is refused while it is validated,
// before any resolver or SQL runs, with QUERY_TOO_COMPLEX saying which limit
// and by how much; the clients' own operations and GraphiQL's introspection
// stay well inside. Introspection and suggestions are off in production.
import { Kind, getIntrospectionQuery, parse } from 'graphql';
import t from 'tap';
import { operationSize } from '../../src/graphql/query-limits.js';
import { schema } from '../../src/schema/index.js';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { postGraphQL } from '../helpers/graphql.js';
import { recordStatements } from '../helpers/sql-recorder.js';

function refused(limit: string, max: number, actual: number, what: string) {
  return {
    statusCode: 200,
    body: {
      data: null,
      errors: [
        {
          message: `Query refused: ${actual} ${what}, over the limit of ${max} by ${actual - max}`,
          locations: [{ line: 1, column: 1 }],
          extensions: { limit, max, actual, code: 'QUERY_TOO_COMPLEX' },
        },
      ],
    },
  };
}

const repeat = (count: number, part: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => part(index)).join(' ');

// The members app's query (test/graphql/wire.test.ts), with every nested list.
const MEMBERS_APP = `query Members($year: Int, $groupId: Int) {
  members(year: $year, groupId: $groupId) {
    memberId name year groupId __typename
    streak { currentStreak maxStreak __typename }
    attendance { date isPresent timeIn timeOut __typename }
    attendanceSummary { year month daysAttended __typename }
    projects { projectId title __typename }
  }
}`;

const sizeOf = (query: string) => {
  const document = parse(query);
  const operation = document.definitions.find((node) => node.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(
    document.definitions.flatMap((node) => (node.kind === Kind.FRAGMENT_DEFINITION ? [[node.name.value, node]] : [])),
  );
  return operationSize(schema, operation, fragments);
};

void t.test('sizes of the clients operations, of introspection and of the bomb', async (t) => {
  t.same(sizeOf(MEMBERS_APP), { aliases: 0, rootFields: 1, cost: 40_100 }, 'the members app: 40% of the cost limit');
  t.same(
    sizeOf(
      `mutation { ${repeat(20, (i) => `a${i}: markAttendance(input: {memberId: ${i}, date: "2026-01-01", hmacSignature: "x"}) { isPresent }`)} }`,
    ),
    {
      aliases: 20,
      rootFields: 20,
      cost: 20,
    },
  );
  t.same(sizeOf(getIntrospectionQuery()), { aliases: 0, rootFields: 1, cost: 0 }, 'introspection is not counted');
  t.same(sizeOf(`{ ${repeat(50, (i) => `m${i}: members { attendance { date } }`)} }`), {
    aliases: 50,
    rootFields: 50,
    cost: 505_000,
  });
  t.same(
    sizeOf(
      'query { ...A } fragment A on Query { members { ...B } } fragment B on Member { projects { ...B title } ... on Member { attendance { date } } }',
    ),
    { aliases: 0, rootFields: 1, cost: 100 + 10_000 + 10_000 },
    'fragments expanded, a cycle cut',
  );
});

for (const kind of storeKinds) {
  void t.test(`limits on a running app (${kind})`, async (t) => {
    const { app } = await buildTestApp(t, kind);

    void t.test('the 50-alias bomb is refused before any SQL', async (t) => {
      const bomb = `{ ${repeat(50, (i) => `m${i}: members { attendance { date } }`)} }`;
      const started = performance.now();
      const { result, statements } = await recordStatements(app, () => postGraphQL(app, bomb));
      t.comment(`refused in ${(performance.now() - started).toFixed(1)} ms`);
      t.same(result, refused('cost', 100_000, 505_000, 'estimated cost'));
      t.same(statements, [], 'no SQL ran');
    });

    void t.test('aliases and root fields are limited', async (t) => {
      const aliases = `{ streaks { ${repeat(101, (i) => `a${i}: memberId`)} } }`;
      t.same(await postGraphQL(app, aliases), refused('aliases', 100, 101, 'aliases'));
      const rootFields = `{ ${repeat(101, () => 'streaks { memberId }')} }`;
      t.same(await postGraphQL(app, rootFields), refused('rootFields', 100, 101, 'root fields'));
      t.same(await postGraphQL(app, `{ ${repeat(100, () => 'streaks { memberId }')} }`), {
        statusCode: 200,
        body: { data: { streaks: [] } },
      });
    });

    void t.test('the members app and GraphiQL introspection pass in development', async (t) => {
      t.same(await postGraphQL(app, MEMBERS_APP, { variables: { groupId: -1 } }), {
        statusCode: 200,
        body: { data: { members: [] } },
      });
      const introspection = await postGraphQL(app, getIntrospectionQuery());
      t.equal(introspection.statusCode, 200);
      t.notOk(introspection.body.errors);
      t.equal(
        (introspection.body.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name,
        'Query',
      );
      const typo = await postGraphQL(app, '{ stream { memberId } }');
      t.same(
        typo.body.errors?.[0]?.message,
        'Cannot query field "stream" on type "Query". Did you mean "streak" or "streaks"?',
      );
    });
  });
}

void t.test('limits are configurable; production hides the schema', async (t) => {
  const { app } = await buildTestApp(t, 'postgresql', { ROOT_ENV: 'production', ROOT_QUERY_MAX_COST: '40000' });
  t.same(await postGraphQL(app, MEMBERS_APP), refused('cost', 40_000, 40_100, 'estimated cost'));
  const introspection = await postGraphQL(app, '{ __schema { queryType { name } } }');
  t.same(introspection.body.errors?.[0]?.extensions, { code: 'GRAPHQL_VALIDATION_FAILED' });
  t.match(introspection.body.errors?.[0]?.message, /introspection/);
  const typo = await postGraphQL(app, '{ stream { memberId } }');
  t.same(typo.body.errors, [
    {
      message: 'Cannot query field "stream" on type "Query".',
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    },
  ]);
  const enabled = await buildTestApp(t, 'postgresql', { ROOT_ENV: 'production', ROOT_INTROSPECTION: 'true' });
  const allowed = await postGraphQL(enabled.app, '{ __schema { queryType { name } } }');
  t.same(allowed.body, { data: { __schema: { queryType: { name: 'Query' } } } });
});
