/** The two examples of the API reference, verbatim: the demo fixtures make them answer. */
export const referenceExamples = [
  {
    name: 'Update a user invitation for specified Id',
    path: '/v2/users/5/invitation',
    authorization: 'Bearer 0afdf1dc-06f5-465b-a094-aa4196f6e7df',
    body: '{\n"sendEmail": true\n}',
    response: { id: 5 },
  },
  {
    name: 'Update a user invitation for a personal organization',
    path: '/v2/users/2/invitation',
    authorization: 'Bearer 9b0833c5-22f3-495f-9181-0740e31f7369',
    body: '{\n"sendEmail": false\n}',
    response: { id: 2 },
  },
] as const;

export function curlCommand(baseUrl: string, example: (typeof referenceExamples)[number]): string {
  const body = example.body.replaceAll('\n', ' ');
  return (
    `curl -i -X PUT ${baseUrl}${example.path} -H 'Authorization: ${example.authorization}' ` +
    `-H 'Content-Type: application/json' -d '${body}'`
  );
}
