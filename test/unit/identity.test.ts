import { describe, expect, test } from 'vitest';
import { ApiError } from '../../functions/shared/http/errors.ts';
import { type Caller, parseCaller, toAuthorizerContext } from '../../functions/shared/identity.ts';
import { adminOfOrg100, apiKeyOfOrg100 } from '../support/events.ts';

describe('the authorizer context', () => {
  test.each([
    adminOfOrg100,
    apiKeyOfOrg100,
    { ...adminOfOrg100, roles: ['owner', 'member'] },
  ] as Caller[])('round-trips %j', (caller) => {
    const context = toAuthorizerContext(caller);
    for (const value of Object.values(context))
      expect(['string', 'number', 'boolean']).toContain(typeof value);
    expect(parseCaller(context)).toEqual(caller);
  });

  test('accepts the ids stringified, as API Gateway may pass them', () => {
    const context = { ...toAuthorizerContext(adminOfOrg100), organizationId: '100', userId: '1' };
    expect(parseCaller(context)).toEqual(adminOfOrg100);
  });

  test('an empty user id means an organization API key', () => {
    const context = { ...toAuthorizerContext(apiKeyOfOrg100), userId: '' };
    expect(parseCaller(context).userId).toBeUndefined();
  });

  test.each([
    ['no context', undefined],
    ['null', null],
    ['a string', 'admin'],
    ['no principal', { ...toAuthorizerContext(adminOfOrg100), principalId: '' }],
    ['no organization', { ...toAuthorizerContext(adminOfOrg100), organizationId: undefined }],
    ['organization 0', { ...toAuthorizerContext(adminOfOrg100), organizationId: 0 }],
    ['a fractional organization', { ...toAuthorizerContext(adminOfOrg100), organizationId: 1.5 }],
    ['an unknown role', { ...toAuthorizerContext(adminOfOrg100), roles: 'admin,root' }],
    ['roles as a list', { ...toAuthorizerContext(adminOfOrg100), roles: ['admin'] }],
    [
      'an unknown credential kind',
      { ...toAuthorizerContext(adminOfOrg100), credentialKind: 'cookie' },
    ],
    ['a bad user id', { ...toAuthorizerContext(adminOfOrg100), userId: '01' }],
  ])('401 on %s', (_, context) => {
    expect(() => parseCaller(context)).toThrow(ApiError);
    try {
      parseCaller(context);
    } catch (error) {
      expect((error as ApiError).status).toBe(401);
    }
  });
});
