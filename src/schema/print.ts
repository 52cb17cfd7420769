// The schema as SDL, sorted so that the committed schema.graphql diffs cleanly.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.js';

export function printSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
