// Every code a domain error can carry, with what it means to a client,
// gathered from the areas that declare them (the API reference lists them).
import { attendanceErrors } from '../attendance/attendance-errors.js';
import { liveErrors } from '../live/live-errors.js';
import { keyErrors } from '../keys/key-errors.js';
import { memberErrors } from '../members/member-errors.js';
import { statusErrors } from '../status/status-errors.js';
import { commonErrors, type ErrorCatalog } from './domain-error.js';
import { requestErrors } from './request-errors.js';

export const errorCatalog: ErrorCatalog = {
  ...commonErrors,
  ...requestErrors,
  ...memberErrors,
  ...attendanceErrors,
  ...statusErrors,
  ...liveErrors,
  ...keyErrors,
};
