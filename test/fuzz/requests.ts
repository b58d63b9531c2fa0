/**
 * Generators of hostile and ordinary requests to the local API (fast-check), each tagged
 * with what it is by construction (a valid update, a body that is not JSON, a credential
 * of a member...), so the oracle never has to re-run the code under test to know.
 */
import fc from 'fast-check';
import { defaultAllowedCallingCodes } from '../../functions/shared/send-limits/rules.ts';
import demo from '../../local/fixtures/demo.json' with { type: 'json' };
import { demoData } from '../e2e/target.ts';

export const fields = [
  'language',
  'expiration',
  'emailAddress',
  'sendEmail',
  'phoneNumber',
  'sendSms',
] as const;
export type Update = Partial<{
  language: string;
  expiration: string;
  emailAddress: string;
  sendEmail: boolean;
  phoneNumber: string;
  sendSms: boolean;
}>;

/** What the body is, known by construction. */
export type BodyKind =
  | { kind: 'valid'; update: Update }
  /** JSON, but not a valid update: 400 ValidationFailed. */
  | { kind: 'invalid' }
  /** Not JSON text (or not UTF-8): 400 MalformedJson. */
  | { kind: 'malformed' };

export interface Caller {
  token: string;
  organizationId: number;
  mayManage: boolean;
}

export interface FuzzRequest {
  method: string;
  /** The request target as sent. */
  target: string;
  /** The route's user id as the handler will parse it, or why it will not. */
  route:
    | { kind: 'none' }
    | { kind: 'invitation'; userId: { valid: true; id: number } | { valid: false } };
  authorization: string | undefined;
  /** undefined: the credential is refused (401). */
  caller: Caller | undefined;
  contentType: { value: string | undefined; json: boolean };
  body: Buffer;
  bodyKind: BodyKind;
  idempotencyKey: { header: string; key: string | undefined } | undefined;
  extraHeaders: [string, string][];
}

/** `arbitrary` in `times` cases of `times + otherwise`, null in the others. */
function sometimes<T>(times: number, otherwise: number, arbitrary: fc.Arbitrary<T>) {
  return fc.oneof(
    { weight: otherwise, arbitrary: fc.constant(null) },
    { weight: times, arbitrary },
  );
}

const languages = ['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'cs'];
const dayMs = 86_400_000;

// Values valid by the contract's rules, written here from the contract, not from the code.
const validExpiration = fc
  .record({
    ahead: fc.integer({ min: 60 * 60_000, max: 364 * dayMs }),
    offset: fc.constantFrom('Z', '+02:00', '-05:30', '+00:00'),
  })
  .map(({ ahead, offset }) => withOffset(new Date(Date.now() + ahead), offset));
const validEmail = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('example.com', 'mail.example.org'))
  .map(([local, domain]) => `${local}@${domain}`);
// Mostly numbers SMS may go to (the default calling codes), else any country's.
const validPhone = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...defaultAllowedCallingCodes)
      .chain((code) => fc.stringMatching(/^[0-9]{4,9}$/).map((rest) => `+${code}${rest}`)),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^\+[1-9][0-9]{1,14}$/) },
);

const validUpdate: fc.Arbitrary<Update> = fc
  .record(
    {
      language: fc.constantFrom(...languages),
      expiration: validExpiration,
      emailAddress: validEmail,
      sendEmail: fc.boolean(),
      phoneNumber: validPhone,
      sendSms: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .filter((update) => Object.keys(update).length > 0);

/** Any JSON value, unicode strings and deep nesting included. */
const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A value each field refuses: wrong type, null, a near miss of its format. */
const invalidValueOf: Record<(typeof fields)[number], fc.Arbitrary<unknown>> = {
  language: fc.oneof(
    fc.constantFrom('EN', 'english', 'e', '', 'de ', null, 5, true, ['de'], { de: 1 }),
    fc.string({ unit: 'binary' }).filter((value) => !languages.includes(value)),
  ),
  expiration: fc.oneof(
    fc.constantFrom(
      '2020-01-01T00:00:00Z',
      '2030-01-01T00:00:00',
      '2030-01-01',
      'tomorrow',
      '',
      null,
      1_900_000_000,
    ),
    fc.constant(null).map(() => new Date(Date.now() + 366 * dayMs).toISOString()),
    fc.constant(null).map(() => new Date(Date.now() - 60_000).toISOString()),
    fc.string({ unit: 'grapheme' }).filter((value) => !/^\d{4}-/.test(value)),
  ),
  emailAddress: fc.oneof(
    fc.constantFrom('nobody', 'a@', '@example.com', 'a@b', '', null, 7, `${'a'.repeat(250)}@x.io`),
    fc.string({ unit: 'grapheme' }).filter((value) => !value.includes('@')),
  ),
  sendEmail: fc.constantFrom('true', 1, 0, null, 'yes', [], {}),
  phoneNumber: fc.oneof(
    fc.constantFrom('0612345678', '+0123', '+1', '+1234567890123456', '31850607337', '', null, 316),
    fc.string({ unit: 'grapheme' }).filter((value) => !/^\+[1-9]\d{1,14}$/.test(value)),
  ),
  sendSms: fc.constantFrom('false', 1, null, 'no', [true]),
};

const notAField = fc
  .oneof(
    fc.constantFrom(
      'colour',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'Language',
      'send_email',
      '',
    ),
    fc.string({ unit: 'binary' }),
  )
  .filter((key) => !(fields as readonly string[]).includes(key) && key !== '__proto__');

/** JSON text that is a valid object with one thing wrong. */
const invalidJsonText: fc.Arbitrary<string> = fc.oneof(
  // One field with a value it refuses.
  fc
    .tuple(validUpdate, fc.constantFrom(...fields))
    .chain(([update, field]) =>
      invalidValueOf[field].map((value) => JSON.stringify({ ...update, [field]: value })),
    ),
  // A field it does not know (prototype names included), beside valid ones.
  fc
    .tuple(validUpdate, notAField, anyJson)
    .map(([update, key, value]) => JSON.stringify({ ...update, [key]: value })),
  // `__proto__` as a key: JSON.stringify of an object literal cannot write it.
  fc
    .tuple(validUpdate, anyJson)
    .map(
      ([update, value]) =>
        `{"__proto__":${JSON.stringify(value)},${JSON.stringify(update).slice(1)}`,
    ),
  // Nothing, or not an object.
  fc.constantFrom('{}', '[]', 'null', '"de"', '5', 'true', '[{"language":"de"}]'),
  fc
    .oneof(fc.array(anyJson), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }))
    .map((value) => JSON.stringify(value)),
  // Nested where a field takes a plain value.
  fc
    .constantFrom(...fields)
    .chain((field) =>
      anyJson
        .filter((value) => typeof value === 'object' && value !== null)
        .map((value) => JSON.stringify({ [field]: value })),
    ),
);

const notJson = (text: string) => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
};

/** Bytes that are not JSON text at all. */
const malformedBytes: fc.Arbitrary<Buffer> = fc.oneof(
  validUpdate.map((update) => Buffer.from(JSON.stringify(update).slice(0, -1))),
  validUpdate.map((update) => Buffer.from(`${JSON.stringify(update).slice(0, -1)},}`)),
  fc
    .constantFrom(
      "{'language': 'de'}",
      '{language: "de"}',
      '\uFEFF{"language":"de"}',
      'de',
      '{"a":1}}',
    )
    .map((text) => Buffer.from(text)),
  fc
    .string({ unit: 'binary', minLength: 1 })
    .filter(notJson)
    .map((text) => Buffer.from(text)),
  // Not UTF-8: bytes that no decoder may guess at.
  fc
    .tuple(
      validUpdate,
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 6_000 }),
    )
    .map(([update, junk, repeat]) =>
      Buffer.concat([
        Buffer.from('{"language":"'),
        Buffer.alloc(repeat, 0xff),
        Buffer.from(junk),
        Buffer.from(`",${JSON.stringify(update).slice(1)}`),
      ]),
    ),
);

const bodies: fc.Arbitrary<{ body: Buffer; bodyKind: BodyKind }> = fc.oneof(
  {
    weight: 6,
    arbitrary: validUpdate.map((update) => ({
      body: Buffer.from(JSON.stringify(update)),
      bodyKind: { kind: 'valid', update } as BodyKind,
    })),
  },
  // A duplicate key: the last one counts (JSON.parse), here the valid one.
  {
    weight: 1,
    arbitrary: fc.tuple(validUpdate, anyJson).map(([update, junk]) => {
      const [first] = Object.keys(update);
      return {
        body: Buffer.from(`{"${first}":${JSON.stringify(junk)},${JSON.stringify(update).slice(1)}`),
        bodyKind: { kind: 'valid', update } as BodyKind,
      };
    }),
  },
  {
    weight: 4,
    arbitrary: invalidJsonText.map((text) => ({
      body: Buffer.from(text),
      bodyKind: { kind: 'invalid' } as BodyKind,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ body: Buffer.alloc(0), bodyKind: { kind: 'invalid' } as BodyKind }),
  },
  {
    weight: 2,
    arbitrary: malformedBytes.map((body) => ({
      body,
      bodyKind: { kind: 'malformed' } as BodyKind,
    })),
  },
);

/** Sizes around the 16 KiB limit: white space before the JSON keeps its meaning. */
const sized = bodies.chain((generated) =>
  sometimes(1, 7, fc.constantFrom(16_383, 16_384, 16_385, 20_000)).map((size) => {
    // (An empty body stays empty: padded, it would be white space, which is not JSON.)
    const { byteLength } = generated.body;
    if (size === null || byteLength === 0 || byteLength >= size) return generated;
    const padding = Buffer.alloc(size - generated.body.byteLength, 0x20);
    return { ...generated, body: Buffer.concat([padding, generated.body]) };
  }),
);

const routeTargets: fc.Arbitrary<Pick<FuzzRequest, 'target' | 'route'>> = fc
  .oneof(
    {
      weight: 12,
      arbitrary: fc.constantFrom(5, 5, 5, 2, 6, 7, 8, 999_999).map((id) => ({
        target: `/v2/users/${id}/invitation`,
        route: { kind: 'invitation' as const, userId: { valid: true as const, id } },
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          { segment: '%35', id: 5 },
          { segment: '9007199254740991', id: 9_007_199_254_740_991 },
        )
        .map(({ segment, id }) => ({
          target: `/v2/users/${segment}/invitation`,
          route: { kind: 'invitation' as const, userId: { valid: true as const, id } },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '0',
          '05',
          'abc',
          '-1',
          '9007199254740992',
          '5.0',
          '%205',
          '5%2F6',
          '..',
          '.',
          '%00',
        )
        .map((segment) => ({
          target: `/v2/users/${segment}/invitation`,
          route: { kind: 'invitation' as const, userId: { valid: false as const } },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '/v2/users/10/../5/invitation',
          '/v2/users/5/./invitation',
          '/v2/users/5/invitation/',
          '/v2/users//invitation',
          '/v2/users/%E0%A4%A/invitation',
          '/v2/users/5/invitation/extra',
          '/v2/users/5',
          '/',
          'http://127.0.0.1/v2/users/5/invitation',
          '/V2/users/5/invitation',
        )
        .map((target) => ({ target, route: { kind: 'none' as const } })),
    },
  )
  .chain((target) =>
    sometimes(
      1,
      4,
      fc.constantFrom('toString=1', '__proto__=x&constructor', 'a=1&a=2', 'userId=6', '%E0%A4%A=1'),
    ).map((query) =>
      query === null ? target : { ...target, target: `${target.target}?${query}` },
    ),
  );

const credential = (token: string): Caller => {
  const stored = demo.credentials.find((candidate) => candidate.token === token);
  if (!stored) throw new Error(`no demo credential ${token}`);
  return {
    token,
    organizationId: stored.organizationId,
    mayManage: stored.roles.some((role) => role === 'admin' || role === 'owner'),
  };
};

const authorizations: fc.Arbitrary<Pick<FuzzRequest, 'authorization' | 'caller'>> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .constantFrom(
        demoData.admin,
        demoData.admin,
        demoData.apiKey,
        demoData.member,
        demoData.personalOwner,
      )
      .chain((token) =>
        fc
          .constantFrom(`Bearer ${token}`, `bearer ${token}`, `BEARER   ${token}`)
          .map((authorization) => ({
            authorization,
            caller: credential(token),
          })),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        undefined,
        '',
        'Bearer',
        'Bearer ',
        `Basic ${demoData.admin}`,
        demoData.admin,
        `Bearer ${demoData.expired}`,
        `Bearer ${demoData.revoked}`,
        'Bearer 00000000-0000-4000-8000-000000000000',
        `Bearer ${demoData.admin} extra`,
        `Bearer ${'x'.repeat(600)}`,
      )
      .map((authorization) => ({ authorization, caller: undefined })),
  },
);

const contentTypes = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/json ; charset=utf-8',
        'APPLICATION/JSON',
        'application/merge-patch+json',
        'application/json;charset=UTF-8',
      )
      .map((value) => ({ value, json: true })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        undefined,
        '',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        'json',
        'multipart/form-data; boundary=x',
      )
      .map((value) => ({ value, json: false })),
  },
);

const idempotencyKeys = sometimes(
  1,
  2,
  fc.oneof(
    fc.constantFrom('k1', 'k2', 'k3').map((key) => ({ header: key, key })),
    fc.constantFrom('k1', 'k2').map((key) => ({ header: `"${key}"`, key })),
    fc
      .constantFrom('', 'x'.repeat(256), 'k\u00fc', 'a\tb')
      .map((header) => ({ header, key: undefined as string | undefined })),
  ),
);

const headerName = fc.constantFrom(
  'toString',
  '__proto__',
  'constructor',
  'valueOf',
  'hasOwnProperty',
  'X-Forwarded-For',
  'Accept',
  'Origin',
  'X-Amzn-Trace-Id',
);
const extraHeaders = fc.array(
  fc.tuple(headerName, fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/)),
  { maxLength: 4 },
);

/** Anything goes: every part drawn from its hostile and ordinary values. */
const anyRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.oneof(
      { weight: 12, arbitrary: fc.constant('PUT') },
      {
        weight: 2,
        arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
      },
    ),
    target: routeTargets,
    authorization: authorizations,
    contentType: contentTypes,
    body: sized,
    idempotencyKey: idempotencyKeys,
    extraHeaders,
  })
  .map(({ target, authorization, body, idempotencyKey, ...rest }) => ({
    ...rest,
    ...target,
    ...authorization,
    ...body,
    idempotencyKey: idempotencyKey ?? undefined,
  }));

/** What a well-behaved client sends its own users: mostly 200s, 429s and keyed writes. */
const ordinaryRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    user: fc.constantFrom(
      { id: 5, token: demoData.admin },
      { id: 5, token: demoData.apiKey },
      { id: 7, token: demoData.admin },
      { id: 2, token: demoData.personalOwner },
    ),
    update: validUpdate,
    idempotencyKey: sometimes(
      1,
      1,
      fc.constantFrom('k1', 'k2', 'k3').map((key) => ({ header: key, key })),
    ),
  })
  .map(({ user, update, idempotencyKey }) => ({
    method: 'PUT',
    target: `/v2/users/${user.id}/invitation`,
    route: { kind: 'invitation', userId: { valid: true, id: user.id } },
    authorization: `Bearer ${user.token}`,
    caller: credential(user.token),
    contentType: { value: 'application/json', json: true },
    body: Buffer.from(JSON.stringify(update)),
    bodyKind: { kind: 'valid', update },
    idempotencyKey: idempotencyKey ?? undefined,
    extraHeaders: [],
  }));

/**
 * A request, and whether to send the previous one again instead (a client's retry: the
 * same bytes, so a keyed one is a replay and an unkeyed send meets its cool-down).
 */
export const fuzzCases = fc.record({
  request: fc.oneof(anyRequest, ordinaryRequest),
  repeatPrevious: fc.integer({ min: 0, max: 5 }).map((draw) => draw === 0),
});

function withOffset(date: Date, offset: string): string {
  if (offset === 'Z') return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0] = offset.slice(1).split(':').map(Number);
  const local = new Date(date.getTime() + sign * (hours * 60 + minutes) * 60_000);
  return `${local.toISOString().slice(0, 19)}${offset}`;
}
