/**
 * In the deployed bundles, the SDK's event-stream code (loaded by one `import()` that
 * esbuild must still bundle) is left out: DynamoDB, SES and SNS have no event-stream
 * operation. Should one ever be called, it says so instead of failing obscurely.
 */
const notBundled = () => {
  throw new Error('event streams are not bundled in this function (infra/bundling.ts)');
};

export const EventStreamSerde = notBundled;
export const eventStreamSerdeProvider = notBundled;
