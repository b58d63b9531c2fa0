/**
 * The contract's header set: every response carries exactly these values, whoever
 * produces it (the handler, API Gateway's gateway responses and preflight, the local
 * emulator). This module is the only place they are written down.
 */

export const corsHeaders = {
  'Access-Control-Expose-Headers': 'authorization, content-type',
  'Access-Control-Allow-Headers': 'authorization, content-type',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS, PUT',
  'Access-Control-Allow-Origin': '*',
} as const;

export const securityHeaders = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Content-Type-Options': 'nosniff',
  'X-XSS-Protection': '1; mode=block',
  'Content-Security-Policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'Feature-Policy': 'self',
  'Permissions-policy': 'interest-cohort=()',
} as const;

export const contractHeaders = { ...corsHeaders, ...securityHeaders } as const;

export const jsonContentType = { 'Content-Type': 'application/json' } as const;

/**
 * The headers of the invitee's accept page (web/accept/), wherever it is served: the
 * contract's security headers, with a policy that lets the page load its own script and
 * style and call the API at `apiOrigin`, and nothing else.
 */
export function acceptPageHeaders(apiOrigin: string) {
  return {
    ...securityHeaders,
    'Content-Security-Policy':
      `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${apiOrigin}; ` +
      "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  };
}
