// Which root fields of a document record a signed mark (by response key),
// and the outcome of each in a result, as /metrics counts them.
import { parse } from 'graphql';
import t from 'tap';
import { markFieldKeys, markOutcomes } from '../../src/graphql/mark-outcomes.js';
import { schema } from '../../src/schema/index.js';

const MARK = 'markAttendance(input: {memberId: 1, date: "2026-11-30", hmacSignature: "x"}) { memberId }';

void t.test('mark fields by response key: aliases, inline fragments, the operation that runs', async (t) => {
  const document = parse(`
    mutation Two { first: ${MARK} ... on Mutation { second: ${MARK} } createMember: ${MARK} }
    mutation Other { ${MARK} }
    query Read { members { memberId } }`);
  t.strictSame(markFieldKeys(schema, document, 'Two'), ['first', 'second', 'createMember']);
  t.strictSame(markFieldKeys(schema, document, 'Other'), ['markAttendance']);
  t.strictSame(markFieldKeys(schema, document, 'Read'), []);
  t.strictSame(markFieldKeys(schema, document, 'Missing'), [], 'no such operation');
  t.strictSame(markFieldKeys(schema, document), [], 'several operations and no name: none runs');
});

void t.test('outcomes: accepted, refused by the field error, the request error, or an uncoded one', async (t) => {
  t.strictSame(
    markOutcomes(['a', 'b', 'c'], {
      data: { a: { memberId: 1 }, b: null, c: null },
      errors: [{ path: ['b'], extensions: { code: 'STALE_DATE' } }, { path: ['c'] }],
    }),
    [
      { outcome: 'accepted', reason: 'ok' },
      { outcome: 'refused', reason: 'STALE_DATE' },
      { outcome: 'refused', reason: 'INTERNAL_SERVER_ERROR' },
    ],
  );
  t.strictSame(markOutcomes(['a'], { data: null, errors: [{ extensions: { code: 'INVALID_SIGNATURE' } }] }), [
    { outcome: 'refused', reason: 'INVALID_SIGNATURE' },
  ]);
  t.strictSame(markOutcomes(['a'], {}), [{ outcome: 'refused', reason: 'INTERNAL_SERVER_ERROR' }]);
});
