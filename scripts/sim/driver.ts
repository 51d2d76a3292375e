import type { LocalCloud } from '../local-cloud';
import type { FaultOptions } from '../local-cloud/database/faults';
import { type Answer, Model, type SimRequest, type SimStats, emptyStats } from './model';
import type { Random } from './random';

/** Answers a client retries: the call may or may not have happened, so it sends it again. */
const RETRYABLE = new Set(['BUSY', 'INTERNAL']);
/** Attempts while faults are on; a request still failing then is resolved after the run. */
export const MAX_ATTEMPTS = 4;

/** How a client misbehaves around one request. */
export interface ClientQuirks {
  lostAnswer: boolean;
  duplicate: boolean;
}

/** A mutating call, replayable: same action, same input, same request id every time. */
export interface Submission {
  request: SimRequest;
  send: () => Promise<Answer>;
  /** Updates the model from the final answer. */
  apply: (answer: Answer) => void;
  /** Fields that may differ between two answers to one request (freshly signed parameters). */
  volatile?: string[];
  /** The member whose accounts it moves: left uncompared with the model if it never answers. */
  member?: number;
  /**
   * Failures the action decides before it consults the request record, so a retry decides
   * them afresh. An answer that turns into one of them is a finding, not a double posting.
   */
  checkedBeforeRecord?: string[];
}

/**
 * The simulated clients: the member phones, the two cashiers and the operator, all calling
 * the built functions through the local host, retrying failures with the same request id.
 */
export class Driver {
  readonly model = new Model();
  readonly stats: SimStats = emptyStats();
  /** Requests that never got a final answer while faults were on. */
  readonly unresolved: Submission[] = [];
  private codes = new Map<number, { token: string; clock: string; at: number }>();
  private requestCount = 0;
  clock: Date;
  /** How many purchases existed when the running batch began: refunds pick among those. */
  purchasesAtBatchStart = 0;
  /** How many gift redemptions existed when the running batch began: undos pick among those. */
  redemptionsAtBatchStart = 0;
  /** The faults the running batch is under, to restore after a tick run with faults off. */
  faultSettings: FaultOptions = {};

  constructor(
    readonly cloud: LocalCloud,
    readonly seed: number,
    readonly rng: Random,
    start: Date,
  ) {
    this.clock = start;
  }

  newRequestId(): string {
    this.requestCount += 1;
    return `sim${this.seed}_${this.requestCount}_${this.rng.uint().toString(36)}`;
  }

  /** Counts an outcome for the summary's coverage. */
  note(what: string): void {
    this.stats.coverage[what] = (this.stats.coverage[what] ?? 0) + 1;
  }

  count(kind: string): void {
    this.stats.operations[kind] = (this.stats.operations[kind] ?? 0) + 1;
  }

  invoke(fn: string, openid: string, action: string, data: unknown, requestId?: string): Promise<Answer> {
    return this.cloud.host.invoke(fn, { action, data, requestId }, { openid, source: 'wx_client' }) as Promise<Answer>;
  }

  /** Sends until a final answer (ok or a business failure) or MAX_ATTEMPTS; null = unknown. */
  async attempt(send: () => Promise<Answer>, attempts = MAX_ATTEMPTS): Promise<Answer | null> {
    for (let i = 1; i <= attempts; i++) {
      if (i > 1) this.stats.retries += 1;
      let answer: Answer;
      try {
        answer = await send();
      } catch {
        this.stats.thrown += 1;
        continue;
      }
      const label = answer.ok ? 'ok' : answer.code;
      this.stats.answers[label] = (this.stats.answers[label] ?? 0) + 1;
      if (!answer.ok && RETRYABLE.has(answer.code)) continue;
      return answer;
    }
    return null;
  }

  /**
   * Submits a mutating request and applies its final answer. A duplicate goes out twice at
   * once, and both copies must answer the same outcome. When the answer is lost on the way
   * back, the client sends the same request again and must get that outcome, as a replay.
   */
  async submit(submission: Submission, quirks: ClientQuirks): Promise<Answer | null> {
    this.model.requests.push(submission.request);
    let answer: Answer | null;
    if (quirks.duplicate) {
      this.stats.duplicates += 1;
      const [a, b] = await Promise.all([this.attempt(submission.send), this.attempt(submission.send)]);
      if (a && b) this.compare(submission, a, b, 'duplicate');
      answer = a ?? b;
    } else {
      answer = await this.attempt(submission.send);
    }
    if (!answer) {
      this.unresolved.push(submission);
      if (submission.member !== undefined) this.model.members[submission.member].unknown = true;
      return null;
    }
    submission.request.answer = answer;
    submission.apply(answer);
    if (quirks.lostAnswer) await this.replay(submission, answer);
    return answer;
  }

  async replay(submission: Submission, first: Answer): Promise<void> {
    const again = await this.attempt(submission.send);
    if (!again) return;
    this.stats.lostAnswerReplays += 1;
    this.compare(submission, first, again, 'replay');
  }

  /** Two answers to one request: the same outcome, and the later flagged as a replay. */
  private compare(submission: Submission, first: Answer, again: Answer, how: 'replay' | 'duplicate'): void {
    const what = `${how} of ${submission.request.action} ${submission.request.requestId}`;
    const verdict = compareReplay(first, again, submission.volatile ?? []);
    const early = [first, again].find((a) => !a.ok && !a.replayed && submission.checkedBeforeRecord?.includes(a.code));
    if (verdict === 'differs' && early && !early.ok) {
      this.model.findings.push(`${what}: ${first.ok ? 'ok' : first.code}, then ${again.ok ? 'ok' : again.code}: ${early.code} is checked before the request record, so a retry can change the outcome`);
    } else if (verdict === 'differs') this.model.problems.push(`${what} answered ${JSON.stringify(again)} after ${JSON.stringify(first)}`);
    else if (verdict === 'shape') this.model.findings.push(`${what}: one answer carries ${keys(again)}, the other ${keys(first)}`);
    // A refusal decided before the request record (a claim out of stock, an undo too late) is decided again, by design.
    else if (!first.ok && submission.checkedBeforeRecord?.includes(first.code)) return;
    else if (!again.replayed && !first.replayed) this.model.findings.push(`${what}: ${again.ok ? 'ok' : again.code} twice, neither flagged as a replay (re-evaluated, not recorded)`);
  }

  /** Sends what never got a final answer again, faults off: the client's eventual retry. */
  async resolveUnresolved(): Promise<void> {
    for (const submission of this.unresolved.splice(0)) {
      const answer = await this.attempt(submission.send, 2);
      if (!answer) {
        this.model.problems.push(`${submission.request.action} ${submission.request.requestId} still fails with faults off`);
        continue;
      }
      this.stats.resolvedAtEnd += 1;
      submission.request.answer = answer;
      submission.apply(answer);
    }
  }

  /**
   * A member code for staff to scan, fetched through member.memberCode. Codes live 60 s on
   * the server's clock, so one is reused until the clock jumps or 20 s of real time pass.
   */
  async memberCode(member: number): Promise<string> {
    const clock = this.clock.toISOString();
    const cached = this.codes.get(member);
    if (cached && cached.clock === clock && Date.now() - cached.at < 20_000) return cached.token;
    const answer = await this.attempt(() => this.invoke('member', this.model.members[member].openid, 'memberCode', {}));
    if (!answer?.ok) throw new Error(`memberCode failed: ${JSON.stringify(answer)}`);
    this.codes.set(member, { token: answer.data.token, clock, at: Date.now() });
    return answer.data.token;
  }

  /** The server's clock: the simulated one, run on with real time since it was last set. */
  serverNow(): number {
    return Date.now() + Number(process.env.LOCAL_CLOCK_OFFSET_MS ?? 0);
  }

  unexpected(action: string, answer: Answer, why: string): void {
    this.model.problems.push(`${action} answered ${JSON.stringify(answer)}: ${why}`);
  }
}

/**
 * same: the replay says what the first answer said. shape: the same outcome and the same
 * values wherever both have a field, but different fields. differs: another outcome.
 */
function compareReplay(first: Answer, again: Answer, volatile: string[]): 'same' | 'shape' | 'differs' {
  if (!first.ok || !again.ok) return !first.ok && !again.ok && first.code === again.code ? 'same' : 'differs';
  const both = volatile.filter((k) => k in first.data && k in again.data);
  const strip = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([k]) => !both.includes(k)));
  const a = strip(first.data);
  const b = strip(again.data);
  if (JSON.stringify(a) === JSON.stringify(b)) return 'same';
  const shared = Object.keys(a).filter((k) => k in b);
  return shared.length > 0 && shared.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k])) ? 'shape' : 'differs';
}

function keys(answer: Answer): string {
  return answer.ok ? `{${Object.keys(answer.data as object).join(', ')}}` : answer.code;
}
