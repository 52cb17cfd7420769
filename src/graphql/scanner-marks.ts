// The scanners' mark, prepared once. Scanner firmware writes its values into
// the text (`markAttendance(input: {memberId: 42, date: "…", hmacSignature:
// "…"})`), so every member's mark is a document of its own. Mercurius keeps
// 1,024 parsed and validated documents by their text; a campus of 10,000
// members cycles through more than that, so each mark was parsed, validated
// (27 rules, about 0.25 ms) and run uncompiled: with 10,000 members the API
// benchmark's marks were answered at 0.38 of the baseline's rate, against
// 0.61 when the same marks came as one document with variables.
//
// A request in the firmware's form therefore runs as that one document with
// variables: parsed and validated once per selection, then found in
// Mercurius's cache by identity and compiled like any frequent document. The
// answer is the one the text would have had. Only texts that cannot fail
// validation take this path (an Int member id, a calendar date, a hex
// signature, fields of Attendance without arguments, no variables or
// operation name of their own); everything else, including every malformed
// mark, takes the usual one. What a mark can still meet (an unknown member, a
// bad signature, a refused date) is reported on the markAttendance field, and
// the prepared document's field reports the line and column it has in the
// client's text.
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { type DocumentNode, type FieldNode, Kind, type OperationDefinitionNode, parse, visit } from 'graphql';
import { parseClubDate } from '../calendar/club-date.js';

const MARK_TEXT = new RegExp(
  [
    /^(_*mutation_*\{_*)markAttendance_*\(_*input_*:_*\{_*/,
    /memberId_*:_*(0|[1-9]\d{0,8})_*,?_*/,
    /date_*:_*"(\d{4}-\d{2}-\d{2})"_*,?_*/,
    /hmacSignature_*:_*"([0-9A-Fa-f]{1,128})"_*/,
    /\}_*\)_*\{([ \t\r\n,A-Za-z_]+)\}_*\}_*$/,
  ]
    // GraphQL's white space (not JavaScript's \s, which takes more).
    .map((part) => part.source.replaceAll('_*', '[ \\t\\r\\n]*'))
    .join(''),
);

/** The fields a mark's selection may name for the prepared document to answer it. */
const ATTENDANCE_FIELDS = new Set(['attendanceId', 'memberId', 'date', 'isPresent', 'timeIn', 'timeOut', '__typename']);

/** Prepared documents, one per selection and layout seen; firmware sends one or two. */
const MAX_PREPARED = 32;
const prepared = new Map<string, DocumentNode>();

interface GraphQLBody {
  query: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

/**
 * The prepared form of a scanner's mark text: one document for every
 * member, date and signature, and their values; undefined for any other
 * text.
 */
export function preparedMark(text: string): { document: DocumentNode; variables: Record<string, unknown> } | undefined {
  const match = MARK_TEXT.exec(text);
  if (!match) return undefined;
  const [, prefix, memberId, date, hmacSignature, selection] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!parseClubDate(date)) return undefined;
  const fields = selection.split(/[\s,]+/).filter(Boolean);
  if (fields.length === 0 || !fields.every((field) => ATTENDANCE_FIELDS.has(field))) return undefined;
  const key = `${prefix}\u0000${fields.join(' ')}`;
  let document = prepared.get(key);
  if (!document) {
    if (prepared.size >= MAX_PREPARED) return undefined;
    document = prepare(prefix, fields);
    prepared.set(key, document);
  }
  return { document, variables: { memberId: Number(memberId), date, hmacSignature } };
}

function prepare(prefix: string, fields: string[]): DocumentNode {
  const document = parse(
    'mutation ($memberId: Int!, $date: NaiveDate!, $hmacSignature: String!) { ' +
      'markAttendance(input: {memberId: $memberId, date: $date, hmacSignature: $hmacSignature}) ' +
      `{ ${fields.join(' ')} } }`,
  );
  // Where markAttendance stands in the client's text: the same prefix before it, parsed.
  const stand = parse(`${prefix}markAttendance }`).definitions[0] as OperationDefinitionNode;
  const { loc } = stand.selectionSet.selections[0] as FieldNode;
  return visit(document, {
    [Kind.FIELD]: (node) => (node.name.value === 'markAttendance' ? { ...node, loc } : undefined),
  });
}

/**
 * Route hook (preHandler) of the GraphQL endpoint: a POSTed scanner mark
 * runs as its prepared document. Mercurius accepts a parsed document as the
 * query and finds it in its cache by identity.
 */
export const prepareScannerMark: preHandlerAsyncHookHandler = async (request: FastifyRequest) => {
  if (request.method !== 'POST') return;
  const body = request.body as GraphQLBody | null;
  if (typeof body?.query !== 'string' || body.extensions !== undefined) return;
  if (body.operationName !== undefined && body.operationName !== null) return;
  const variables = body.variables;
  if (variables !== undefined && variables !== null && Object.keys(variables).length > 0) return;
  const mark = preparedMark(body.query);
  if (!mark) return;
  body.query = mark.document;
  body.variables = mark.variables;
};
