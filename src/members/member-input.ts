// Normalises and checks member fields before they reach the database (which
// enforces the same rules again). One set of rules serves a new member and a
// change to one: each field given is checked the same way, and a problem is
// a BAD_USER_INPUT error naming the field.
import { badUserInput } from '../errors/domain-error.js';

export interface NewMember {
  rollNo: string;
  name: string;
  email: string;
  sex: 'M' | 'F' | 'Other';
  year: number;
  hostel: string;
  macAddress: string;
  discordId: string;
  groupId: number;
  /** Optional; null (or blank text) leaves it unset. */
  track?: string | null;
  /** The member's GitHub login; optional like track. */
  githubUser?: string | null;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MAX_ROLL_NO_LENGTH = 16;

/** Accepts 6 hex pairs separated by ':' or '-', Cisco's aabb.ccdd.eeff, or 12 bare hex digits. */
export function normalizeMacAddress(input: string): string | null {
  const text = input.trim().toLowerCase();
  const forms = [
    /^([0-9a-f]{2})([:-])(?:[0-9a-f]{2}\2){4}[0-9a-f]{2}$/,
    /^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$/,
    /^[0-9a-f]{12}$/,
  ];
  if (!forms.some((form) => form.test(text))) return null;
  const hex = text.replace(/[^0-9a-f]/g, '');
  return hex.match(/../g)!.join(':');
}

function nonEmpty(field: string, label: string, value: string): string {
  const text = value.trim();
  if (!text) throw badUserInput(`${label} must not be empty`, field);
  return text;
}

/** An optional text field: trimmed, and blank means unset. */
function optionalText(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}

type Rules = { [Field in keyof NewMember]?: (value: NewMember[Field]) => NewMember[Field] };

// In the order problems are reported when several fields are wrong.
const rules: Rules = {
  rollNo: (value) => {
    const rollNo = nonEmpty('rollNo', 'Roll number', value);
    if (rollNo.length > MAX_ROLL_NO_LENGTH) {
      throw badUserInput(`Roll number must be at most ${MAX_ROLL_NO_LENGTH} characters`, 'rollNo');
    }
    return rollNo;
  },
  email: (value) => {
    const email = value.trim().toLowerCase();
    if (!EMAIL.test(email)) throw badUserInput(`"${value}" is not a valid email address`, 'email');
    return email;
  },
  year: (value) => {
    if (!Number.isInteger(value) || value < 1 || value > 4) {
      throw badUserInput(`Year must be between 1 and 4, got ${value}`, 'year');
    }
    return value;
  },
  macAddress: (value) => {
    const macAddress = normalizeMacAddress(value);
    if (!macAddress) throw badUserInput(`"${value}" is not a MAC address like aa:bb:cc:dd:ee:ff`, 'macAddress');
    return macAddress;
  },
  name: (value) => nonEmpty('name', 'Name', value),
  hostel: (value) => nonEmpty('hostel', 'Hostel', value),
  discordId: (value) => nonEmpty('discordId', 'Discord id', value),
  track: optionalText,
  githubUser: (value) => {
    // A login ("octocat", "@octocat"), not a URL or a display name.
    const login = optionalText(value)?.replace(/^@/, '') ?? null;
    if (login !== null && !/^[^\s/@]+$/.test(login)) {
      throw badUserInput(`"${value}" is not a GitHub user name`, 'githubUser');
    }
    return login;
  },
};

/** Normalises every field present in `input` (others pass through untouched). */
export function normalizeMemberFields<T extends Partial<NewMember>>(input: T): T {
  const output: Partial<NewMember> = { ...input };
  for (const [field, rule] of Object.entries(rules) as [keyof NewMember, (value: unknown) => unknown][]) {
    if (output[field] !== undefined) (output as Record<string, unknown>)[field] = rule(output[field]);
  }
  return output as T;
}

export function normalizeNewMember(input: NewMember): NewMember {
  return normalizeMemberFields(input);
}
