import { readFileSync, readdirSync, statSync } from 'fs';
import path from 'path';

/** Every file under `dir` with its size, by path relative to `dir` (forward slashes). */
function files(dir: string, prefix = ''): { rel: string; bytes: number }[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? files(dir, rel) : [{ rel, bytes: statSync(path.join(dir, rel)).size }];
  });
}

export interface WeappSizes {
  mainPackageBytes: number;
  subPackages: Record<string, number>;
}

/**
 * Splits a weapp build as WeChat counts it: each subpackage root apart, the rest is the main
 * package. Source maps are not uploaded, so they count nowhere.
 */
export function weappSizes(weappDir: string): WeappSizes {
  const appJson = JSON.parse(readFileSync(path.join(weappDir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''));
  const subPackages: Record<string, number> = Object.fromEntries(roots.map((root) => [root, 0]));
  let mainPackageBytes = 0;
  for (const file of files(weappDir)) {
    if (file.rel.endsWith('.map')) continue;
    const root = roots.find((r) => file.rel.startsWith(`${r}/`));
    if (root) subPackages[root] += file.bytes;
    else mainPackageBytes += file.bytes;
  }
  return { mainPackageBytes, subPackages };
}
