import type { CouponTemplateInput, CouponTemplateView } from '@contract';
import { callFunction, createRequestIdSlots, newRequestId } from '../api';
import { createJobStore } from './job-store';
import { createResource } from './resource';

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

/** The batch issues: resume calls runCouponIssue; each drive moves the templates' issued counts. */
export const useCouponIssue = createJobStore({
  list: () => callFunction('admin', 'listCouponIssues', {}, { silent: true }),
  // Pressing 开始 again after a lost answer is the same batch (the id is kept until an answer).
  start: (templateId: string, memberNos: string[], reason: string) =>
    slots('issue').run((requestId) => callFunction('admin', 'startCouponIssue', { templateId, memberNos, reason }, { requestId, silent: true })),
  run: (jobId) => callFunction('admin', 'runCouponIssue', { jobId }, { requestId: newRequestId(), silent: true }),
  // The template's issued count moved: the list page shows it when reopened.
  afterRun: () => void useCouponTemplates.getState().load(),
});

export type CouponIssueState = ReturnType<typeof useCouponIssue.getState>;
