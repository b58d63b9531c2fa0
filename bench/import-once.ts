/**
 * Imports one bundle in this fresh process and prints how long the import (Lambda's init)
 * took: wall-clock ms and CPU ms (user + system, all threads), as JSON.
 */
const file = process.argv[2];
if (!file) throw new Error('usage: node bench/import-once.ts <bundle.mjs>');
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
const module = (await import(file)) as { handler?: unknown };
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpuBefore);
if (typeof module.handler !== 'function') throw new Error(`${file} exports no handler`);
console.log(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
