/**
 * Structured JSON logs (Powertools Logger), one instance per function instance.
 * Never log request bodies (personal data) or the Authorization header (the credential).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'invitations-api' });
