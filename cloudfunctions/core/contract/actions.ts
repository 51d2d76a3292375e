import { z } from 'zod';

// The API contract: every action of every cloud function, its input schema and result type.
// The client imports this module as types only (`import type`), so zod never reaches the bundle.

export interface ActionSpec<Input extends z.ZodTypeAny, Result> {
  input: Input;
  /** Mutating actions must carry a request id; a replay returns the first outcome. */
  mutates: boolean;
  /** Phantom field: carries the result type for the client; never set at run time. */
  readonly result?: Result;
}

function action<Result>() {
  return <Input extends z.ZodTypeAny>(spec: { input: Input; mutates: boolean }): ActionSpec<Input, Result> => spec;
}

export interface BrandView {
  name: string;
  logoText: string;
  primaryColor: string;
}

export interface TierView {
  code: string;
  name: string;
  color: string;
}

export interface MeResult {
  member: {
    memberNo: string;
    nickname: string;
    avatarUrl: string | null;
    registeredAt: string; // ISO time
  };
  tier: TierView;
  /** Integers: points, growth value, fen. */
  balances: { points: number; growth: number; walletPrincipal: number; walletBonus: number };
  /** True on the call that registered the member. */
  registeredNow: boolean;
  brand: BrandView;
}

export const memberActions = {
  me: action<MeResult>()({ input: z.object({}).strict(), mutates: false }),
};

export const staffActions = {};
export const adminActions = {};
export interface TickResult {
  /** The jobs that had work due, and what each did in this invocation. */
  jobs: { name: string; processed: number; done: boolean }[];
}

export const cronActions = {
  /** One timer tick: runs each due job for a bounded slice of its work. */
  tick: action<TickResult>()({ input: z.object({}).strict(), mutates: false }),
};

export const contract = {
  member: memberActions,
  staff: staffActions,
  admin: adminActions,
  cron: cronActions,
};

export type Contract = typeof contract;
export type FunctionName = keyof Contract;
export type ActionName<F extends FunctionName> = keyof Contract[F] & string;
type SpecOf<F extends FunctionName, A extends ActionName<F>> = Contract[F][A];
export type ActionInput<F extends FunctionName, A extends ActionName<F>> =
  SpecOf<F, A> extends ActionSpec<infer I, unknown> ? z.input<I> : never;
export type ActionResult<F extends FunctionName, A extends ActionName<F>> =
  SpecOf<F, A> extends ActionSpec<z.ZodTypeAny, infer R> ? R : never;

/** What every function receives: `{ action, data, requestId? }`. */
export interface CallEnvelope {
  action: string;
  data?: unknown;
  requestId?: string;
}
