// The citizen session as the screen may see it: nothing here is allowed to hold a full ID number.
import type { FlowView } from './citizen.ts';

/** identified: card read — first "for whom", then choosing a service item; applicant: acting for
 *  someone else, waiting for the applicant's card (or typed identity, or company); then the form,
 *  the checklist, the outcome, and
 *  done once the paper is out; evaluation: the person rates the service (好差评). no-card: a person
 *  without a card asked for help (no personal data is held). */
export type SessionStage =
  | 'attract'
  | 'no-card'
  | 'identified'
  | 'applicant'
  | 'form'
  | 'materials'
  | 'outcome'
  | 'done'
  | 'evaluation';

export type CardKind = 'resident' | 'hk-macao-taiwan' | 'foreign-old' | 'foreign-2023';

/** What the renderer may show of a card: the name and the masked number, never the full number. */
export interface CardView {
  kind: CardKind;
  name: string;
  maskedIdNumber: string;
  expired: boolean;
}

export interface SessionView {
  /** Opaque id of the session; a new one each time a person starts. */
  id: string | null;
  stage: SessionStage;
  startedAt: string | null;
  card: CardView | null;
  /** The pre-review in progress, once an item is chosen. */
  flow: FlowView | null;
  /** Set while the idle countdown runs: the session ends after `seconds` unless the person taps. */
  countdown?: { seconds: number } | null;
  /** This session's case has been rated (one rating per case). */
  rated?: boolean;
}

export type SessionEndReason = 'user' | 'idle' | 'card-removed' | 'error';
