import t from 'tap';
import { DomainError } from '../../src/errors/domain-error.js';
import {
  type NewMember,
  normalizeMacAddress,
  normalizeMemberFields,
  normalizeNewMember,
} from '../../src/members/member-input.js';

const valid: NewMember = {
  rollNo: 'AM.EN.U4CSE21001',
  name: 'Ada Lovelace',
  email: 'ada@club.example',
  sex: 'F',
  year: 2,
  hostel: 'North',
  macAddress: 'aa:bb:cc:dd:ee:ff',
  discordId: '123456789012345678',
  groupId: 3,
};

/** The domain error `fn` throws, as { code, field, message } (fails the test otherwise). */
function inputError(fn: () => unknown): { code: string; field: unknown; message: string } | string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return { code: error.code, field: error.extensions.field, message: error.message };
    throw error;
  }
  return 'no error';
}

void t.test('normalizeMacAddress accepts the usual forms and gives lowercase colon form', async (t) => {
  const cases: [string, string][] = [
    ['aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff'],
    ['AA:BB:CC:DD:EE:FF', 'aa:bb:cc:dd:ee:ff'],
    ['aa-bb-cc-dd-ee-ff', 'aa:bb:cc:dd:ee:ff'],
    ['AA-BB-CC-DD-EE-0F', 'aa:bb:cc:dd:ee:0f'],
    ['AABB.CCDD.EEFF', 'aa:bb:cc:dd:ee:ff'],
    ['aabb.ccdd.eeff', 'aa:bb:cc:dd:ee:ff'],
    ['aabbccddeeff', 'aa:bb:cc:dd:ee:ff'],
    ['001A2B3C4D5E', '00:1a:2b:3c:4d:5e'],
    ['  aa:bb:cc:dd:ee:ff  ', 'aa:bb:cc:dd:ee:ff'],
  ];
  for (const [input, expected] of cases) t.equal(normalizeMacAddress(input), expected, input);
});

void t.test('normalizeMacAddress refuses everything else', async (t) => {
  for (const input of [
    '',
    'aa:bb:cc:dd:ee',
    'aa:bb:cc:dd:ee:ff:00',
    'aa:bb-cc:dd-ee:ff',
    'aa:bb:cc:dd:ee:fg',
    'aabb.ccdd.eef',
    'aabb:ccdd:eeff',
    'aabbccddeef',
    'aabbccddeeff0',
    'a:b:c:d:e:f',
    'aa bb cc dd ee ff',
    'aa:bb:cc:dd:ee:ff:',
  ]) {
    t.equal(normalizeMacAddress(input), null, JSON.stringify(input));
  }
});

void t.test('a valid member comes back normalised', async (t) => {
  t.strictSame(
    normalizeNewMember({
      ...valid,
      rollNo: '  AM.EN.U4CSE21001 ',
      name: ' Ada Lovelace ',
      email: '  Ada.Lovelace@Club.EXAMPLE ',
      hostel: ' North ',
      macAddress: 'AA-BB-CC-DD-EE-FF',
      discordId: ' 123456789012345678 ',
    }),
    { ...valid, email: 'ada.lovelace@club.example' },
  );
});

void t.test('an already normal member is unchanged', async (t) => {
  t.strictSame(normalizeNewMember(valid), valid);
});

void t.test('roll numbers of up to 16 characters', async (t) => {
  t.equal(normalizeNewMember({ ...valid, rollNo: 'x'.repeat(16) }).rollNo, 'x'.repeat(16));
  t.equal(normalizeNewMember({ ...valid, rollNo: ` ${'x'.repeat(16)} ` }).rollNo, 'x'.repeat(16), 'after trimming');
});

void t.test('years 1 to 4', async (t) => {
  for (const year of [1, 2, 3, 4]) t.equal(normalizeNewMember({ ...valid, year }).year, year);
});

void t.test('each invalid field is reported with that field', async (t) => {
  const cases: [string, Partial<NewMember>, { field: keyof NewMember; message: string }][] = [
    ['empty roll number', { rollNo: '' }, { field: 'rollNo', message: 'Roll number must not be empty' }],
    ['blank roll number', { rollNo: '   ' }, { field: 'rollNo', message: 'Roll number must not be empty' }],
    [
      'roll number of 17 characters',
      { rollNo: 'x'.repeat(17) },
      { field: 'rollNo', message: 'Roll number must be at most 16 characters' },
    ],
    ['blank name', { name: ' ' }, { field: 'name', message: 'Name must not be empty' }],
    ['blank hostel', { hostel: '' }, { field: 'hostel', message: 'Hostel must not be empty' }],
    ['blank Discord id', { discordId: '\t' }, { field: 'discordId', message: 'Discord id must not be empty' }],
    [
      'email without @',
      { email: 'ada.club.example' },
      { field: 'email', message: '"ada.club.example" is not a valid email address' },
    ],
    [
      'email without domain dot',
      { email: 'ada@club' },
      { field: 'email', message: '"ada@club" is not a valid email address' },
    ],
    [
      'email with two @',
      { email: 'a@b@c.org' },
      { field: 'email', message: '"a@b@c.org" is not a valid email address' },
    ],
    [
      'email with a space',
      { email: 'a da@c.org' },
      { field: 'email', message: '"a da@c.org" is not a valid email address' },
    ],
    ['empty email', { email: '' }, { field: 'email', message: '"" is not a valid email address' }],
    ['year 0', { year: 0 }, { field: 'year', message: 'Year must be between 1 and 4, got 0' }],
    ['year 5', { year: 5 }, { field: 'year', message: 'Year must be between 1 and 4, got 5' }],
    ['year -1', { year: -1 }, { field: 'year', message: 'Year must be between 1 and 4, got -1' }],
    ['fractional year', { year: 2.5 }, { field: 'year', message: 'Year must be between 1 and 4, got 2.5' }],
    [
      'MAC with five pairs',
      { macAddress: 'aa:bb:cc:dd:ee' },
      { field: 'macAddress', message: '"aa:bb:cc:dd:ee" is not a MAC address like aa:bb:cc:dd:ee:ff' },
    ],
    [
      'MAC with a non-hex digit',
      { macAddress: 'gg:bb:cc:dd:ee:ff' },
      { field: 'macAddress', message: '"gg:bb:cc:dd:ee:ff" is not a MAC address like aa:bb:cc:dd:ee:ff' },
    ],
  ];
  for (const [name, change, expected] of cases) {
    void t.test(name, async (t) => {
      t.strictSame(
        inputError(() => normalizeNewMember({ ...valid, ...change })),
        { code: 'BAD_USER_INPUT', ...expected },
      );
      t.strictSame(
        inputError(() => normalizeMemberFields(change)),
        { code: 'BAD_USER_INPUT', ...expected },
        'the same rule for a change to that field alone',
      );
    });
  }
});

void t.test('a change normalises only the fields it gives', async (t) => {
  t.strictSame(normalizeMemberFields({ email: ' Ada@Club.Example ', year: 3 }), { email: 'ada@club.example', year: 3 });
  t.strictSame(normalizeMemberFields({}), {});
});

void t.test('with several fields wrong, the first in the rules order is reported', async (t) => {
  t.strictSame(
    inputError(() => normalizeNewMember({ ...valid, name: '', year: 9, rollNo: '' })),
    {
      code: 'BAD_USER_INPUT',
      field: 'rollNo',
      message: 'Roll number must not be empty',
    },
  );
});
