/** node:http in front of the API Gateway emulation: bytes in, bytes out, one log line each. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { gatewayResponse } from '../infra/gateway-responses.ts';
import type { createLocalApi } from './api-gateway.ts';
import { maxRequestBytes } from './api-gateway.ts';

type LocalApi = ReturnType<typeof createLocalApi>;

export function startServer(api: LocalApi, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer(async (request, response) => {
    const started = performance.now();
    try {
      const body = await readBody(request);
      const result = await api.handle({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        rawHeaders: request.rawHeaders,
        // One byte over the limit is enough for the emulator to answer 413.
        body: body ?? Buffer.alloc(maxRequestBytes + 1),
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      });
      response.writeHead(result.statusCode, {
        ...result.headers,
        'Content-Length': String(result.body.byteLength),
      });
      response.end(result.body);
      const ms = (performance.now() - started).toFixed(0);
      // Written as it is: every request writes one, and console would format it first.
      process.stderr.write(`${request.method} ${request.url} ${result.statusCode} ${ms} ms\n`);
    } catch (error) {
      // A bug of the emulator's own: still the gateway's 500, with the contract's headers.
      console.error(`local server error: ${(error as Error).stack}`);
      if (!response.headersSent) {
        const { statusCode, headers, body } = gatewayResponse('DEFAULT_5XX');
        response.writeHead(statusCode, headers);
        response.end(body);
      } else response.end();
    }
  });
  server.on('clientError', answerMalformedRequest);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * The body, or undefined once it passes API Gateway's limit (the rest is drained). Read
 * from the stream's events: its async iterator costs a few promise turns per chunk, on
 * every request's path.
 */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxRequestBytes) chunks.push(chunk);
    });
    request.once('end', () => resolve(size > maxRequestBytes ? undefined : Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/**
 * A request Node's HTTP parser refuses (a bare CR or LF in a header, headers over 16 KB,
 * an unknown method, two Content-Lengths...) never reaches the emulation: answer it as a
 * gateway answers what it cannot parse, with the contract's headers and a JSON error,
 * while the socket still takes a response.
 */
function answerMalformedRequest(error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const { statusCode, headers, body } = gatewayResponse('DEFAULT_4XX', status);
  const lines = [
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}`,
    ...Object.entries({
      ...headers,
      'x-amzn-RequestId': randomUUID(),
      'Content-Length': String(Buffer.byteLength(body)),
      Connection: 'close',
    }).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  console.error(`malformed request refused: ${error.code ?? error.message} ${statusCode}`);
}
