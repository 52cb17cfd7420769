// The first-generation wire contract (test/fixtures/contract.graphql) against the
// schema the server builds and the one it serves over HTTP: nothing removed,
// renamed or made stricter, every type and field with the same type string.
// Also checks that the committed schema.graphql is the printed schema.
import { readFileSync } from 'node:fs';
import t from 'tap';
import {
  type GraphQLArgument,
  type GraphQLSchema,
  buildClientSchema,
  buildSchema,
  findBreakingChanges,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  type IntrospectionQuery,
} from 'graphql';
import { schema as builtSchema } from '../../src/schema/index.js';
import { printSdl } from '../../src/schema/print.js';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { postGraphQL } from '../helpers/graphql.js';

const contractSdl = readFileSync(new URL('../fixtures/contract.graphql', import.meta.url), 'utf8');
const contract = buildSchema(contractSdl);

/** Every way `served` differs from the contract, as readable lines; [] when it honours it. */
function contractMismatches(served: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(contract.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    const actual = served.getType(type.name);
    if (!actual) {
      problems.push(`${type.name}: missing`);
      continue;
    }
    if (actual.constructor !== type.constructor) {
      problems.push(`${type.name}: is a ${actual.constructor.name}, expected ${type.constructor.name}`);
      continue;
    }
    if (isEnumType(type) && isEnumType(actual)) {
      const expected = type.getValues().map((value) => value.name);
      const got = actual.getValues().map((value) => value.name);
      if (JSON.stringify([...got].sort()) !== JSON.stringify([...expected].sort())) {
        problems.push(`${type.name}: values ${got.join(' ')}, expected ${expected.join(' ')}`);
      }
    }
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const actualFields = (actual as typeof type).getFields();
      for (const field of Object.values(type.getFields())) {
        const got = actualFields[field.name];
        if (!got) {
          problems.push(`${type.name}.${field.name}: missing`);
          continue;
        }
        if (String(got.type) !== String(field.type)) {
          problems.push(`${type.name}.${field.name}: ${String(got.type)}, expected ${String(field.type)}`);
        }
        const expectedArgs: readonly GraphQLArgument[] = 'args' in field ? field.args : [];
        const actualArgs: readonly GraphQLArgument[] = 'args' in got ? got.args : [];
        for (const arg of expectedArgs) {
          const gotArg = actualArgs.find((candidate) => candidate.name === arg.name);
          if (!gotArg) problems.push(`${type.name}.${field.name}(${arg.name}): missing`);
          else if (String(gotArg.type) !== String(arg.type)) {
            problems.push(
              `${type.name}.${field.name}(${arg.name}): ${String(gotArg.type)}, expected ${String(arg.type)}`,
            );
          }
        }
        for (const extra of actualArgs.filter(
          (candidate) => !expectedArgs.some((arg) => arg.name === candidate.name),
        )) {
          if (String(extra.type).endsWith('!')) {
            problems.push(`${type.name}.${field.name}(${extra.name}): a new argument must be optional`);
          }
        }
      }
    }
  }
  return problems;
}

function breakingChanges(served: GraphQLSchema): string[] {
  return findBreakingChanges(contract, served).map((change) => `${change.type}: ${change.description}`);
}

void t.test('the contract fixture holds every operation of the first-generation contract', async (t) => {
  t.same(Object.keys(contract.getQueryType()!.getFields()), [
    'members',
    'attendance',
    'attendanceByDate',
    'streak',
    'streaks',
    'projects',
  ]);
  t.same(Object.keys(contract.getMutationType()!.getFields()), [
    'createMember',
    'markAttendance',
    'incrementStreak',
    'resetStreak',
    'setProject',
  ]);
});

void t.test('the schema built by src/schema/index.ts honours the contract', async (t) => {
  t.same(breakingChanges(builtSchema), []);
  t.same(contractMismatches(builtSchema), []);
});

void t.test('the only additions to contract fields are the optional range arguments', async (t) => {
  const added: string[] = [];
  for (const type of [contract.getQueryType()!, contract.getType('Member')!]) {
    if (!isObjectType(type)) continue;
    const served = builtSchema.getType(type.name);
    if (!isObjectType(served)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of served.getFields()[field.name]!.args) {
        if (!field.args.some((known) => known.name === arg.name)) {
          added.push(`${type.name}.${field.name}(${arg.name}: ${String(arg.type)})`);
        }
      }
    }
  }
  t.same(added, [
    'Query.attendance(from: NaiveDate)',
    'Query.attendance(to: NaiveDate)',
    'Member.attendance(from: NaiveDate)',
    'Member.attendance(to: NaiveDate)',
    'Member.attendanceSummary(year: Int)',
  ]);
});

void t.test('the checks catch what a drop-in replacement must not do', async (t) => {
  const mutate = (from: string, to: string) => {
    t.ok(contractSdl.includes(from), `fixture contains ${from}`);
    return buildSchema(contractSdl.replace(from, to));
  };

  // Stricter output: not "breaking" for graphql-js, yet a client reading null would differ.
  const strictTitle = mutate('title: String }', 'title: String! }');
  t.same(breakingChanges(strictTitle), []);
  t.same(contractMismatches(strictTitle), ['Project.title: String!, expected String']);

  const renamed = mutate('rollNo: String!  name', 'rollNumber: String!  name');
  t.same(contractMismatches(renamed), ['Member.rollNo: missing']);
  t.same(breakingChanges(renamed), ['FIELD_REMOVED: Member.rollNo was removed.']);

  const requiredArg = mutate('members(year: Int, groupId: Int)', 'members(year: Int, groupId: Int, active: Boolean!)');
  t.same(contractMismatches(requiredArg), ['Query.members(active): a new argument must be optional']);
  t.same(breakingChanges(requiredArg), ['REQUIRED_ARG_ADDED: A required arg active on Query.members was added.']);

  const enumValue = mutate('enum Sex { M F OTHER }', 'enum Sex { M F }');
  t.same(contractMismatches(enumValue), ['Sex: values M F, expected M F OTHER']);

  const listOfNullable = mutate('streak: [StatusUpdateStreakInfo!]!', 'streak: [StatusUpdateStreakInfo]!');
  t.same(contractMismatches(listOfNullable), [
    'Member.streak: [StatusUpdateStreakInfo]!, expected [StatusUpdateStreakInfo!]!',
  ]);
});

void t.test('schema.graphql is the printed schema (no drift)', async (t) => {
  const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
  t.equal(committed, printSdl(), 'run `npm run schema:print` after changing the schema');
  t.same(contractMismatches(buildSchema(committed)), []);
  t.same(breakingChanges(buildSchema(committed)), []);
});

for (const kind of storeKinds) {
  void t.test(`${kind}: the schema served over HTTP honours the contract`, async (t) => {
    const { app } = await buildTestApp(t, kind);
    for (const path of ['/', '/graphql']) {
      const response = await postGraphQL<IntrospectionQuery>(app, getIntrospectionQuery(), { path });
      t.equal(response.statusCode, 200, path);
      t.same(response.body.errors, undefined, path);
      const served = buildClientSchema(response.body.data!);
      t.same(breakingChanges(served), [], path);
      t.same(contractMismatches(served), [], path);
    }
  });
}
