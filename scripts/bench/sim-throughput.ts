// Simulated operations per second: the randomized simulation (scripts/sim) over a few seeds, as
// `npm run sim` runs it, timed. What it measures is the whole local stack per operation: the
// functions, wx-server-sdk, the emulator and the host, plus the transaction helper's backoff
// sleeps after (injected) conflicts, which are wall-clock time, not CPU.
import { runSimulation } from '../sim/simulate';

export interface SimThroughput {
  how: string;
  seeds: number[];
  opsPerSeed: number;
  /** Simulated operations (`stats.operations` summed: purchases, refunds, top-ups, cron ticks...). */
  operations: number;
  seconds: number;
  opsPerSecond: number;
  /** CPU time of this process over the same stretch; the rest of `seconds` was waiting (timers). */
  cpuSeconds: number;
  transactions: { started: number; committed: number; conflicts: number };
  failed: boolean;
}

export async function simThroughput(seeds = [1, 2, 3, 4, 5, 6], opsPerSeed = 300): Promise<SimThroughput> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const summary = await runSimulation(seeds, { ops: opsPerSeed });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const operations = Object.values(summary.stats.operations).reduce((total, n) => total + n, 0);
  const { started: txStarted, committed, conflicts } = summary.stats.transactions;
  return {
    how: `runSimulation over seeds ${seeds[0]}-${seeds[seeds.length - 1]} × ${opsPerSeed} operations (npm run sim -- --seeds ${seeds.length} --ops ${opsPerSeed}); opsPerSecond = operations / seconds`,
    seeds,
    opsPerSeed,
    operations,
    seconds: Math.round(seconds * 100) / 100,
    opsPerSecond: Math.round(operations / seconds),
    cpuSeconds: Math.round(((used.user + used.system) / 1e6) * 100) / 100,
    transactions: { started: txStarted, committed, conflicts },
    failed: summary.failed !== null,
  };
}
