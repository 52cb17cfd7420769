// Normalises and checks a new member before it reaches the database (which
// enforces the same rules again). Each problem is reported with the field.

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
}

export class MemberInputError extends Error {
  constructor(
    readonly field: keyof NewMember,
    message: string,
  ) {
    super(message);
    this.name = 'MemberInputError';
  }
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

export function normalizeNewMember(input: NewMember): NewMember {
  const text = (field: 'rollNo' | 'name' | 'hostel' | 'discordId', label: string) => {
    const value = input[field].trim();
    if (!value) throw new MemberInputError(field, `${label} must not be empty`);
    return value;
  };

  const rollNo = text('rollNo', 'Roll number');
  if (rollNo.length > MAX_ROLL_NO_LENGTH) {
    throw new MemberInputError('rollNo', `Roll number must be at most ${MAX_ROLL_NO_LENGTH} characters`);
  }
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new MemberInputError('email', `"${input.email}" is not a valid email address`);
  if (!Number.isInteger(input.year) || input.year < 1 || input.year > 4) {
    throw new MemberInputError('year', `Year must be between 1 and 4, got ${input.year}`);
  }
  const macAddress = normalizeMacAddress(input.macAddress);
  if (!macAddress) {
    throw new MemberInputError('macAddress', `"${input.macAddress}" is not a MAC address like aa:bb:cc:dd:ee:ff`);
  }

  return {
    ...input,
    rollNo,
    name: text('name', 'Name'),
    email,
    hostel: text('hostel', 'Hostel'),
    macAddress,
    discordId: text('discordId', 'Discord id'),
  };
}
