import type { CouponIssueStatus, CouponTemplateInput, CouponTemplateView } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlots, messageOf, newRequestId } from '../api';
import { driveJob } from './job-driver';
import type { LoadStatus } from './member';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// The operator's coupon templates (admin/coupons, admin/coupon) and batch issues
// (admin/coupon-issue). After every change the list shows the server's answer, not a guess.

export const useCouponTemplates = createResource((silent) => callFunction('admin', 'listCouponTemplates', {}, { silent }));

/** Replaces one template in the list with the server's answer (a pause, a stock raise, an edit). */
function remember(view: CouponTemplateView): void {
  const current = useCouponTemplates.getState().data;
  if (!current) return;
  const known = current.templates.some((t) => t.templateId === view.templateId);
  useCouponTemplates.setState({
    data: { templates: known ? current.templates.map((t) => (t.templateId === view.templateId ? view : t)) : [view, ...current.templates] },
  });
}

// One request id per (action, template): tapping 暂停 again after a lost answer is a retry of
// the same action; the new-template form keeps its id until the server has answered.
const slots = createRequestIdSlots();

export async function saveCouponTemplate(templateId: string | null, template: CouponTemplateInput): Promise<CouponTemplateView> {
  const view = templateId
    ? await slots(`update:${templateId}`).run((requestId) => callFunction('admin', 'updateCouponTemplate', { templateId, template }, { requestId, silent: true }))
    : await slots('create').run((requestId) => callFunction('admin', 'createCouponTemplate', template, { requestId, silent: true }));
  remember(view);
  return view;
}

export async function setCouponTemplatePaused(templateId: string, paused: boolean): Promise<CouponTemplateView> {
  const action = paused ? 'pauseCouponTemplate' : 'resumeCouponTemplate';
  const view = await slots(`${action}:${templateId}`).run((requestId) => callFunction('admin', action, { templateId }, { requestId, silent: true }));
  remember(view);
  return view;
}

export async function raiseCouponStock(templateId: string, add: number): Promise<CouponTemplateView> {
  const view = await slots(`raise:${templateId}:${add}`).run((requestId) => callFunction('admin', 'raiseCouponStock', { templateId, add }, { requestId, silent: true }));
  remember(view);
  return view;
}

// ---- Batch issue ------------------------------------------------------------------------------

/** As the contract: member numbers per batch. */
export const MAX_ISSUE_MEMBERS = 5_000;

export interface CouponIssueState {
  jobs: CouponIssueStatus[];
  listStatus: LoadStatus;
  listError: string | null;
  /** The batch on screen (the one being run). */
  current: CouponIssueStatus | null;
  /** True while this page is calling runCouponIssue. */
  running: boolean;
  runError: string | null;
  starting: boolean;
  loadJobs: () => Promise<void>;
  start: (templateId: string, memberNos: string[], reason: string) => Promise<CouponIssueStatus>;
  /** Calls runCouponIssue until the batch is done or stop() is called. */
  resume: (jobId: string) => Promise<void>;
  stop: () => void;
  select: (job: CouponIssueStatus | null) => void;
}

let runToken = 0;

export const useCouponIssue = create<CouponIssueState>()((set, get) => ({
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
      const { items } = await callFunction('admin', 'listCouponIssues', {}, { silent: true });
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

  start: async (templateId, memberNos, reason) => {
    if (get().starting) throw new Error('busy');
    set({ starting: true, runError: null });
    try {
      // Pressing 开始 again after a lost answer is the same batch (the id is kept until an answer).
      const status = await slots('issue').run((requestId) =>
        callFunction('admin', 'startCouponIssue', { templateId, memberNos, reason }, { requestId, silent: true }),
      );
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
        step: () => callFunction('admin', 'runCouponIssue', { jobId }, { requestId: newRequestId(), silent: true }),
        finished: (status) => status.state !== 'running',
        onStatus: (status) => set({ current: status }),
        cancelled: () => mine !== runToken,
      });
      if (failure !== null && mine === runToken) set({ runError: messageOf(failure) });
    } finally {
      if (mine === runToken) {
        set({ running: false });
        void get().loadJobs();
        // The template's issued count moved: the list page shows it when reopened.
        void useCouponTemplates.getState().load();
      }
    }
  },

  stop: () => {
    runToken++;
    set({ running: false });
  },

  select: (job) => set({ current: job, runError: null }),
}));

forgetOnSignOut(() => {
  runToken++;
  useCouponIssue.setState({ jobs: [], listStatus: 'idle', listError: null, current: null, running: false, runError: null, starting: false });
});
