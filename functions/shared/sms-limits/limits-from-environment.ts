/**
 * The SMS limits as a function's environment gives them (the stack sets all three;
 * locally each falls back to its default): read once, at init.
 */
import { positiveIntegerEnv } from '../config.ts';
import { defaultSmsLimits, parseCallingCodes, type SmsLimits } from './rules.ts';

export function smsLimitsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SmsLimits {
  const codes = env.SMS_ALLOWED_CALLING_CODES;
  return {
    allowedCallingCodes: codes ? parseCallingCodes(codes) : defaultSmsLimits.allowedCallingCodes,
    dailyCapPerOrganization: positiveIntegerEnv(
      'SMS_DAILY_CAP_PER_ORGANIZATION',
      defaultSmsLimits.dailyCapPerOrganization,
      env,
    ),
    dailyCapPerNumber: positiveIntegerEnv(
      'SMS_DAILY_CAP_PER_NUMBER',
      defaultSmsLimits.dailyCapPerNumber,
      env,
    ),
  };
}
