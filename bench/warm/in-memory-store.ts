/**
 * DynamoDB answered in the process: a request handler for the SDK client that answers
 * every request as DynamoDB answers a successful UpdateItem without ReturnValues (`{}`).
 * Everything up to the wire (serialization, signing, retries, parsing) is the SDK's own;
 * only the network is left out, so the warm bench counts code, not sockets.
 */
const answer = new TextEncoder().encode('{}');

export const inMemoryStore = {
  handle: async () => ({
    response: {
      statusCode: 200,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': 'IN-MEMORY',
        'x-amz-crc32': '2745614147',
      },
      body: answer,
    },
  }),
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
};
