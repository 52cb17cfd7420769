// Which API generation a field or type belongs to. The first generation is the
// earlier server's contract and carries no marker; everything the second
// generation added is marked here, so the API reference (scripts/api-docs.ts)
// can say which is which. The marker is a schema extension, invisible on the wire.

export const GENERATION_2 = { generation: 2 } as const;

/** The generation a schema element's extensions declare (1 without a marker). */
export function generationOf(extensions: Readonly<Record<string, unknown>> | null | undefined): 1 | 2 {
  return extensions?.generation === 2 ? 2 : 1;
}
