// KioskApi: the one contract between the screens and the services. main/, preload/ and renderer/
// import it; the transports (Electron IPC, loopback WebSocket) are derived from it and never change
// when a call is added: add a schema here, its reply type, and one handler in a service.
import { z } from 'zod';
import type { EventChannel, RequestChannel } from './channels.ts';
import type { CatalogView } from './citizen.ts';
import type { DevState } from './dev.ts';
import { evaluationReasons, type HallStatusView } from './hall.ts';
import { helpScreens, type HelpCallReply, type HelpCallView } from './help.ts';
import type { HealthSnapshot } from './health.ts';
import {
  maintenanceRequestSchemas,
  type MaintenanceEventMap,
  type MaintenanceReplyMap,
} from './maintenance.ts';
import { queueRequestSchemas, type QueueReplyMap } from './queue.ts';
import type { Result } from './result.ts';
import type { CardView, SessionView } from './session.ts';

export type HostKind = 'electron' | 'web';
export type HardwareMode = 'emulated' | 'real';
export type Locale = 'zh-CN' | 'en';

export interface SystemInfo {
  name: string;
  version: string;
  host: HostKind;
  hardware: HardwareMode;
  kioskId: string;
  hallName: string;
  /** The hall's public hotline, said wherever no person can be reached (at night, no desk). */
  hallPhone: string;
  dataFolder: string;
  /** Whether the developer panel (emulator controls) is served: only with emulated hardware. */
  devPanel: boolean;
  locale: Locale;
}

const noArgs = z.object({}).strict();

/** Every request channel with the schema its arguments must satisfy at the host boundary. */
export const requestSchemas = {
  'system:info': noArgs,
  'system:health': noArgs,
  'session:get': noArgs,
  /** Any tap or key: restarts the idle timer; `elderly` gives the person the longer time limit. */
  'session:touch': z.object({ elderly: z.boolean().optional() }).strict(),
  'session:end': z.object({ reason: z.enum(['user', 'idle', 'card-removed', 'error']) }).strict(),
  /** "I have no card": a session without personal data, for calling staff. */
  'session:noCard': noArgs,
  /** The person is done: on to the evaluation (or the end, when the case is rated already). */
  'session:finish': noArgs,
  /** The person asks for staff; `screen` is where they are (for the desk, no personal data). */
  'help:call': z.object({ screen: z.enum(helpScreens) }).strict(),
  /** The open and recent calls, for the staff desk (its token) or the maintenance screen (`role`).
   *  A desk that asks is counted as listening: calls reach a person only while one does. */
  'help:list': z
    .object({ token: z.string().min(1).max(200), role: z.enum(['desk', 'maintenance']).optional() })
    .strict(),
  'help:answer': z.object({ token: z.string().min(1).max(200), id: z.string().min(1).max(64) }).strict(),
  'help:close': z.object({ token: z.string().min(1).max(200), id: z.string().min(1).max(64) }).strict(),
  'hall:status': noArgs,
  /** One rating per case; reasons are required for the two lowest levels. */
  'evaluation:submit': z
    .object({
      rating: z.number().int().min(1).max(5),
      reasons: z.array(z.enum(evaluationReasons)).max(evaluationReasons.length),
    })
    .strict(),
  'catalog:get': noArgs,
  'catalog:search': z.object({ query: z.string().max(40) }).strict(),
  'flow:chooseItem': z.object({ itemCode: z.string().min(1).max(64) }).strict(),
  'flow:manualStart': z
    .object({
      itemCode: z.string().min(1).max(64),
      name: z.string().min(1).max(40),
      idNumber: z.string().min(1).max(24),
    })
    .strict(),
  'flow:setAgent': z.object({ agent: z.boolean() }).strict(),
  'flow:setField': z.object({ fieldId: z.string().min(1).max(64), value: z.string().max(200) }).strict(),
  'flow:goto': z.object({ stage: z.enum(['identified', 'form', 'materials']) }).strict(),
  'flow:setMaterial': z
    .object({ materialId: z.string().min(1).max(64).nullable(), answer: z.enum(['have', 'missing']) })
    .strict(),
  'flow:review': noArgs,
  'flow:confirm': z.object({ commitmentAccepted: z.boolean().optional() }).strict(),
  'dev:state': noArgs,
  'dev:idcard': z.discriminatedUnion('action', [
    z.object({ action: z.literal('place'), cardId: z.string().min(1).max(64) }).strict(),
    z.object({ action: z.literal('remove') }).strict(),
    z.object({ action: z.literal('fault'), fault: z.string().min(1).max(64).nullable() }).strict(),
    z.object({ action: z.literal('unplug') }).strict(),
    z.object({ action: z.literal('replug') }).strict(),
  ]),
  'dev:printer': z.discriminatedUnion('action', [
    z.object({ action: z.literal('fault'), fault: z.string().min(1).max(64).nullable() }).strict(),
    z.object({ action: z.literal('unplug') }).strict(),
    z.object({ action: z.literal('replug') }).strict(),
    z.object({ action: z.literal('clear') }).strict(),
    z.object({ action: z.literal('test-page') }).strict(),
  ]),
  ...queueRequestSchemas,
  ...maintenanceRequestSchemas,
} as const satisfies Record<RequestChannel, z.ZodType>;

/** The value each request resolves with when it succeeds. */
export interface ReplyMap extends QueueReplyMap, MaintenanceReplyMap {
  'system:info': SystemInfo;
  'system:health': HealthSnapshot;
  'session:get': SessionView;
  'session:touch': SessionView;
  'session:end': SessionView;
  'session:noCard': SessionView;
  'session:finish': SessionView;
  'help:call': HelpCallReply;
  'help:list': HelpCallView[];
  'help:answer': HelpCallView;
  'help:close': HelpCallView;
  'hall:status': HallStatusView;
  'evaluation:submit': SessionView;
  'catalog:get': CatalogView;
  'catalog:search': string[];
  'flow:chooseItem': SessionView;
  'flow:manualStart': SessionView;
  'flow:setAgent': SessionView;
  'flow:setField': SessionView;
  'flow:goto': SessionView;
  'flow:setMaterial': SessionView;
  'flow:review': SessionView;
  'flow:confirm': SessionView;
  'dev:state': DevState;
  'dev:idcard': DevState;
  'dev:printer': DevState;
}

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
  /** A person at the kiosk asked for staff help (no personal data). */
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

// Compile-time proof that the name lists, the schemas and the reply/event maps agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const repliesMatchChannels: Same<keyof ReplyMap, RequestChannel> = true;
const eventsMatchChannels: Same<keyof EventMap, EventChannel> = true;
void repliesMatchChannels;
void eventsMatchChannels;

export type RequestArgs<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>;
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
