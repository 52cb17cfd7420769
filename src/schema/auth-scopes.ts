// The scope maps fields declare (scope-auth's `authScopes`), one per kind of
// access, so that giving a field its scope is one line:
//   email: t.exposeString('email', { authScopes: personalRead }),
// A field holding any one of the listed scopes may run. Every field of every
// type declares one; test/schema/auth-scopes.test.ts fails for a field that
// does not, and the request check (src/graphql/access-check.ts) refuses it.
export const publicRead = { 'read:public': true } as const;
export const personalRead = { 'read:personal': true } as const;
export const memberWrite = { 'write:members': true } as const;
export const statusWrite = { 'write:status': true } as const;
export const projectWrite = { 'write:projects': true } as const;
export const breakWrite = { 'write:breaks': true } as const;
export const keyAdmin = { 'admin:keys': true } as const;
/**
 * Fields of what a signed mark returns: public readers, and the caller of
 * the mark itself (markAttendance grants `signedMark` to the row it returns,
 * so a keyless scanner reads its answer under any preset).
 */
export const markResultRead = { 'read:public': true, $granted: 'signedMark' } as const;
/** The grant a signed-mark field gives to the object it returns. */
export const markResultGrant = ['signedMark'];
/**
 * A field recording a signed mark (signedMark() in its extensions): anyone
 * may call it, because the signature hook has refused every bad signature
 * before execution.
 */
export const signedMarkAccess = { signedMark: true } as const;
