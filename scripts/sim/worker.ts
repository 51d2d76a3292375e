// One simulation worker process (see workers.ts): runs the seeds it is sent, one at a time.
import { runSeed } from './simulate';
import type { WorkerReply, WorkerRequest } from './workers';

const reply = (message: WorkerReply) => process.send!(message);

process.on('message', (request: WorkerRequest) => {
  if (request.type === 'stop') {
    process.disconnect();
    process.exit(0);
  }
  runSeed(request.seed, request.options).then(
    ({ seed, violations, findings, stats, elapsedMs }) => reply({ type: 'result', result: { seed, violations, findings, stats, elapsedMs } }),
    (error: unknown) => reply({ type: 'error', seed: request.seed, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
reply({ type: 'ready' });
