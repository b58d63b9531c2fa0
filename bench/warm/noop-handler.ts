/** The harness alone (invoke-many.ts's copy of the event, the await): subtracted from each. */
export const handler = async () => ({ statusCode: 200 });
