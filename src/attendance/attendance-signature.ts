// How attendance scanners prove a mark is theirs: HMAC-SHA256 over the ASCII
// message `<memberId><YYYY-MM-DD>` with the shared secret, sent as hex.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signatureMessage(memberId: number, date: string): string {
  return `${memberId}${date}`;
}

export function signAttendance(secret: string, memberId: number, date: string): string {
  return createHmac('sha256', secret).update(signatureMessage(memberId, date)).digest('hex');
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** True when `signature` (hex, either case) is the scanner signature for this member and date. */
export function verifyAttendanceSignature(secret: string, memberId: number, date: string, signature: string): boolean {
  // A malformed signature is refused before comparing; its length is public anyway.
  if (!HEX_SHA256.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(signatureMessage(memberId, date)).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
