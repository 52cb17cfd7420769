// The schema: importing each domain file registers its types on the builder.
import { builder } from './builder.js';
import './scalars.js';
import './member.js';
import './attendance.js';
import './streak.js';
import './project.js';
import './member-record.js';
import './status.js';
import './live.js';
import './api-key.js';

export const schema = builder.toSchema({ sortSchema: false });
