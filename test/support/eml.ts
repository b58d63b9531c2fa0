/** The plain-text part of an .eml the outbox transport wrote (base64, as sent). */
export function plainTextOf(eml: string): string {
  const [, textPart = ''] = eml.split(
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n',
  );
  return Buffer.from(
    textPart.split('\r\n--')[0]?.replaceAll('\r\n', '') ?? '',
    'base64',
  ).toString();
}
