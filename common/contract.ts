// KioskApi: the one contract between the screens and the services. main/, preload/ and renderer/
// import it; the transports (Electron IPC, loopback WebSocket) are derived from it and never change
// when a call is added. A request is declared once, in its domain's file under contract/ (schema,
// reply type, and the policy the dispatcher applies: session, role, storage sentences), and handled
// once, in its domain's handler map in main/ (see the README, "Adding a request to the API").
import type { z } from 'zod';
import type { EventChannel, RequestChannel } from './channels.ts';
import { devContract } from './contract/dev.ts';
import type { Authority, Policy, ReplyOf, Role } from './contract/define.ts';
import { flowContract } from './contract/flow.ts';
import { hallContract } from './contract/hall.ts';
import { helpContract } from './contract/help.ts';
import { maintenanceContract } from './contract/maintenance.ts';
import { queueContract } from './contract/queue.ts';
import { sessionContract } from './contract/session.ts';
import { staffContract } from './contract/staff.ts';
import { systemContract } from './contract/system.ts';
import type { DevState } from './dev.ts';
import type { HelpCallView } from './help.ts';
import type { HealthSnapshot } from './health.ts';
import type { MaintenanceEventMap } from './maintenance.ts';
import type { Result } from './result.ts';
import type { CardView, SessionView } from './session.ts';

export type { HardwareMode, HostKind, Locale, SystemInfo } from './contract/system.ts';
export type { Authority, Policy, Role } from './contract/define.ts';

/** Every request channel: its schema, reply type and policy. */
export const contract = {
  ...systemContract,
  ...sessionContract,
  ...helpContract,
  ...hallContract,
  ...flowContract,
  ...queueContract,
  ...staffContract,
  ...devContract,
  ...maintenanceContract,
} as const;
export type Contract = typeof contract;

/** The value each request resolves with when it succeeds. */
export type ReplyMap = { [C in keyof Contract]: ReplyOf<Contract[C]> };

/** Every event channel with its payload. */
export interface EventMap extends MaintenanceEventMap {
  'system:health': HealthSnapshot;
  'session:changed': SessionView;
  /** A card was read. `readAt` is when main finished parsing it (for the latency bench). */
  'idcard:read': { card: CardView; readAt: number };
  /** The card left the reader. */
  'idcard:removed': { at: string };
  /** A read went wrong; `key` names the sentence to show (idcard.fault.<code>). */
  'idcard:fault': { code: string; key: string };
  /** A person at the kiosk asked for staff help (kiosk, time, screen; no personal data). */
  'help:called': HelpCallView;
  /** A call was answered or closed at the desk. */
  'help:changed': HelpCallView;
  'dev:changed': DevState;
}

export {
  eventChannels,
  ipcEventPrefix,
  isEventChannel,
  isRequestChannel,
  requestChannels,
  type EventChannel,
  type RequestChannel,
} from './channels.ts';

// Compile-time proof that the preload's name lists, the contract and the event map agree, and
// that every policy names a role only together with the authority that grants it.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contractMatchesChannels: Same<keyof Contract, RequestChannel> = true;
const eventsMatchChannels: Same<keyof EventMap, EventChannel> = true;
type RoleWithoutAuth = {
  [C in keyof Contract]: Contract[C]['policy'] extends { role: Role }
    ? Contract[C]['policy'] extends { auth: Authority }
      ? never
      : C
    : never;
}[keyof Contract];
const rolesHaveAuthority: Same<RoleWithoutAuth, never> = true;
void contractMatchesChannels;
void eventsMatchChannels;
void rolesHaveAuthority;

/** Run-time view of a channel's policy (the dispatcher's middleware reads it). */
export function policyOf(channel: RequestChannel): Policy {
  return contract[channel].policy;
}

export type RequestArgs<C extends RequestChannel> = z.input<Contract[C]['args']>;
export type ParsedArgs<C extends RequestChannel> = z.output<Contract[C]['args']>;
export type Reply<C extends RequestChannel> = ReplyMap[C];

/** What the renderer holds as `window.kiosk`, whichever host serves it. */
export interface KioskApi {
  invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<Result<Reply<C>>>;
  /** Subscribes; returns the function that unsubscribes. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventMap[E]) => void): () => void;
}

/** Messages on the loopback WebSocket: the same contract, framed. */
export type WireRequest = { id: number; channel: string; args: unknown };
export type WireMessage =
  | { kind: 'reply'; id: number; result: Result<unknown> }
  | { kind: 'event'; channel: EventChannel; payload: unknown };
