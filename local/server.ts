/** node:http in front of the API Gateway emulation: bytes in, bytes out, one log line each. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
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
      console.error(`${request.method} ${request.url} ${result.statusCode} ${ms} ms`);
    } catch (error) {
      console.error(`local server error: ${(error as Error).stack}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** The body, or undefined once it passes API Gateway's limit (the rest is drained). */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size <= maxRequestBytes) chunks.push(chunk as Buffer);
  }
  return size > maxRequestBytes ? undefined : Buffer.concat(chunks);
}
