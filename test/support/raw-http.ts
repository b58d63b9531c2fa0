/**
 * HTTP/1.1 by hand over a TCP socket: the request exactly as given (any header name, bytes
 * that are not UTF-8, malformed framing), the response as sent (every header line, in
 * order, so a header sent twice shows twice). One request per connection.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** [name, value] as on the wire. */
  headers: [string, string][];
  body: string;
}

export interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body?: Buffer;
}

/** The bytes of a well-framed request (Content-Length from the body). */
export function requestBytes({ method, target, headers, body }: RawRequest): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${body.byteLength}`);
  return Buffer.concat([
    Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'),
    body ?? Buffer.alloc(0),
  ]);
}

/** Sends bytes to host:port and reads the response until the server closes. */
export function sendRaw(baseUrl: string, bytes: Buffer, timeoutMs = 15_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('no answer in time')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    // Not end(): a half-closed connection gets no answer from Node's server. It closes
    // the connection itself after answering (Connection: close).
    socket.write(bytes);
  });
}

function parseResponse(bytes: Buffer): RawResponse {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) throw new Error(`bad status line: ${statusLine}`);
  const headers = headerLines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return { status, headers, body: text.slice(end + 4) };
}
