import { createHmac } from 'node:crypto';
import t from 'tap';
import {
  signAttendance,
  signatureMessage,
  verifyAttendanceSignature,
} from '../../src/attendance/attendance-signature.js';

const secret = 'club-scanner-secret';
// Computed independently of the module under test: HMAC-SHA256 over "<id><date>".
const expected = createHmac('sha256', secret).update('422026-04-01').digest('hex');

void t.test('the message is the decimal id followed by the date, no separator', async (t) => {
  t.equal(signatureMessage(42, '2026-04-01'), '422026-04-01');
  t.equal(signatureMessage(7, '2025-12-31'), '72025-12-31');
});

void t.test('signAttendance gives the lowercase hex HMAC-SHA256', async (t) => {
  t.equal(signAttendance(secret, 42, '2026-04-01'), expected);
  t.match(expected, /^[0-9a-f]{64}$/);
});

void t.test('fixed vectors (computed with `openssl dgst -sha256 -hmac`)', async (t) => {
  t.equal(expected, 'c44fa4fbb9e5f96970c4e54793af880a3ca1044fc6a0490520ef0f41c8530efd');
  t.equal(signAttendance('key', 1, '2026-01-01'), 'd0e9e29673e21678a5a0cc6cb380a3b3a911fa85a3ab4579d7bc28e32fed9d71');
});

void t.test('verifyAttendanceSignature', async (t) => {
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', expected), true, 'lowercase');
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', expected.toUpperCase()), true, 'uppercase');
  const mixed = [...expected].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', mixed), true, 'mixed case');

  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', expected.slice(0, 63)), false, 'too short');
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', `${expected}0`), false, 'too long');
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', `${expected}00`), false, 'too long, whole bytes');
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', ''), false, 'empty');
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', `${expected.slice(0, 63)}g`), false, 'not hex');
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', ` ${expected.slice(1)}`), false, 'space');
  t.equal(verifyAttendanceSignature('other-secret', 42, '2026-04-01', expected), false, 'wrong secret');
  t.equal(verifyAttendanceSignature(secret, 43, '2026-04-01', expected), false, 'wrong member');
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-02', expected), false, 'wrong date');
  const flipped = (expected[0] === '0' ? '1' : '0') + expected.slice(1);
  t.equal(verifyAttendanceSignature(secret, 42, '2026-04-01', flipped), false, 'one digit off');
});
