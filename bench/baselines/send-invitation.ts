/**
 * The sender's baseline: the simplest stream consumer anyone would write for the same
 * work, its three clients (DynamoDB, SES, SNS) and one request of each.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

const dynamodb = new DynamoDBClient({});
const ses = new SESv2Client({});
const sns = new SNSClient({});

export const handler = async (event: {
  Records: { dynamodb?: { Keys?: { userId?: { N?: string } } } }[];
}) => {
  for (const record of event.Records) {
    const userId = record.dynamodb?.Keys?.userId?.N ?? '0';
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: process.env.INVITATIONS_TABLE,
        Key: { userId: { N: userId } },
        UpdateExpression: 'SET sentAt = :now',
        ExpressionAttributeValues: { ':now': { S: new Date().toISOString() } },
      }),
    );
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: process.env.EMAIL_FROM,
        Destination: { ToAddresses: ['user@example.com'] },
        Content: { Simple: { Subject: { Data: 'Invitation' }, Body: { Text: { Data: 'Hello' } } } },
      }),
    );
    await sns.send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'Hello' }));
  }
};
