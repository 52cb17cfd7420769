// Every code a domain error can carry, with what it means to a client,
// gathered from the areas that declare them (the API reference lists them).
import { attendanceErrors } from '../attendance/attendance-errors.js';
import { keyErrors } from '../keys/key-errors.js';
import { memberErrors } from '../members/member-errors.js';
import { commonErrors, type ErrorCatalog } from './domain-error.js';

export const errorCatalog: ErrorCatalog = { ...commonErrors, ...memberErrors, ...attendanceErrors, ...keyErrors };
