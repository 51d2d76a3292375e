import { cpSync, readFileSync, rmSync, writeFileSync } from 'fs';
import path from 'path';
import { FUNCTIONS, buildFunction } from '../../scripts/build/functions';

// Functions built from a copy of the source with one defect put back, for the tests that prove
// the simulation's model and invariants notice it. Each mutant has a folder of its own, and a
// suite removes only its own: suites run in parallel workers.

const root = path.resolve(__dirname, '../..');
const mutants = path.join(root, 'build/mutants');

/** Builds every function with `from` replaced by `to` in `file` (under cloudfunctions/); returns the bundles' folder. */
export async function buildMutant(name: string, file: string, from: string, to: string): Promise<string> {
  const source = path.join(mutants, name, 'cloudfunctions');
  removeMutants([name]);
  cpSync(path.join(root, 'cloudfunctions'), source, { recursive: true });
  const target = path.join(source, file);
  const text = readFileSync(target, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains the line this mutant replaces`);
  writeFileSync(target, text.replace(from, to));
  const out = path.join(mutants, name, 'functions');
  for (const fn of FUNCTIONS) await buildFunction(fn, out, path.join(source, fn, 'index.ts'));
  return out;
}

export function removeMutants(names: string[]): void {
  for (const name of names) rmSync(path.join(mutants, name), { recursive: true, force: true });
}
