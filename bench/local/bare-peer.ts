/**
 * The local latency bench's baseline (bench/local-latency.ts): the simplest HTTP server
 * anyone would write for a PUT of an invitation's language, sending the same UpdateItem
 * as the PUT handler does on the same DynamoDB Local and answering 200 `{"id"}`. No
 * gateway, authorizer, worker, validation, middlewares or logs: what `npm start` costs
 * above this is the emulation's and ours.
 *
 *   DYNAMODB_ENDPOINT=http://127.0.0.1:8000 INVITATIONS_TABLE=invitations node bench/local/bare-peer.ts
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({
  endpoint: process.env.DYNAMODB_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const tableName = process.env.INVITATIONS_TABLE;

const server = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const { language } = JSON.parse(Buffer.concat(chunks).toString()) as { language: string };
  const userId = request.url?.split('/')[3] ?? '';
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { userId: { N: userId } },
      UpdateExpression: 'SET #updatedAt = :now, #lastWriteId = :writeId, #language = :language',
      ConditionExpression:
        'attribute_exists(#userId) AND #organizationId = :organizationId AND (attribute_not_exists(#status) OR #status = :pending) AND (attribute_not_exists(#lastWriteId) OR #lastWriteId <> :writeId)',
      ExpressionAttributeNames: {
        '#updatedAt': 'updatedAt',
        '#lastWriteId': 'lastWriteId',
        '#language': 'language',
        '#userId': 'userId',
        '#organizationId': 'organizationId',
        '#status': 'status',
      },
      ExpressionAttributeValues: {
        ':now': { S: new Date().toISOString() },
        ':writeId': { S: randomUUID() },
        ':language': { S: language },
        ':organizationId': { N: '100' },
        ':pending': { S: 'pending' },
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  );
  const body = JSON.stringify({ id: Number(userId) });
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : 0}`);
});
