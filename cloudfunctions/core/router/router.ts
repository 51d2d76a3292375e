import type { z } from 'zod';
import {
  type ActionSpec,
  type CallResult,
  type ErrorResult,
  errorResult,
} from '../contract';
import { BusinessError, ReplayedOutcome } from '../platform/business-error';
import { takeCall } from '../platform/rate-limit';
import type { HandlerContext, Roles } from './context';

export const MAX_PAYLOAD_BYTES = 64 * 1024;
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

type AnySpec = ActionSpec<z.ZodTypeAny, unknown>;
type SpecMap = Record<string, AnySpec>;

export type Handler<S extends AnySpec> = (
  ctx: HandlerContext,
  input: z.output<S['input']>,
) => Promise<S extends ActionSpec<z.ZodTypeAny, infer R> ? R : never>;

export type Handlers<M extends SpecMap> = { [A in keyof M]: Handler<M[A]> };

export interface Router {
  dispatch(event: unknown, caller: CallerFacts): Promise<CallResult<unknown>>;
}

export interface CallerFacts {
  openid: string | undefined;
  /** Builds the rest of the context once the call is known to be well formed. */
  makeContext(base: { action: string; openid: string; requestId?: string }): Omit<HandlerContext, 'roles'>;
  /** The function's permission check: returns the caller's roles, or throws BusinessError FORBIDDEN. */
  authorize(ctx: Omit<HandlerContext, 'roles'>): Promise<Roles>;
}

/**
 * Validates a call `{ action, data, requestId }` at the function boundary and dispatches it.
 * Every rejection here happens before any write, so bad input changes nothing.
 */
export function createRouter<M extends SpecMap>(specs: M, handlers: Handlers<M>): Router {
  return {
    async dispatch(event, caller) {
      const envelope = checkEnvelope(event);
      if ('ok' in envelope) return envelope;

      if (!caller.openid) return errorResult('UNAUTHENTICATED');
      const spec = Object.prototype.hasOwnProperty.call(specs, envelope.action) ? specs[envelope.action] : undefined;
      const requestId = typeof envelope.requestId === 'string' ? envelope.requestId : undefined;
      const base = caller.makeContext({
        action: envelope.action,
        openid: caller.openid,
        requestId: spec?.mutates ? requestId : undefined,
      });

      try {
        // Roles first, so a caller without them learns nothing of the function's actions.
        const roles = await caller.authorize(base);
        if (!spec) return errorResult('UNKNOWN_ACTION');
        if (spec.roles && !(roles.operator && spec.roles.includes(roles.operator.role))) return errorResult('FORBIDDEN');
        if (spec.mutates && !(requestId && REQUEST_ID.test(requestId))) return errorResult('INVALID_INPUT', 'requestId');
        const parsed = spec.input.safeParse(envelope.data ?? {});
        if (!parsed.success) return errorResult('INVALID_INPUT', issueField(parsed.error.issues[0]));
        if (spec.perMinute) await takeCall(base, spec.perMinute);
        const handler = handlers[envelope.action] as Handler<AnySpec>;
        const data = await handler({ ...base, roles }, parsed.data);
        return { ok: true, data };
      } catch (error) {
        if (error instanceof ReplayedOutcome) return { ...error.outcome, replayed: true } as CallResult<unknown>;
        if (error instanceof BusinessError) return errorResult(error.code, error.field, error.userMessage);
        console.error(`[${envelope.action}] failed`, error);
        return errorResult('INTERNAL');
      }
    },
  };
}

function issueField(issue: z.ZodIssue | undefined): string {
  if (!issue) return 'data';
  if (issue.path.length) return issue.path.join('.');
  return issue.code === 'unrecognized_keys' ? issue.keys.join(',') : 'data';
}

interface Envelope {
  action: string;
  data?: unknown;
  requestId?: unknown;
}

function checkEnvelope(event: unknown): Envelope | ErrorResult {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return errorResult('INVALID_INPUT', 'event');
  if (payloadBytes(event) > MAX_PAYLOAD_BYTES) return errorResult('PAYLOAD_TOO_LARGE');
  const { action, data, requestId } = event as Record<string, unknown>;
  if (typeof action !== 'string') return errorResult('UNKNOWN_ACTION');
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    return errorResult('INVALID_INPUT', 'data');
  }
  return { action, data, requestId };
}

function payloadBytes(event: object): number {
  try {
    return Buffer.byteLength(JSON.stringify(event));
  } catch {
    return Infinity; // cyclic or otherwise unserialisable: nothing a client could have sent
  }
}
