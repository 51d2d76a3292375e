import { z } from 'zod';
import { action } from './define';

export interface TickResult {
  /** The jobs that had work due, and what each did in this invocation. */
  jobs: { name: string; processed: number; done: boolean }[];
}

export const jobsCronActions = {
  /** One timer tick: runs each due job for a bounded slice of its work. */
  tick: action<TickResult>()({ input: z.object({}).strict(), mutates: false }),
};

