// Runs a simulation's seeds in several processes at once (one per core by default). Each seed
// is a fresh in-memory cloud with its own clock, and a process's clock (LOCAL_CLOCK_OFFSET_MS)
// is global, so seeds share a process only one after another; processes give the parallelism.
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { type SeedReport, type SimOptions, type SimulationSummary, SummaryBuilder } from './simulate';

export type WorkerRequest = { type: 'seed'; seed: number; options: SimOptions } | { type: 'stop' };
export type WorkerReply = { type: 'ready' } | { type: 'result'; result: SeedReport } | { type: 'error'; seed: number; message: string };

/** Node's flags for running TypeScript: the ones this process was started with (tsx's), or tsx's loader. */
function loaderFlags(): string[] {
  return process.execArgv.some((flag) => flag.includes('tsx')) ? process.execArgv : ['--import', 'tsx'];
}

export function defaultWorkerCount(seeds: number): number {
  return Math.max(1, Math.min(seeds, os.availableParallelism()));
}

/**
 * Hands seeds to `workers` processes, one at a time as each finishes its last, and stops handing
 * them out at the first seed that breaks an invariant (seeds already running finish).
 */
export async function runSimulationInWorkers(
  seeds: number[],
  options: SimOptions,
  workers: number,
  progress?: (result: SeedReport) => void,
): Promise<SimulationSummary> {
  const builder = new SummaryBuilder(seeds, options);
  const queue = [...seeds];
  let stopping = false;
  const runOne = () =>
    new Promise<void>((resolve, reject) => {
      const child = fork(path.join(__dirname, 'worker.ts'), [], { execArgv: loaderFlags(), stdio: 'inherit' });
      const send = (request: WorkerRequest) => child.send(request);
      const next = () => {
        const seed = stopping ? undefined : queue.shift();
        send(seed === undefined ? { type: 'stop' } : { type: 'seed', seed, options });
      };
      child.on('message', (reply: WorkerReply) => {
        if (reply.type === 'error') {
          stopping = true;
          reject(new Error(`seed ${reply.seed} threw: ${reply.message}`));
          child.kill();
          return;
        }
        if (reply.type === 'result') {
          if (builder.add(reply.result)) stopping = true;
          progress?.(reply.result);
        }
        next();
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a simulation worker exited with code ${code}`))));
    });
  await Promise.all(Array.from({ length: Math.max(1, workers) }, runOne));
  return builder.summary();
}
