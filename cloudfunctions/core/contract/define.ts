import type { z } from 'zod';
import type { OperatorRole } from '../access/operator-roles';

// The shape of one action in the contract (see actions.ts).


export interface ActionSpec<Input extends z.ZodTypeAny, Result> {
  input: Input;
  /** Mutating actions must carry a request id; a replay returns the first outcome. */
  mutates: boolean;
  /** Calls one caller may make in a minute, for actions whose input can be guessed. */
  perMinute?: number;
  /**
   * Admin actions: the operator roles that may call it (the router refuses the rest with
   * FORBIDDEN before the handler runs). Every admin action names them; a test checks it.
   */
  roles?: readonly OperatorRole[];
  /** Phantom field: carries the result type for the client; never set at run time. */
  readonly result?: Result;
}

export function action<Result>() {
  return <Input extends z.ZodTypeAny>(spec: { input: Input; mutates: boolean; perMinute?: number; roles?: readonly OperatorRole[] }): ActionSpec<Input, Result> => spec;
}
