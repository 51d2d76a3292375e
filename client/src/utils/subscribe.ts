import Taro from '@tarojs/taro';
import type { SubscribeTemplateKey } from '@contract';
import { callFunction, newRequestId } from '../api';
import { useMemberStore } from '../stores/member';

/** WeChat asks for at most three templates in one requestSubscribeMessage. */
export const TEMPLATES_PER_REQUEST = 3;

type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';

/** Pure: the per-template answers in requestSubscribeMessage's result, for the templates asked (errMsg and others dropped). */
export function answersOf(result: Record<string, unknown>, asked: string[]): Record<string, SubscribeAnswer> {
  const answers: Record<string, SubscribeAnswer> = {};
  for (const id of asked) {
    const answer = result[id];
    if (answer === 'accept' || answer === 'reject' || answer === 'ban' || answer === 'filter') answers[id] = answer;
  }
  return answers;
}

/**
 * Asks the member, once per tap, whether the brand may send them these reminders. WeChat
 * delivers ONE subscribe message per accepted consent and only lets a tap ask for it, so the
 * tap's handler calls this first; the answer is sent to the server, which
 * keeps it as that template's quota (core/notify/quota.ts). At most three templates a request.
 * A refusal, a failed record or an H5 build (no such API) is not an error: the action goes on.
 */
export function askForReminders(kinds: SubscribeTemplateKey[]): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve();
  const templates = useMemberStore.getState().me?.subscribeTemplates;
  const tmplIds = templates ? [...new Set(kinds.map((kind) => templates[kind]).filter(Boolean))].slice(0, TEMPLATES_PER_REQUEST) : [];
  if (tmplIds.length === 0) return Promise.resolve();
  // Resolves once the member has answered the sheet (a caller that opens another sheet, such as
  // WeChat Pay, waits for it); the record goes on in the background.
  return Promise.resolve(Taro.requestSubscribeMessage({ tmplIds } as Parameters<typeof Taro.requestSubscribeMessage>[0])).then(
    (result) => {
      const results = answersOf(result as unknown as Record<string, unknown>, tmplIds);
      if (Object.keys(results).length === 0) return;
      // One request id per answer: each consent is one user action, recorded once.
      void callFunction('member', 'recordSubscribeConsent', { results }, { requestId: newRequestId(), silent: true }).catch(() => undefined);
    },
    () => undefined,
  );
}
