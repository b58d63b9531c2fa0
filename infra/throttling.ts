/**
 * API Gateway's throttling of the API, as data: the stack's defaults (each a CDK context
 * setting, infra/settings.ts) and what the local emulator enforces. The invitee routes'
 * own limits are in the route table (infra/routes.ts).
 */

/** A token bucket: `burstLimit` requests at once, refilled at `rateLimit` a second. */
export interface ThrottleLimits {
  rateLimit: number;
  burstLimit: number;
}

export const defaultThrottling = {
  /** Every caller of the stage together: what the account's Lambda quota is sized for. */
  stage: { rateLimit: 50, burstLimit: 100 },
  /**
   * Each organization with a usage plan key of its own (the authorizer returns it): well
   * under the stage's, so that one organization's script leaves room for the others.
   */
  perOrganization: { rateLimit: 20, burstLimit: 40 },
} as const satisfies Record<string, ThrottleLimits>;
