/**
 * The responses API Gateway produces itself (before or instead of a Lambda), with the
 * contract's headers and JSON error body: the stack configures them as gateway responses,
 * the local emulator answers with them.
 */
import { type ErrorCode, errorCodes } from '../functions/shared/http/errors.ts';
import { contractHeaders, jsonContentType } from '../functions/shared/http/headers.ts';

export const gatewayResponses = {
  UNAUTHORIZED: 'Unauthorized',
  ACCESS_DENIED: 'AccessDenied',
  // The authorizer named no usage plan key, or one in no plan of the stage.
  INVALID_API_KEY: 'AccessDenied',
  MISSING_AUTHENTICATION_TOKEN: 'MissingAuthenticationToken',
  BAD_REQUEST_BODY: 'ValidationFailed',
  BAD_REQUEST_PARAMETERS: 'ValidationFailed',
  REQUEST_TOO_LARGE: 'PayloadTooLarge',
  THROTTLED: 'Throttled',
  DEFAULT_4XX: 'RequestRejected',
  DEFAULT_5XX: 'InternalError',
} as const satisfies Record<string, ErrorCode>;

export type GatewayResponseType = keyof typeof gatewayResponses;

export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Status, headers and body of a gateway response; `statusCode` overrides (DEFAULT_5XX: 502). */
export function gatewayResponse(type: GatewayResponseType, statusCode?: number): GatewayResponse {
  const code = gatewayResponses[type];
  return {
    statusCode: statusCode ?? errorCodes[code].status,
    headers: {
      ...contractHeaders,
      ...jsonContentType,
      // Throttling (the stage's, a method's, a usage plan's) refills its bucket every second.
      ...(type === 'THROTTLED' ? { 'Retry-After': '1' } : {}),
    },
    body: JSON.stringify({ code, message: errorCodes[code].message }),
  };
}
