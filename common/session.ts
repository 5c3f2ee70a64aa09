// The citizen session as the screen may see it: nothing here is allowed to hold a full ID number.

export type SessionStage =
  'attract' | 'identified' | 'choosing' | 'form' | 'materials' | 'outcome' | 'printing';

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
}

export type SessionEndReason = 'user' | 'idle' | 'card-removed' | 'error';
