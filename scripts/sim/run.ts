// npm run sim -- --seeds N --ops M [--from S] [--members K] [--conflicts lo,hi] [--failures p] [--functions DIR] [--workers W] [--verbose] [--no-membership]
//              | --seed S --ops M   (replays one seed)
// Drives members through random operations with injected faults and retries, checks the
// ledger's invariants after each seed, prints a JSON summary; exits 1 at the first violation.
// Seeds run in W processes at once (default: one per core; --workers 1 runs them in this one).
import { buildAllFunctions } from '../build/functions';
import { type SeedReport, runSimulation } from './simulate';
import { defaultWorkerCount, runSimulationInWorkers } from './workers';

interface Args {
  seeds: number[];
  ops: number;
  members?: number;
  verbose: boolean;
  conflicts?: [number, number];
  failureRate?: number;
  functionsDir?: string;
  workers: number;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): number | undefined => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return undefined;
    const n = Number(argv[at + 1]);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} needs a whole number`);
    return n;
  };
  const ops = value('ops') ?? 300;
  const one = value('seed');
  const from = value('from') ?? 1;
  const seeds = one !== undefined ? [one] : Array.from({ length: value('seeds') ?? 10 }, (_, i) => from + i);
  const range = (name: string): [number, number] | undefined => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return undefined;
    const [lo, hi = lo] = (argv[at + 1] ?? '').split(',').map(Number);
    if (!(lo >= 0 && hi >= lo && hi <= 1)) throw new Error(`--${name} needs p or lo,hi within 0..1`);
    return [lo, hi];
  };
  const text = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    return at < 0 ? undefined : argv[at + 1];
  };
  const failures = range('failures');
  return { seeds, ops, workers: value('workers') ?? defaultWorkerCount(seeds.length), members: value('members'), verbose: argv.includes('--verbose'), conflicts: range('conflicts'), failureRate: failures?.[0], functionsDir: text('functions') };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // A --functions directory (say, a deliberately broken copy of the bundles) is run as it is.
  if (!args.functionsDir) await buildAllFunctions();
  const options = { ops: args.ops, members: args.members, verbose: args.verbose, conflicts: args.conflicts, failureRate: args.failureRate, functionsDir: args.functionsDir, membership: !process.argv.includes('--no-membership') };
  const progress = (result: SeedReport) => {
    const mark = result.violations.length ? 'FAIL' : 'ok';
    process.stderr.write(`seed ${result.seed}: ${mark} (${result.elapsedMs} ms)\n`);
  };
  const summary = args.workers > 1 ? await runSimulationInWorkers(args.seeds, options, args.workers, progress) : await runSimulation(args.seeds, options, progress);
  if (summary.failed) {
    const { seed, violations, replay } = summary.failed;
    process.stderr.write(`\nseed ${seed} broke an invariant (${violations.length} violations); the first:\n  ${violations[0]}\n`);
    for (const more of violations.slice(1, 10)) process.stderr.write(`  ${more}\n`);
    process.stderr.write(`replay: ${replay}\n\n`);
  }
  console.log(JSON.stringify({ ...summary, workers: args.workers }, null, 2));
  process.exit(summary.failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
