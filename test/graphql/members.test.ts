// Members: createMember (normalisation, each refusal with its own code and
// no write), the members query's filters, and the nested lists with their
// optional range arguments.
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { type MemberInput, createMember, memberInput } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { insertAttendance, insertSummary, uniqueGroupId } from '../helpers/rows.js';

const FIELDS = 'memberId rollNo name email sex year hostel macAddress discordId groupId';
const CREATE = `mutation ($input: CreateMemberInput!) { createMember(input: $input) { ${FIELDS} } }`;
const CREATE_COLUMN = CREATE.indexOf('createMember(') + 1;

function create(app: FastifyInstance, input: object) {
  return postGraphQL(app, CREATE, { variables: { input } });
}

/** The whole response of a createMember refused by the resolver. */
function refused(message: string, extensions: Record<string, unknown>) {
  return {
    statusCode: 200,
    body: {
      data: null,
      errors: [{ message, locations: [{ line: 1, column: CREATE_COLUMN }], path: ['createMember'], extensions }],
    },
  };
}

/** Runs `fn` and checks that the member table did not change. */
async function writesNothing(t: Test, app: FastifyInstance, fn: () => Promise<unknown>): Promise<void> {
  const before = await app.prisma.member.findMany({ orderBy: { id: 'asc' } });
  await fn();
  t.same(await app.prisma.member.findMany({ orderBy: { id: 'asc' } }), before, 'no member written or changed');
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { app } = await buildTestApp(t, kind);

    void t.test('createMember stores a normalised member and returns it', async (t) => {
      const groupId = uniqueGroupId();
      const input = {
        rollNo: '  CS-2024-0017 ',
        name: ' Ada Lovelace ',
        email: ' Ada.Lovelace@Club.EXAMPLE ',
        sex: 'OTHER',
        year: 4,
        hostel: 'North Block',
        macAddress: 'A0-B1-C2-D3-E4-F5',
        discordId: '  ada#1815 ',
        groupId,
      };
      const response = await postGraphQL(
        app,
        `mutation ($input: CreateMemberInput!) { createMember(input: $input) { ${FIELDS} attendance { date } attendanceSummary { year } streak { currentStreak } projects { projectId } } }`,
        { variables: { input } },
      );
      const stored = await app.prisma.member.findFirstOrThrow({ where: { groupId } });
      const expected = {
        memberId: stored.id,
        rollNo: 'CS-2024-0017',
        name: 'Ada Lovelace',
        email: 'ada.lovelace@club.example',
        sex: 'OTHER',
        year: 4,
        hostel: 'North Block',
        macAddress: 'a0:b1:c2:d3:e4:f5',
        discordId: 'ada#1815',
        groupId,
      };
      t.same(response, {
        statusCode: 200,
        body: {
          data: { createMember: { ...expected, attendance: [], attendanceSummary: [], streak: [], projects: [] } },
        },
      });
      t.match(stored, { sex: 'Other', email: 'ada.lovelace@club.example', macAddress: 'a0:b1:c2:d3:e4:f5' });
      t.same(await postGraphQL(app, `{ members(groupId: ${groupId}) { ${FIELDS} } }`), {
        statusCode: 200,
        body: { data: { members: [expected] } },
      });
    });

    void t.test('createMember with inline values, every sex, every MAC spelling', async (t) => {
      const spellings: [sent: string, stored: string][] = [
        ['10:20:30:40:50:6A', '10:20:30:40:50:6a'],
        ['10-20-30-40-50-6b', '10:20:30:40:50:6b'],
        ['1020.3040.506C', '10:20:30:40:50:6c'],
        ['10203040506d', '10:20:30:40:50:6d'],
      ];
      for (const [index, [sent, stored]] of spellings.entries()) {
        const input = memberInput({ macAddress: sent, sex: (['M', 'F', 'OTHER', 'M'] as const)[index]! });
        const response = await postGraphQL(
          app,
          `mutation { createMember(input: {rollNo: "${input.rollNo}", name: "${input.name}", email: "${input.email}", sex: ${input.sex}, year: ${input.year}, hostel: "${input.hostel}", macAddress: "${sent}", discordId: "${input.discordId}", groupId: ${input.groupId}}) { rollNo sex macAddress } }`,
        );
        t.same(response, {
          statusCode: 200,
          body: { data: { createMember: { rollNo: input.rollNo, sex: input.sex, macAddress: stored } } },
        });
      }
    });

    void t.test('each duplicate gets its own code, in any spelling, and writes nothing', async (t) => {
      const original = memberInput({ email: 'grace.hopper@club.example', macAddress: 'aa:bb:cc:00:11:22' });
      t.equal((await create(app, original)).statusCode, 200);
      const cases: [what: string, change: Partial<MemberInput>, code: string, message: string][] = [
        ['same email', { email: original.email }, 'DUPLICATE_EMAIL', 'A member with this email already exists'],
        [
          'email in capitals',
          { email: 'Grace.Hopper@CLUB.example' },
          'DUPLICATE_EMAIL',
          'A member with this email already exists',
        ],
        [
          'same roll number',
          { rollNo: original.rollNo },
          'DUPLICATE_ROLL_NO',
          'A member with this roll number already exists',
        ],
        [
          'same MAC',
          { macAddress: original.macAddress },
          'DUPLICATE_MAC_ADDRESS',
          'A member with this MAC address already exists',
        ],
        [
          'MAC in capitals with dashes',
          { macAddress: 'AA-BB-CC-00-11-22' },
          'DUPLICATE_MAC_ADDRESS',
          'A member with this MAC address already exists',
        ],
        [
          'MAC in dotted form',
          { macAddress: 'AABB.CC00.1122' },
          'DUPLICATE_MAC_ADDRESS',
          'A member with this MAC address already exists',
        ],
        [
          'same Discord id',
          { discordId: original.discordId },
          'DUPLICATE_DISCORD_ID',
          'A member with this Discord id already exists',
        ],
      ];
      for (const [what, change, code, message] of cases) {
        await writesNothing(t, app, async () => {
          t.same(await create(app, memberInput(change)), refused(message, { code }), what);
        });
      }
    });

    void t.test('invalid input is refused with BAD_USER_INPUT naming the field, and writes nothing', async (t) => {
      const cases: [change: Partial<MemberInput>, field: string, message: string][] = [
        [{ year: 0 }, 'year', 'Year must be between 1 and 4, got 0'],
        [{ year: 5 }, 'year', 'Year must be between 1 and 4, got 5'],
        [{ year: -1 }, 'year', 'Year must be between 1 and 4, got -1'],
        [{ email: 'ada@club' }, 'email', '"ada@club" is not a valid email address'],
        [{ email: 'ada lovelace@club.example' }, 'email', '"ada lovelace@club.example" is not a valid email address'],
        [{ email: 'club.example' }, 'email', '"club.example" is not a valid email address'],
        [
          { macAddress: 'aa:bb:cc:dd:ee' },
          'macAddress',
          '"aa:bb:cc:dd:ee" is not a MAC address like aa:bb:cc:dd:ee:ff',
        ],
        [
          { macAddress: 'aa:bb-cc:dd:ee:ff' },
          'macAddress',
          '"aa:bb-cc:dd:ee:ff" is not a MAC address like aa:bb:cc:dd:ee:ff',
        ],
        [
          { macAddress: 'gg:bb:cc:dd:ee:ff' },
          'macAddress',
          '"gg:bb:cc:dd:ee:ff" is not a MAC address like aa:bb:cc:dd:ee:ff',
        ],
        [{ rollNo: 'R'.repeat(17) }, 'rollNo', 'Roll number must be at most 16 characters'],
        [{ rollNo: '   ' }, 'rollNo', 'Roll number must not be empty'],
        [{ name: '' }, 'name', 'Name must not be empty'],
        [{ hostel: ' ' }, 'hostel', 'Hostel must not be empty'],
        [{ discordId: '' }, 'discordId', 'Discord id must not be empty'],
      ];
      for (const [change, field, message] of cases) {
        await writesNothing(t, app, async () => {
          t.same(
            await create(app, memberInput(change)),
            refused(message, { field, code: 'BAD_USER_INPUT' }),
            JSON.stringify(change),
          );
        });
      }
    });

    void t.test('a roll number of exactly 16 characters is accepted', async (t) => {
      const rollNo = `R${Date.now().toString().slice(-15)}`.padEnd(16, '0');
      t.equal(rollNo.length, 16);
      t.same(
        await postGraphQL(app, CREATE.replace(FIELDS, 'rollNo'), { variables: { input: memberInput({ rollNo }) } }),
        {
          statusCode: 200,
          body: { data: { createMember: { rollNo } } },
        },
      );
    });

    void t.test('values outside the schema are refused before the resolver, and write nothing', async (t) => {
      const input = memberInput();
      const inline = (sex: string, year: string) =>
        `mutation { createMember(input: {rollNo: "${input.rollNo}", name: "n", email: "${input.email}", sex: ${sex}, year: ${year}, hostel: "h", macAddress: "${input.macAddress}", discordId: "${input.discordId}", groupId: 1}) { memberId } }`;
      const validationError = (message: string, column: number) => ({
        statusCode: 200,
        body: {
          data: null,
          errors: [{ message, locations: [{ line: 1, column }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
        },
      });
      await writesNothing(t, app, async () => {
        const query = inline('X', '1');
        t.same(
          await postGraphQL(app, query),
          validationError(
            'Value "X" does not exist in "Sex" enum. Did you mean the enum value "F" or "M"?',
            query.indexOf('sex: X') + 6,
          ),
        );
        const lowercase = inline('other', '1');
        t.same(
          await postGraphQL(app, lowercase),
          validationError(
            'Value "other" does not exist in "Sex" enum. Did you mean the enum value "OTHER"?',
            lowercase.indexOf('sex: other') + 6,
          ),
        );
        const fractional = inline('M', '2.5');
        t.same(
          await postGraphQL(app, fractional),
          validationError('Int cannot represent non-integer value: 2.5', fractional.indexOf('year: 2.5') + 7),
        );
        t.same(
          await create(app, { ...input, sex: 'Other' }),
          validationError(
            'Variable "$input" got invalid value "Other" at "input.sex"; Value "Other" does not exist in "Sex" enum. Did you mean the enum value "OTHER"?',
            11,
          ),
        );
        const withoutDiscordId: Partial<MemberInput> = { ...input };
        delete withoutDiscordId.discordId;
        t.same(
          await create(app, withoutDiscordId),
          validationError(
            'Variable "$input" got invalid value { rollNo: "' +
              input.rollNo +
              '", name: "' +
              input.name +
              '", email: "' +
              input.email +
              '", sex: "F", year: 2, hostel: "North", macAddress: "' +
              input.macAddress +
              '", groupId: 1 }; Field "discordId" of required type "String!" was not provided.',
            11,
          ),
        );
      });
    });

    void t.test('nested lists return all of the member rows, narrowed by the optional arguments', async (t) => {
      const groupId = uniqueGroupId();
      const memberId = await createMember(app, { groupId });
      const other = await createMember(app, { groupId });
      const rows = [
        { date: '2024-01-05', timeIn: '09:00:00', timeOut: '17:00:00' },
        { date: '2024-02-10', timeIn: '10:15:30.5', timeOut: '12:00:00.25' },
        { date: '2024-02-29', timeIn: null, timeOut: null },
        { date: '2024-03-15', timeIn: '08:00:00.000001', timeOut: '08:00:00.000002' },
      ];
      for (const row of [...rows].reverse()) await insertAttendance(app, { memberId, ...row });
      await insertAttendance(app, { memberId: other, date: '2024-02-10' });
      for (const [year, month, days] of [
        [2024, 2, 1],
        [2023, 12, 20],
        [2024, 1, 1],
      ] as const) {
        await insertSummary(app, memberId, year, month, days);
      }
      await insertSummary(app, other, 2024, 1, 3);
      for (let i = 0; i < 2; i += 1) {
        await postGraphQL(app, `mutation { incrementStreak(input: {memberId: ${memberId}}) { currentStreak } }`);
      }
      const projects: number[] = [];
      for (const title of ['Scanner firmware', 'Club website']) {
        const response = await postGraphQL<{ setProject: { projectId: number } }>(
          app,
          `mutation { setProject(input: {memberId: ${memberId}, title: "${title}"}) { projectId } }`,
        );
        projects.push(response.body.data!.setProject.projectId);
      }

      const wire = {
        '2024-01-05': { date: '2024-01-05', isPresent: true, timeIn: '09:00:00', timeOut: '17:00:00' },
        '2024-02-10': { date: '2024-02-10', isPresent: true, timeIn: '10:15:30.500', timeOut: '12:00:00.250' },
        '2024-02-29': { date: '2024-02-29', isPresent: false, timeIn: null, timeOut: null },
        '2024-03-15': { date: '2024-03-15', isPresent: true, timeIn: '08:00:00.000001', timeOut: '08:00:00.000002' },
      };
      const summaries = {
        '2023-12': { year: 2023, month: 12, daysAttended: 20 },
        '2024-01': { year: 2024, month: 1, daysAttended: 1 },
        '2024-02': { year: 2024, month: 2, daysAttended: 1 },
      };
      const full = await postGraphQL(
        app,
        `{ members(groupId: ${groupId}) { memberId attendance { date isPresent timeIn timeOut } attendanceSummary { year month daysAttended } streak { currentStreak maxStreak } projects { projectId memberId title } } }`,
      );
      t.same(full, {
        statusCode: 200,
        body: {
          data: {
            members: [
              {
                memberId,
                attendance: Object.values(wire),
                attendanceSummary: Object.values(summaries),
                streak: [{ currentStreak: 2, maxStreak: 2 }],
                projects: [
                  { projectId: projects[0], memberId, title: 'Scanner firmware' },
                  { projectId: projects[1], memberId, title: 'Club website' },
                ],
              },
              {
                memberId: other,
                attendance: [{ date: '2024-02-10', isPresent: false, timeIn: null, timeOut: null }],
                attendanceSummary: [{ year: 2024, month: 1, daysAttended: 3 }],
                streak: [],
                projects: [],
              },
            ],
          },
        },
      });

      const narrowed = await postGraphQL(
        app,
        `{ members(groupId: ${groupId}) {
  memberId
  from: attendance(from: "2024-02-10") { date isPresent timeIn timeOut }
  to: attendance(to: "2024-02-10") { date isPresent timeIn timeOut }
  both: attendance(from: "2024-02-01", to: "2024-02-29") { date isPresent timeIn timeOut }
  none: attendance(from: "2024-04-01") { date }
  y2024: attendanceSummary(year: 2024) { year month daysAttended }
  y2023: attendanceSummary(year: 2023) { year month daysAttended }
  y2030: attendanceSummary(year: 2030) { year }
} }`,
      );
      t.same(narrowed, {
        statusCode: 200,
        body: {
          data: {
            members: [
              {
                memberId,
                from: [wire['2024-02-10'], wire['2024-02-29'], wire['2024-03-15']],
                to: [wire['2024-01-05'], wire['2024-02-10']],
                both: [wire['2024-02-10'], wire['2024-02-29']],
                none: [],
                y2024: [summaries['2024-01'], summaries['2024-02']],
                y2023: [summaries['2023-12']],
                y2030: [],
              },
              {
                memberId: other,
                from: [{ date: '2024-02-10', isPresent: false, timeIn: null, timeOut: null }],
                to: [{ date: '2024-02-10', isPresent: false, timeIn: null, timeOut: null }],
                both: [{ date: '2024-02-10', isPresent: false, timeIn: null, timeOut: null }],
                none: [],
                y2024: [{ year: 2024, month: 1, daysAttended: 3 }],
                y2023: [],
                y2030: [],
              },
            ],
          },
        },
      });

      const rootRange = await postGraphQL(
        app,
        `{ attendance(memberId: ${memberId}, from: "2024-01-06", to: "2024-03-14") { memberId date } }`,
      );
      t.same(rootRange, {
        statusCode: 200,
        body: {
          data: {
            attendance: [
              { memberId, date: '2024-02-10' },
              { memberId, date: '2024-02-29' },
            ],
          },
        },
      });
    });

    void t.test('members filters by year and/or group', async (t) => {
      // A database of its own: the unfiltered list is then exactly these members.
      const { app } = await buildTestApp(t, kind);
      const ids: Record<string, number> = {};
      for (const [name, year, groupId] of [
        ['a', 1, 7],
        ['b', 2, 7],
        ['c', 1, 8],
        ['d', 2, 8],
        ['e', 1, 7],
      ] as const) {
        ids[name] = await createMember(app, { name, year, groupId });
      }
      const list = async (args: string) => {
        const response = await postGraphQL<{ members: { name: string }[] }>(
          app,
          `{ members${args} { memberId name year groupId } }`,
        );
        t.equal(response.statusCode, 200, args);
        t.same(response.body.errors, undefined, args);
        return response.body.data!.members.map((member) => member.name).join('');
      };
      t.equal(await list(''), 'abcde');
      t.equal(await list('(year: 1)'), 'ace');
      t.equal(await list('(groupId: 7)'), 'abe');
      t.equal(await list('(year: 2, groupId: 8)'), 'd');
      t.equal(await list('(year: 3)'), '');
      t.equal(await list('(year: 1, groupId: 9)'), '');
      t.equal(await list('(year: null, groupId: 8)'), 'cd');
      t.same(await postGraphQL(app, '{ members(year: 2) { memberId name year groupId } }'), {
        statusCode: 200,
        body: {
          data: {
            members: [
              { memberId: ids.b, name: 'b', year: 2, groupId: 7 },
              { memberId: ids.d, name: 'd', year: 2, groupId: 8 },
            ],
          },
        },
      });
    });
  });
}
