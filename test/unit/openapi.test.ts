/**
 * docs/openapi.json: generated from the route table, the schemas and the error codes, up to
 * date, and a valid OpenAPI 3.1 description by a maintained validator.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect, test } from 'vitest';
import { errorCodes } from '../../functions/shared/http/errors.ts';
import { routes } from '../../infra/routes.ts';
import { openApiPath, openApiText } from '../../scripts/openapi.ts';
import { referenceHeaders } from '../support/contract.ts';

const committed = readFileSync(openApiPath, 'utf8');

test('docs/openapi.json is what `npm run openapi` writes now', () => {
  expect(committed, 'stale: run `npm run openapi` and commit docs/openapi.json').toBe(
    openApiText(),
  );
});

test('it is a valid OpenAPI 3.1 description', async () => {
  const result = await new Validator().validate(JSON.parse(committed));
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
});

test('every route, every error code, the 12 headers and the body fields are in it', () => {
  const document = JSON.parse(committed);
  for (const route of routes) {
    expect(document.paths[route.path][route.method.toLowerCase()].operationId).toBe(
      route.operationId,
    );
  }
  expect(document.components.schemas.Error.properties.code.enum).toEqual(
    expect.arrayContaining(Object.keys(errorCodes)),
  );
  for (const [name, value] of Object.entries(referenceHeaders)) {
    expect(document.components.headers[name].schema.const).toBe(value);
  }
  const body = document.components.schemas.InvitationUpdate;
  expect(Object.keys(body.properties).sort()).toEqual([
    'emailAddress',
    'expiration',
    'language',
    'phoneNumber',
    'sendEmail',
    'sendSms',
  ]);
  expect(body).toMatchObject({ additionalProperties: false, minProperties: 1 });
  expect(body.properties.phoneNumber.pattern).toBe('^\\+[1-9]\\d{1,14}$');
});

test("each request body's example is valid against its schema; each operation is tagged", () => {
  const document = JSON.parse(committed);
  for (const route of routes) {
    const operation = document.paths[route.path][route.method.toLowerCase()];
    expect(operation.tags, route.operationId).toHaveLength(1);
    if (!route.requestSchema) continue;
    const example = operation.requestBody.content['application/json'].example;
    expect(example, route.operationId).toEqual(route.requestSchema.example);
    expect(route.requestSchema.schema.safeParse(example).success, route.operationId).toBe(true);
  }
});
