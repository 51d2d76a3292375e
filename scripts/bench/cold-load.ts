// What a function's bundle adds to a cold start: a fresh Node process loads wx-server-sdk (which
// every function needs, and the cloud installs beside the bundle), then the bundle. Median of a
// few fresh processes each, so one slow start does not decide the figure.
import { execFileSync } from 'child_process';
import path from 'path';
import { FUNCTIONS } from '../build/functions';

const RUNS = 5;

function timeInFreshProcess(script: string, cwd: string): number {
  const out = execFileSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' });
  return Number(out.trim());
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (ms: number) => Math.round(ms * 10) / 10;

export function coldLoad(functionsDir: string, root: string) {
  const clock = 'const t=process.hrtime.bigint();';
  const elapsed = 'console.log(Number(process.hrtime.bigint()-t)/1e6)';
  const sdkMs = median(Array.from({ length: RUNS }, () => timeInFreshProcess(`${clock}require('wx-server-sdk');${elapsed}`, root)));
  const bundleMs: Record<string, number> = {};
  for (const name of FUNCTIONS) {
    const bundle = JSON.stringify(path.join(functionsDir, name, 'index.js'));
    bundleMs[name] = round(median(Array.from({ length: RUNS }, () => timeInFreshProcess(`require('wx-server-sdk');${clock}require(${bundle});${elapsed}`, root))));
  }
  return {
    how: `median of ${RUNS} fresh Node processes: require('wx-server-sdk') alone, then each bundle's require after it (what the bundle adds to a cold start)`,
    sdkMs: round(sdkMs),
    bundleMs,
  };
}
