// The citizen session as the screen may see it: nothing here is allowed to hold a full ID number.
import type { FlowView } from './citizen.ts';

/** identified: card read, choosing a service item; then the form, the checklist, the outcome, and
 *  done once the paper is out. */
export type SessionStage = 'attract' | 'identified' | 'form' | 'materials' | 'outcome' | 'done';

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
}

export type SessionEndReason = 'user' | 'idle' | 'card-removed' | 'error';
