import { ConfigError } from '../../config.js';
import { signAttendance } from '../../attendance/attendance-signature.js';
import type { Command } from '../command.js';
import { countOption, dateOption, parseOptions, requireOption } from '../cli-errors.js';

export const signCommand: Command = {
  summary: "print the signature a scanner would send for a member's day",
  usage: `Usage: root-cli sign --member N --date YYYY-MM-DD

Prints the hex HMAC-SHA256 of "<member><date>" with HMAC_SECRET (or
ROOT_SECRET): the hmacSignature of a markAttendance request.`,
  async run(args, { config, out }) {
    const options = parseOptions(args, { member: { type: 'string' }, date: { type: 'string' } });
    const member = countOption('member', requireOption('member', options.member), 1, 2_147_483_647);
    const date = dateOption('date', requireOption('date', options.date));
    const { hmacSecret, hmacSecretGenerated } = config();
    if (hmacSecretGenerated) {
      throw new ConfigError('HMAC_SECRET (or ROOT_SECRET) is not set: no server would accept this signature');
    }
    out(signAttendance(hmacSecret, member, date));
  },
};
