/**
 * Error codes of the API -> HTTP status and default message. The only place they live:
 * domain code throws `ApiError` with a code, the HTTP layer turns it into a response.
 * No AWS and no middy here, so rules and schemas may import it.
 */

export const errorCodes = {
  ValidationFailed: { status: 400, message: 'The request is invalid.' },
  MalformedJson: { status: 400, message: 'The request body is not valid JSON.' },
  PhoneNumberNotAllowed: {
    status: 400,
    message: 'SMS are not sent to phone numbers of this country.',
  },
  EmailAddressUndeliverable: {
    status: 400,
    message:
      "The invitation's e-mail address bounced or its recipient complained; set another " +
      'emailAddress to send by e-mail.',
  },
  Unauthorized: { status: 401, message: 'The authentication token is missing or invalid.' },
  InsufficientRights: {
    status: 403,
    message: 'The caller may not manage invitations of this organization.',
  },
  // Answered by API Gateway itself (see infra/gateway-responses.ts), not by a handler.
  AccessDenied: { status: 403, message: 'The credential does not allow this request.' },
  MissingAuthenticationToken: {
    status: 403,
    message: 'No such route, or a route that needs a credential was called without one.',
  },
  UserNotFound: { status: 404, message: 'User not found.' },
  // Unknown, older, revoked or malformed: one answer, so a token cannot be probed.
  InvitationNotFound: {
    status: 404,
    message: 'This invitation link does not work (anymore). Ask for a new invitation.',
  },
  // API Gateway's other 4XX answers (WAF block, ...): the status it chose, this body.
  RequestRejected: { status: 400, message: 'The request was rejected.' },
  InvitationAlreadyAccepted: {
    status: 409,
    message: 'The invitation was already accepted and can no longer be changed.',
  },
  InvitationRevoked: {
    status: 409,
    message: 'The invitation was revoked and can no longer be changed.',
  },
  InvitationExpired: {
    status: 410,
    message: 'The invitation has expired. Ask for a new invitation.',
  },
  PayloadTooLarge: { status: 413, message: 'The request body is larger than 16 KiB.' },
  UnsupportedMediaType: { status: 415, message: 'The request body must be application/json.' },
  IdempotencyKeyReused: {
    status: 422,
    message:
      'This Idempotency-Key was used for a different request; use a new key for a new request.',
  },
  TooManyRequests: {
    status: 429,
    message: 'The invitation was sent on this channel moments ago; retry later.',
  },
  SmsQuotaExceeded: {
    status: 429,
    message: 'The SMS sends allowed for today are used up; retry after midnight UTC.',
  },
  EmailQuotaExceeded: {
    status: 429,
    message: 'The e-mail sends allowed for today are used up; retry after midnight UTC.',
  },
  // Answered by API Gateway itself when the stage's request rate limit is reached.
  Throttled: {
    status: 429,
    message: 'Too many requests to this API right now; retry after a moment.',
  },
  InternalError: { status: 500, message: 'An internal error occurred.' },
  ServiceUnavailable: {
    status: 503,
    message:
      'The service is temporarily unavailable, and the change may or may not have been ' +
      'applied. Retry with the same Idempotency-Key to apply it at most once.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  /** Seconds a client should wait before retrying (429). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      errors?: FieldError[];
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(options.message ?? errorCodes[code].message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}
