/**
 * Dependencies point one way: what runs on Lambda (functions/) never reaches into the
 * stack's definitions or the local runner, and no modules import each other in a circle
 * (type-only imports included: a circle of types is still a knot for the reader).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const roots = ['functions', 'infra', 'local'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const imports = new Map(
  roots.flatMap(sourceFiles).map((file) => {
    const text = readFileSync(file, 'utf8');
    const relative = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)];
    return [file, relative.map(([, path]) => normalize(join(dirname(file), path ?? '')))];
  }),
);

function cycleFrom(start: string): string[] | undefined {
  const path: string[] = [];
  const done = new Set<string>();
  const visit = (file: string): string[] | undefined => {
    const at = path.indexOf(file);
    if (at !== -1) return [...path.slice(at), file];
    if (done.has(file)) return undefined;
    path.push(file);
    for (const next of imports.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  return visit(start);
}

describe('module dependencies', () => {
  it('reads the imports it judges', () => {
    expect(imports.get(normalize('infra/functions.ts'))).toContain(
      normalize('functions/update-invitation/function.ts'),
    );
  });

  it('functions/ imports nothing from infra/ or local/', () => {
    const outward = [...imports].flatMap(([file, targets]) =>
      file.startsWith('functions')
        ? targets.filter((target) => /^(infra|local)\//.test(target)).map((t) => `${file} -> ${t}`)
        : [],
    );
    expect(outward).toEqual([]);
  });

  it('no modules import each other in a circle', () => {
    const cycles = [...imports.keys()].flatMap((file) => {
      const cycle = cycleFrom(file);
      return cycle ? [cycle.join(' -> ')] : [];
    });
    expect([...new Set(cycles)]).toEqual([]);
  });
});
