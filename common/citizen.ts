// What the citizen screens see of the catalog and of a pre-review in progress. Texts come in both
// languages so switching language never needs a round trip; nothing here holds a full ID number.

export interface Localized {
  'zh-CN': string;
  en: string;
}

export interface ItemSummary {
  code: string;
  name: Localized;
  department: Localized;
  category: string;
  line: string;
  /** A person without a card may type their identity for this item. */
  manualEntry: boolean;
}

export interface CatalogView {
  version: string;
  categories: Array<{ id: string; name: Localized }>;
  items: ItemSummary[];
  /** Item codes, most used at this kiosk first. */
  mostUsed: string[];
}

export interface FieldView {
  id: string;
  label: Localized;
  type: string;
  required: boolean;
  /** Current value as shown: for the ID number, the masked form. */
  display: string;
  /** Filled from the card: shown, not editable. */
  fromCard: boolean;
  options?: Array<{ value: string; label: Localized }>;
  hint?: Localized;
  /** Why the value is not acceptable yet; null when it is (or nothing was typed). */
  error: Localized | null;
}

export interface MaterialView {
  id: string;
  name: Localized;
  description: Localized;
  core: boolean;
  promisable: boolean;
  forAgent: boolean;
  example?: string;
  whereToGet: Localized;
  answer: 'have' | 'missing' | null;
}

export interface ProblemView {
  kind: 'eligibility' | 'form' | 'material';
  message: Localized;
  whatToBring?: Localized;
  whereToGet?: Localized;
  templateUrl?: string;
}

export interface ResultView {
  outcome: 'pass' | 'notice' | 'commitment';
  reference: string;
  line: string;
  problems: ProblemView[];
  promised: Array<{ name: Localized; deadline: string }>;
  commitmentDays?: number;
}

export interface PrintedView {
  kind: 'ticket' | 'notice' | 'commitment';
  /** The queue number or voucher reference printed, when a ticket was printed; on a failed print,
   *  the number that was registered (the desk can reprint it). */
  ticketNumber?: string;
  /** Set for a night voucher: the day and time from which to come back and exchange it for a number. */
  appointment?: { day: string; from: string };
  /** The sentence to show: where to go next. */
  ok: boolean;
  errorKey?: string;
}

export interface FlowView {
  /** Name and ID number were typed, not read from a card: the window checks the document. */
  identityTyped: boolean;
  itemCode: string | null;
  itemName: Localized | null;
  agent: boolean;
  fields: FieldView[];
  materials: MaterialView[];
  result: ResultView | null;
  printed: PrintedView | null;
}
