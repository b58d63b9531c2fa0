/**
 * Imports one bundle in this fresh process and prints how long the import (Lambda's init)
 * took: wall-clock ms and CPU ms (user + system, all threads), as JSON.
 */
import { createRequire } from 'node:module';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/import-once.ts <bundle.mjs>');
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
// A CommonJS bundle is required, as Lambda's runtime loads one; an ES module imported.
const module = (
  file.endsWith('.cjs') ? createRequire(import.meta.url)(file) : await import(file)
) as { handler?: unknown };
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpuBefore);
if (typeof module.handler !== 'function') throw new Error(`${file} exports no handler`);
console.log(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
