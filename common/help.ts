// A person at the kiosk asks for help; a signed-in staff desk sees it at once, answers and closes it.
// Pure types: no Node, no DOM. No personal data crosses here: a call names the kiosk, the time and
// the screen the person was on, never who they are.

export type HelpCallStatus = 'open' | 'answered' | 'closed';

export interface HelpCallView {
  id: string;
  kioskId: string;
  /** When the person tapped 「呼叫工作人员」 (ISO). */
  at: string;
  /** The screen the person was on (a screen id such as "items", "form", "no-card"). */
  screen: string;
  status: HelpCallStatus;
  answeredAt: string | null;
  answeredBy: string | null;
  closedAt: string | null;
  /** Why the kiosk called on its own, when the person did not tap: a slip cut short (paper out mid-
   *  page), with the kept slip the desk reprints. */
  about?: HelpCallAbout;
}

/** A call the kiosk made itself. `paperId` is the slip's id in the desk's reprint list. */
export interface HelpCallAbout {
  reason: 'slip-cut-short';
  paperId: number;
  paperKind: 'notice' | 'not-accepted' | 'commitment' | 'blank-form';
  /** The slip's pre-review reference as the reprint list shows it (not personal data). */
  reference: string | null;
}

/** What the person is told after calling. `reached` is true only when a signed-in desk is listening
 *  during hall hours: no screen claims staff were told otherwise. */
export interface HelpCallReply {
  call: HelpCallView;
  reached: boolean;
  /** Why nobody was reached: the hall is closed, or it is open but no desk is signed in. */
  reason: 'reached' | 'after-hours' | 'no-desk';
  /** The hall's hotline, said whenever nobody was reached. */
  hotline: string;
  /** The next opening (hall's time zone) when the hall is closed. */
  nextOpening: { day: string; from: string } | null;
}

/** Screen ids a call may name (the renderer's screens; anything else is refused). */
export const helpScreens = [
  'attract',
  'no-card',
  'items',
  'form',
  'materials',
  'outcome',
  'done',
  'evaluation',
  'out-of-service',
  'applicant',
] as const;
export type HelpScreen = (typeof helpScreens)[number];
