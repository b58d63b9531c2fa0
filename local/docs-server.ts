/**
 * The API's documentation beside the local API, on a port of its own (the API's port + 1):
 * the OpenAPI description (infra/openapi.ts) and an interactive page (Swagger UI, served
 * from the `swagger-ui-dist` package: no CDN, no internet); and the invitee's accept page,
 * where local invitation links point. The emulated API's own answers
 * stay exactly API Gateway's (an unknown path there is still 403).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { acceptPageHeaders } from '../functions/shared/http/headers.ts';
import { openApiDocument } from '../infra/openapi.ts';

const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const served: Record<string, { file: string; type: string }> = {
  '/swagger-ui.css': { file: join(assets, 'swagger-ui.css'), type: 'text/css' },
  '/swagger-ui-bundle.js': { file: join(assets, 'swagger-ui-bundle.js'), type: 'text/javascript' },
  '/swagger-ui-standalone-preset.js': {
    file: join(assets, 'swagger-ui-standalone-preset.js'),
    type: 'text/javascript',
  },
  '/favicon-32x32.png': { file: join(assets, 'favicon-32x32.png'), type: 'image/png' },
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Invitations API</title>
  <link rel="icon" href="/favicon-32x32.png">
  <link rel="stylesheet" href="/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/swagger-ui-bundle.js"></script>
  <script src="/swagger-ui-standalone-preset.js"></script>
  <script src="/init.js"></script>
</body>
</html>
`;

const init = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

/** The invitee's accept page (web/accept/), where invitation links point locally. */
export const acceptPagePath = '/invitations/accept';
const acceptPageDir = new URL('../web/accept/', import.meta.url);
const acceptPageFiles: Record<string, { file: string; type: string }> = {
  [acceptPagePath]: { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/invitations/accept.js': { file: 'accept.js', type: 'text/javascript; charset=utf-8' },
  '/invitations/messages.js': { file: 'messages.js', type: 'text/javascript; charset=utf-8' },
  '/invitations/accept.css': { file: 'accept.css', type: 'text/css; charset=utf-8' },
};

export function startDocsServer(apiBaseUrl: string, port: number, host: string): Promise<Server> {
  const document = JSON.stringify({
    ...openApiDocument(),
    servers: [{ url: apiBaseUrl, description: 'this npm start' }],
  });
  // The page may call the local API (its origin) and nothing else.
  const policy = `default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ${apiBaseUrl}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': policy,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
      response.end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', '');
    const pageFile = acceptPageFiles[path];
    if (pageFile) {
      let body = await readFile(new URL(pageFile.file, acceptPageDir), 'utf8');
      // The page learns where the API is from its meta tag.
      if (pageFile.file === 'index.html') {
        body = body.replace(
          '<meta name="invitations-api" content="">',
          `<meta name="invitations-api" content="${apiBaseUrl}">`,
        );
      }
      response.writeHead(200, {
        'Content-Type': pageFile.type,
        ...acceptPageHeaders(new URL(apiBaseUrl).origin),
      });
      return response.end(body);
    }
    if (path === '/') return send(200, 'text/html; charset=utf-8', page);
    if (path === '/init.js') return send(200, 'text/javascript', init);
    if (path === '/openapi.json') return send(200, 'application/json', document);
    const asset = served[path];
    if (asset) return send(200, asset.type, await readFile(asset.file));
    return send(404, 'text/plain', 'not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
