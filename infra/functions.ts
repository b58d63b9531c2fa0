/**
 * The API's Lambda functions, as data: the stack deploys them and the local emulator runs
 * them from here, with the same timeout.
 */
export interface FunctionSpec {
  /** Entry file, relative to the project root; it exports `handler`. */
  entry: string;
  /** Seconds; locally, `context.getRemainingTimeInMillis()` counts down from it. */
  timeoutSeconds: number;
  memoryMb: number;
  /** A folder beside the entry that the function reads at run time: copied into the bundle. */
  assets?: string;
}

export const functions = {
  // 256 MB: init is CPU-bound (parsing ~400 KB of JS) and Lambda's CPU share grows with
  // memory; 10 s is far above the 2.5 s store budget (functions/shared/dynamodb.ts).
  'update-invitation': {
    entry: 'functions/update-invitation/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  // One GetItem per uncached call, within the 2.5 s store budget; a slow authorizer
  // holds every request behind it.
  authorizer: { entry: 'functions/authorizer/handler.ts', timeoutSeconds: 5, memoryMb: 256 },
  // A batch of stream records, each at most two e-mails/SMS and four small writes.
  'send-invitation': {
    entry: 'functions/send-invitation/handler.ts',
    timeoutSeconds: 30,
    memoryMb: 256,
    assets: 'templates',
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;
