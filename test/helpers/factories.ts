// Unique test data: every call gives a member nobody else in the run has.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { signAttendance } from '../../src/attendance/attendance-signature.js';
import { TEST_SECRET } from './build-app.js';
import { postGraphQL } from './graphql.js';

let sequence = 0;

export interface MemberInput {
  rollNo: string;
  name: string;
  email: string;
  sex: 'M' | 'F' | 'OTHER';
  year: number;
  hostel: string;
  macAddress: string;
  discordId: string;
  groupId: number;
}

export function memberInput(overrides: Partial<MemberInput> = {}): MemberInput {
  sequence += 1;
  const tag = `${process.pid.toString(36)}${sequence.toString(36)}`.slice(-10);
  const mac = randomBytes(6).toString('hex').match(/../g)!.join(':');
  return {
    rollNo: `R${tag}`,
    name: `Member ${sequence}`,
    email: `member.${tag}@club.example`,
    sex: 'F',
    year: 2,
    hostel: 'North',
    macAddress: mac,
    discordId: `${Date.now()}${sequence}`,
    groupId: 1,
    ...overrides,
  };
}

/** Creates a member through the API and returns its id. */
export async function createMember(app: FastifyInstance, overrides: Partial<MemberInput> = {}): Promise<number> {
  const response = await postGraphQL<{ createMember: { memberId: number } }>(
    app,
    'mutation ($input: CreateMemberInput!) { createMember(input: $input) { memberId } }',
    { variables: { input: memberInput(overrides) } },
  );
  if (!response.body.data) throw new Error(`createMember failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data.createMember.memberId;
}

export function sign(memberId: number, date: string, secret = TEST_SECRET): string {
  return signAttendance(secret, memberId, date);
}
