/**
 * The SMS limits as a function's environment gives them (the stack sets all of them;
 * locally each falls back to its default): read once, at init.
 */
import { positiveIntegerEnv } from '../config.ts';
import { defaultSendLimits, parseCallingCodes, type SendLimits } from './rules.ts';

/** The environment variables it reads, each with the stack setting that gives it. */
export const sendLimitSettings = {
  SMS_ALLOWED_CALLING_CODES: 'smsAllowedCallingCodes',
  SMS_DAILY_CAP_PER_ORGANIZATION: 'smsDailyCapPerOrganization',
  SMS_DAILY_CAP_PER_NUMBER: 'smsDailyCapPerNumber',
  EMAIL_DAILY_CAP_PER_ORGANIZATION: 'emailDailyCapPerOrganization',
  EMAIL_DAILY_CAP_PER_RECIPIENT: 'emailDailyCapPerRecipient',
} as const;

export function sendLimitsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SendLimits {
  const codes = env.SMS_ALLOWED_CALLING_CODES;
  return {
    allowedCallingCodes: codes ? parseCallingCodes(codes) : defaultSendLimits.allowedCallingCodes,
    dailyCapPerOrganization: positiveIntegerEnv(
      'SMS_DAILY_CAP_PER_ORGANIZATION',
      defaultSendLimits.dailyCapPerOrganization,
      env,
    ),
    dailyCapPerNumber: positiveIntegerEnv(
      'SMS_DAILY_CAP_PER_NUMBER',
      defaultSendLimits.dailyCapPerNumber,
      env,
    ),
    emailDailyCapPerOrganization: positiveIntegerEnv(
      'EMAIL_DAILY_CAP_PER_ORGANIZATION',
      defaultSendLimits.emailDailyCapPerOrganization,
      env,
    ),
    emailDailyCapPerRecipient: positiveIntegerEnv(
      'EMAIL_DAILY_CAP_PER_RECIPIENT',
      defaultSendLimits.emailDailyCapPerRecipient,
      env,
    ),
  };
}
