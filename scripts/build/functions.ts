// Bundles each cloud function into a folder that deploys as it is: index.js, package.json and
// config.json. The local host runs exactly these bundles.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'fs';
import path from 'path';

export const FUNCTIONS = ['member', 'staff', 'admin', 'cron', 'pay'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

const root = path.resolve(__dirname, '../..');
export const FUNCTIONS_OUT = path.join(root, 'build/functions');
const sdkVersion: string = require(path.join(root, 'node_modules/wx-server-sdk/package.json')).version;

export async function buildFunction(name: string, outRoot = FUNCTIONS_OUT, entry = path.join(root, 'cloudfunctions', name, 'index.ts')): Promise<number> {
  const outDir = path.join(outRoot, name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [entry],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    // The cloud installs wx-server-sdk from package.json; bundling it would pin a copy per function.
    external: ['wx-server-sdk'],
    minify: true,
    // No keepNames: nothing reads a function's or class's name (errors set `name` themselves), and
    // its wrappers cost ~10 KB a function, which kept admin over the 200 KB budget (npm run bench).
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeFileSync(
    path.join(outDir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': sdkVersion } }, null, 2) + '\n',
  );
  const config = path.join(path.dirname(entry), 'config.json');
  if (existsSync(config)) copyFileSync(config, path.join(outDir, 'config.json'));
  return statSync(path.join(outDir, 'index.js')).size;
}

export async function buildAllFunctions(outRoot = FUNCTIONS_OUT): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const name of FUNCTIONS) sizes[name] = await buildFunction(name, outRoot);
  return sizes;
}

if (require.main === module) {
  buildAllFunctions().then(
    (sizes) => {
      for (const [name, bytes] of Object.entries(sizes)) console.log(`built ${name.padEnd(7)} ${(bytes / 1024).toFixed(1)} KB`);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
