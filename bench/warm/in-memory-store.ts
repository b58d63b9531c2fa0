/**
 * DynamoDB answered in the process: a request handler for the SDK client that answers a
 * GetItem with the bench's invitation (user 5 of organization 100, pending, with an e-mail
 * address: what events/update-invitation.example-1 finds) and every other request as
 * DynamoDB answers a successful write without ReturnValues (`{}`). Everything up to the
 * wire (serialization, signing, retries, parsing, the CRC32 check) is the SDK's own; only
 * the network is left out, so the warm bench counts code, not sockets.
 */
import { crc32 } from 'node:zlib';

const body = (json: unknown) => {
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  return { bytes, crc32: String(crc32(bytes)) };
};
const written = body({});
const invitation = body({
  Item: {
    userId: { N: '5' },
    organizationId: { N: '100' },
    status: { S: 'pending' },
    emailAddress: { S: 'jan.jansen@example.com' },
    language: { S: 'en' },
  },
});

export const inMemoryStore = {
  handle: async (request: { headers: Record<string, string> }) => {
    const answer = request.headers['x-amz-target']?.endsWith('.GetItem') ? invitation : written;
    return {
      response: {
        statusCode: 200,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': 'IN-MEMORY',
          'x-amz-crc32': answer.crc32,
        },
        body: answer.bytes,
      },
    };
  },
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
};
