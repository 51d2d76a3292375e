import type { BulkGrantStatus } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot, messageOf, newRequestId } from '../api';
import { driveJob } from './job-driver';
import type { LoadStatus } from './member';
import { forgetOnSignOut } from './session';

// The operator's bulk points grant: the list is read here, sent in parts (a call's payload is
// bounded), and the job is driven by calling runBulkGrant while the page is open; the cron job
// finishes what nobody watches.

/** As the server's contract: lines per part and parts per job. */
export const PART_LINES = 2_500;
export const MAX_MEMBERS = 10_000;

export interface ParsedList {
  valid: string[];
  invalid: { line: number; value: string }[];
  duplicates: number;
}

/** The same reading as the server's: ten digits per line, blanks skipped, repeats dropped. */
export function parseMemberList(text: string): ParsedList {
  const seen = new Set<string>();
  const valid: string[] = [];
  const invalid: ParsedList['invalid'] = [];
  let duplicates = 0;
  text.split(/\r?\n|\r/).forEach((raw, index) => {
    // A CSV row: its first column.
    const value = raw.split(/[,，;；\t]/)[0].replace(/[\s\u3000"']/g, '');
    if (value === '') return;
    if (!/^\d{10}$/.test(value)) {
      invalid.push({ line: index + 1, value: raw.trim().slice(0, 20) });
      return;
    }
    if (seen.has(value)) {
      duplicates++;
      return;
    }
    seen.add(value);
    valid.push(value);
  });
  return { valid, invalid, duplicates };
}

export interface BulkGrantState {
  jobs: BulkGrantStatus[];
  listStatus: LoadStatus;
  listError: string | null;
  /** The job on screen (the one being run). */
  current: BulkGrantStatus | null;
  /** True while this page is calling runBulkGrant. */
  running: boolean;
  runError: string | null;
  starting: boolean;
  loadJobs: () => Promise<void>;
  /** Sends the list and starts the job; resolves with its first status. */
  start: (memberNos: string[], amount: number, reason: string) => Promise<BulkGrantStatus>;
  /** Calls runBulkGrant until the job is done or stop() is called. */
  resume: (jobId: string) => Promise<void>;
  stop: () => void;
  select: (job: BulkGrantStatus | null) => void;
}

const startSlot = createRequestIdSlot();
let runToken = 0;

export const useBulkGrant = create<BulkGrantState>()((set, get) => ({
  jobs: [],
  listStatus: 'idle',
  listError: null,
  current: null,
  running: false,
  runError: null,
  starting: false,

  loadJobs: async () => {
    if (get().listStatus !== 'ready') set({ listStatus: 'loading', listError: null });
    try {
      const { items } = await callFunction('admin', 'listBulkGrants', {}, { silent: true });
      set((state) => ({
        jobs: items,
        listStatus: 'ready',
        listError: null,
        current: state.current ? (items.find((job) => job.jobId === state.current!.jobId) ?? state.current) : null,
      }));
    } catch (error) {
      if (get().listStatus !== 'ready') set({ listStatus: 'error', listError: messageOf(error) });
    }
  },

  start: async (memberNos, amount, reason) => {
    if (get().starting) throw new Error('busy');
    set({ starting: true, runError: null });
    try {
      const parts: string[][] = [];
      for (let i = 0; i < memberNos.length; i += PART_LINES) parts.push(memberNos.slice(i, i + PART_LINES));
      let status: BulkGrantStatus = await startSlot.run((requestId) =>
        callFunction('admin', 'startBulkGrant', { memberNos: parts[0], parts: parts.length, amount, reason }, { requestId }),
      );
      for (const [index, part] of parts.slice(1).entries()) {
        // Receiving a part is idempotent on (job, part): a retry after a lost answer is harmless.
        status = await callFunction('admin', 'addBulkGrantMembers', { jobId: status.jobId, part: index + 2, memberNos: part }, { requestId: newRequestId() });
      }
      set({ current: status });
      void get().loadJobs();
      return status;
    } finally {
      set({ starting: false });
    }
  },

  resume: async (jobId) => {
    const mine = ++runToken;
    set({ running: true, runError: null });
    try {
      const failure = await driveJob({
        step: () => callFunction('admin', 'runBulkGrant', { jobId }, { requestId: newRequestId(), silent: true }),
        finished: (status) => status.state !== 'running',
        onStatus: (status) => set({ current: status }),
        cancelled: () => mine !== runToken,
      });
      if (failure !== null && mine === runToken) set({ runError: messageOf(failure) });
    } finally {
      if (mine === runToken) {
        set({ running: false });
        void get().loadJobs();
      }
    }
  },

  stop: () => {
    runToken++;
    set({ running: false });
  },

  select: (job) => set({ current: job, runError: null }),
}));

export async function fetchFailuresCsv(jobId: string): Promise<{ csv: string; count: number }> {
  return callFunction('admin', 'bulkGrantFailures', { jobId });
}

forgetOnSignOut(() => {
  runToken++;
  useBulkGrant.setState({ jobs: [], listStatus: 'idle', listError: null, current: null, running: false, runError: null, starting: false });
});
