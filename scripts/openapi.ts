/** `npm run openapi`: writes docs/openapi.json from the route table, schemas and error codes. */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../infra/openapi.ts';

export const openApiPath = new URL('../docs/openapi.json', import.meta.url);
export const openApiText = () => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

if (import.meta.main) {
  writeFileSync(openApiPath, openApiText());
  console.log(`wrote ${openApiPath.pathname}`);
}
