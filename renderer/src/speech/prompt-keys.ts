// The sentences recorded in advance (resources/prompts/generate.sh → renderer/public/prompts/) for
// kiosks whose system has no speech voice for the language. Only fixed sentences: names of items
// and lists of problems are read by a speech voice when there is one, never recorded.
import type { MessageKey } from '../i18n/zh-CN.ts';

export const promptKeys = [
  'guide.attract',
  'guide.items',
  'guide.form',
  'guide.materials',
  'guide.outcome.pass',
  'guide.outcome.notice',
  'guide.outcome.commitment',
  'guide.outcome.not-accepted',
  'guide.whom',
  'guide.applicant',
  'guide.done',
  'guide.evaluation',
  'guide.noCard',
  'guide.outOfService',
  'guide.countdown',
  'hall.night',
  'noCard.called',
  'evaluation.thanks',
  'evaluation.reasonNeeded',
  'evaluation.already',
  'flow.agentNotAllowed',
  'flow.commitmentRequired',
  'flow.ticketsUnavailable',
  'items.choose',
  'print.unfinished',
  'idcard.removed',
  'idcard.expired',
  'idcard.fault.device-unreachable',
  'idcard.fault.garbled',
  'idcard.fault.reader-rejected-command',
  'idcard.fault.sam-unauthorised',
  'idcard.fault.sam-fault',
  'idcard.fault.unstable-card',
  'idcard.fault.read-failed',
  'idcard.fault.card-authentication-failed',
  'idcard.fault.unknown-card-type',
  'idcard.fault.card-data-invalid',
  'queue.alreadyOpen',
  'queue.issuedNotPrinted',
  'queue.soldOut',
  'queue.error.noKioskMark',
  'error.unavailable',
  'error.internal',
  'error.generic',
] as const satisfies readonly MessageKey[];

export type PromptKey = (typeof promptKeys)[number];

export function isPromptKey(key: string): key is PromptKey {
  return (promptKeys as readonly string[]).includes(key);
}

/** Where the renderer finds a recorded prompt (Vite copies renderer/public/ next to index.html). */
export function promptUrl(locale: string, key: PromptKey): string {
  return `prompts/${locale}/${key}.ogg`;
}
