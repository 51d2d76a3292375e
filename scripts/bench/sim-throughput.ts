// Simulated operations per second: the randomized simulation (scripts/sim) over a few seeds, as
// `npm run sim` runs it, timed: once in this process, once in one worker process per core (the
// way `npm run sim` runs a long run). What it measures is the whole local stack per operation:
// the functions, wx-server-sdk, the emulator and the host.
import os from 'node:os';
import { type SimulationSummary, runSimulation } from '../sim/simulate';
import { runSimulationInWorkers } from '../sim/workers';

/** Where the simulation stood before it was made faster (issue 7: 16,138 operations in 103 s). */
const BASELINE_OPS_PER_SECOND = Math.round(16_138 / 103);

interface Run {
  how: string;
  seeds: number;
  operations: number;
  seconds: number;
  opsPerSecond: number;
  transactions: { started: number; committed: number; conflicts: number };
  failed: boolean;
}

export interface SimThroughput {
  opsPerSeed: number;
  baselineOpsPerSecond: number;
  oneProcess: Run & { cpuSeconds: number };
  workers: Run & { processes: number; cores: number };
  speedupOverBaseline: number;
  /** `npm run sim -- --seeds 1000 --ops 300` at the workers' rate. */
  projectedThousandSeedsMinutes: number;
}

async function timedRun(how: string, seeds: number[], run: () => Promise<SimulationSummary>): Promise<Run> {
  const started = process.hrtime.bigint();
  const summary = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const operations = Object.values(summary.stats.operations).reduce((total, n) => total + n, 0);
  const { started: txStarted, committed, conflicts } = summary.stats.transactions;
  return {
    how,
    seeds: seeds.length,
    operations,
    seconds: Math.round(seconds * 100) / 100,
    opsPerSecond: Math.round(operations / seconds),
    transactions: { started: txStarted, committed, conflicts },
    failed: summary.failed !== null,
  };
}

const seedRange = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

export async function simThroughput(opsPerSeed = 300): Promise<SimThroughput> {
  const one = seedRange(1, 12);
  const cpu = process.cpuUsage();
  const oneProcess = await timedRun(`runSimulation, seeds 1-12 × ${opsPerSeed} in this process (npm run sim -- --seeds 12 --ops ${opsPerSeed} --workers 1)`, one, () =>
    runSimulation(one, { ops: opsPerSeed }),
  );
  const used = process.cpuUsage(cpu);
  const cores = os.availableParallelism();
  const processes = Math.max(2, cores);
  // Enough seeds that the workers' start-up (loading the bundles, JIT warm-up) is a small part.
  const many = seedRange(1, 40 * processes);
  const workers = await timedRun(
    `runSimulationInWorkers, seeds 1-${many.length} × ${opsPerSeed} over ${processes} processes, their start-up included (npm run sim -- --seeds ${many.length} --ops ${opsPerSeed})`,
    many,
    () => runSimulationInWorkers(many, { ops: opsPerSeed }, processes),
  );
  const opsPerThousandSeeds = (workers.operations / many.length) * 1000;
  return {
    opsPerSeed,
    baselineOpsPerSecond: BASELINE_OPS_PER_SECOND,
    oneProcess: { ...oneProcess, cpuSeconds: Math.round(((used.user + used.system) / 1e6) * 100) / 100 },
    workers: { ...workers, processes, cores },
    speedupOverBaseline: Math.round((workers.opsPerSecond / BASELINE_OPS_PER_SECOND) * 10) / 10,
    projectedThousandSeedsMinutes: Math.round((opsPerThousandSeeds / workers.opsPerSecond / 60) * 10) / 10,
  };
}
