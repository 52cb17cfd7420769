// Accepted marks, announced. recordMark's statement NOTIFYs this channel with
// the ids of the row it wrote, so an announcement exists exactly when the mark
// was committed, from whichever replica took it, at no extra round trip (on
// the embedded store, whose listeners are all in the process, recordMark
// tells them itself once the statement has returned).
// NOTIFY payloads are capped (8000 bytes); ids are all it carries: listeners
// read the rest from the database.

export const MARK_CHANNEL = 'root_attendance_marked';

export interface MarkNotice {
  attendanceId: number;
  memberId: number;
}

/** The payload announcing a mark, as the mark's statement writes it on PostgreSQL. */
export function markNoticePayload({ attendanceId, memberId }: MarkNotice): string {
  return JSON.stringify({ attendanceId, memberId });
}

/** A payload of MARK_CHANNEL, or null when it is not one (another writer's noise is ignored). */
export function parseMarkNotice(payload: string): MarkNotice | null {
  try {
    const value = JSON.parse(payload) as Partial<MarkNotice> | null;
    if (Number.isInteger(value?.attendanceId) && Number.isInteger(value?.memberId)) {
      return { attendanceId: value!.attendanceId!, memberId: value!.memberId! };
    }
  } catch {
    // not JSON
  }
  return null;
}
