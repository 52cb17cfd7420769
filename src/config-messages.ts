// Plain-language messages for configuration errors: what the variable
// accepts and the value that was given, instead of Ajv's schema wording
// ("must be equal to one of the allowed values", a regular expression) or the
// cron parser's ("Unknown alias: bog"). Secrets and URLs are never echoed in
// full.

/** The parts of an Ajv error that the messages use. */
interface SchemaError {
  instancePath: string;
  keyword: string;
}

interface PropertySchema {
  type?: string;
  enum?: readonly string[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

/** One clause per invalid variable, e.g. `LOG_LEVEL must be one of …; got "loud"`. */
export function describeSchemaErrors(
  errors: readonly SchemaError[],
  properties: Record<string, PropertySchema>,
  data: Record<string, string>,
  /** The name the user wrote, when it was an alias (ROOT_PORT for PORT). */
  givenName: (name: string) => string,
): string {
  const clauses = new Map<string, string>();
  for (const error of errors) {
    const name = error.instancePath.replace(/^\//, '');
    if (clauses.has(name)) continue; // PORT=-1.5 is both fractional and negative: say it once
    const schema = properties[name] ?? {};
    const value = data[name] ?? '';
    clauses.set(name, `${givenName(name)} ${requirement(name, error.keyword, schema)}; got ${shown(name, value)}`);
  }
  return [...clauses.values()].join('; ');
}

function requirement(name: string, keyword: string, schema: PropertySchema): string {
  if (schema.enum)
    return `must be ${schema.enum.length === 2 ? schema.enum.join(' or ') : `one of ${schema.enum.join(', ')}`}`;
  if (name === 'DATABASE_URL') return 'must start with postgres:// or postgresql://';
  if (schema.minimum !== undefined && schema.maximum !== undefined) {
    return `must be a whole number from ${schema.minimum} to ${schema.maximum}`;
  }
  if (schema.exclusiveMinimum !== undefined) {
    const most = schema.maximum === undefined ? '' : ` and at most ${schema.maximum}`;
    return `must be a number above ${schema.exclusiveMinimum}${most}`;
  }
  if (schema.minimum !== undefined) return `must be a whole number of at least ${schema.minimum}`;
  if (schema.type === 'boolean') return 'must be true or false';
  return `is not valid (${keyword})`;
}

function shown(name: string, value: string): string {
  if (name === 'HMAC_SECRET') return 'a value that is not shown';
  // A URL can carry a password: its scheme is enough to see the mistake.
  if (name === 'DATABASE_URL') return `"${value.includes('://') ? `${value.split('://')[0]}://…` : '…'}"`;
  return `"${value}"`;
}

const CRON_FORMAT =
  'five fields "minute hour day-of-month month day-of-week" (or six, seconds first), ' +
  'e.g. "30 0 * * *" for 00:30 every day';

/** Why the cron parser refused an expression, in words an operator can act on. */
export function describeCronProblem(expression: string, parserMessage: string): string {
  const fields = expression.trim().split(/\s+/).length;
  let problem: string;
  if (/too (few|many) fields/i.test(parserMessage)) {
    problem = `it has ${fields} field${fields === 1 ? '' : 's'}; a schedule has ${CRON_FORMAT}`;
  } else if (/out of range/i.test(parserMessage)) {
    const value = /\((\d+)\)/.exec(parserMessage)?.[1];
    problem =
      `${value === undefined ? 'a value' : value} is out of range (minutes 0-59, hours 0-23, days 1-31, ` +
      'months 1-12, days of the week 0-7)';
  } else if (/unknown alias/i.test(parserMessage)) {
    problem = `fields are numbers, ranges (1-5), lists (1,15), steps (*/10) or *, and names only for months (jan) and days (mon); a schedule has ${CRON_FORMAT}`;
  } else {
    problem = `${parserMessage}; a schedule has ${CRON_FORMAT}`;
  }
  return `DAILY_TASK_CRON "${expression}" is not a valid schedule: ${problem}`;
}
