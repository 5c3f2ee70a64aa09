// How a request is declared: the schema its arguments must satisfy, the reply type it resolves
// with, and the policy the dispatcher applies before the handler runs (who may call it, with which
// role, and whether a storage failure is turned into a sentence). Pure: zod only, no Node, no DOM.
import { z } from 'zod';

/** Who vouches for the caller: a staff desk session or a technician's maintenance session. */
export type Authority = 'staff' | 'maintenance';
/** Roles a principal can hold. Staff accounts hold desk and/or supervisor; technicians hold technician. */
export type Role = 'desk' | 'supervisor' | 'technician';

export interface Policy {
  /** The request carries a session `token` of this authority; dispatch checks it before the handler. */
  readonly auth?: Authority;
  /** The principal must hold this role (checked in dispatch, never in the handler). */
  readonly role?: Role;
  /** Storage failures (disk full, locked, damaged) reach the caller as a sentence. Default true:
   *  only requests that never touch the store opt out. */
  readonly storage?: boolean;
}

export interface RequestSpec<S extends z.ZodType = z.ZodType, R = unknown, P extends Policy = Policy> {
  readonly args: S;
  readonly policy: P;
  /** Type-only: the value the request resolves with. Never set at run time. */
  readonly reply?: R;
}

/** `request<Reply>()(schema, policy)`: the two calls let the reply type be named while the schema
 *  and policy types are inferred. */
export function request<R>() {
  return <S extends z.ZodType, const P extends Policy = Record<never, never>>(
    args: S,
    policy?: P,
  ): RequestSpec<S, R, P> => ({ args, policy: (policy ?? {}) as P });
}

/** A session token as the staff and maintenance screens hold it. */
export const sessionToken = z.string().min(16).max(64);

/** A request made inside a session: the schema gets the `token` field the dispatcher checks. */
export function guarded<R>() {
  return <Shape extends z.ZodRawShape, const P extends Policy & { auth: Authority }>(
    shape: Shape,
    policy: P,
  ) => request<R>()(z.object({ token: sessionToken, ...shape }).strict(), policy);
}

export const noArgs = z.object({}).strict();

export type ReplyOf<S> = S extends RequestSpec<z.ZodType, infer R, Policy> ? R : never;
