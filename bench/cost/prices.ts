/**
 * AWS list prices the cost estimate uses: us-east-1, on-demand, as published on the date
 * below. Check the pricing pages before relying on a figure; free tiers are left out.
 */
export const pricesAsOf = '2026-12-06';

export const prices = {
  apiGatewayRestPerMillion: 3.5,
  lambdaRequestsPerMillion: 0.2,
  /** arm64, per GB-second. */
  lambdaArmGbSecond: 0.0000133334,
  dynamodbWriteUnitsPerMillion: 0.625,
  dynamodbReadUnitsPerMillion: 0.125,
  eventBridgeCustomEventsPerMillion: 1.0,
  apiDestinationInvocationsPerMillion: 0.2,
  xrayTracesRecordedPerMillion: 5.0,
  cloudWatchLogsIngestionPerGb: 0.5,
  cloudWatchMetricPerMonth: 0.3,
  cloudWatchAlarmPerMonth: 0.1,
  cloudWatchDashboardPerMonth: 3.0,
  sesPerThousandEmails: 0.1,
  secretsManagerSecretPerMonth: 0.4,
  wafWebAclPerMonth: 5.0,
  wafRulePerMonth: 1.0,
  wafRequestsPerMillion: 0.6,
  kmsKeyPerMonth: 1.0,
} as const;
