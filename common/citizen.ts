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
  /** Why this item does not apply to the applicant at all (shown on the item list); null when it may. */
  unavailable?: Localized | null;
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
  /** Filled in already (from a card, a typed identity or a company's identification): not editable. */
  readOnly: boolean;
  /** The value came from a card read on this kiosk (labelled 「已从身份证读取」). */
  fromCard: boolean;
  /** Offered from earlier in this session (the mobile number): shown masked; kept, or cleared to retype. */
  offered?: boolean;
  options?: Array<{ value: string; label: Localized }>;
  hint?: Localized;
  /** The unit a number is in (平方米 / m², 万元): shown after the field. */
  unit?: Localized;
  /** Why the value is not acceptable yet; null when it is (or nothing was typed). */
  error: Localized | null;
}

export interface MaterialView {
  id: string;
  name: Localized;
  description: Localized;
  core: boolean;
  /** 可容缺: a commitment is really possible for this material and this applicant. */
  promisable: boolean;
  forAgent: boolean;
  example?: string;
  whereToGet: Localized;
  /** A blank form of it can be printed here (「可在本机打印」). */
  printableForm: boolean;
  answer: 'have' | 'missing' | null;
}

export type CommitmentKind = 'full-trust' | 'non-core' | 'core-later';

/** A line of the 一次性告知单: a thing to bring (with where to obtain it), a thing to fix on the form,
 *  or the note that a commitment is not available — each with its basis. */
export interface NoticeLineView {
  kind: 'bring' | 'fix' | 'credit';
  /** The material's name (bring) or what is wrong (fix, credit). */
  message: Localized;
  whatToBring?: Localized;
  whereToGet?: Localized;
  basis: Localized;
  forAgent: boolean;
  templateUrl?: string;
}

/** Why the case cannot be accepted here, and where to go instead (不予受理告知书). */
export interface RefusalView {
  reason: Localized;
  whereInstead: Localized;
  basis: Localized;
}

export interface ResultView {
  outcome: 'pass' | 'notice' | 'commitment' | 'not-accepted';
  reference: string;
  line: string;
  refusals: RefusalView[];
  lines: NoticeLineView[];
  promised: Array<{
    name: Localized;
    kind: CommitmentKind;
    /** "2 个月内" as the rule says it; null for a full-trust promise (nothing owed later). */
    within: string | null;
    deadline: string | null;
  }>;
  commitment: {
    kinds: CommitmentKind[];
    breach: Localized;
    handIn: Localized;
    licensee?: { name: string; uscc: string };
  } | null;
}

export interface PrintedView {
  kind: 'ticket' | 'notice' | 'commitment' | 'not-accepted';
  /** The queue number or voucher reference printed, when a ticket was printed; on a failed print,
   *  the number that was registered (the desk can reprint it). */
  ticketNumber?: string;
  /** Set for a night voucher: the day and time from which to come back and exchange it for a number. */
  appointment?: { day: string; from: string };
  /** People ahead as the ticket printed it. Basis 'hall': the hall-wide figure from central;
   *  'offline' | 'stale' | 'lane': this kiosk's own count, shown with 「约」 and why; null: no
   *  central system configured (own count, shown with 「约」). */
  peopleAhead?: number;
  peopleAheadBasis?: 'hall' | 'offline' | 'stale' | 'lane' | null;
  /** The sentence to show: where to go next. */
  ok: boolean;
  errorKey?: string;
  /** Values for the error sentence: the number already held, the hotline, the next opening. */
  errorParams?: Record<string, string>;
}

/** The applicant as the screen may see them: masked number, or a company's credit code. */
export interface ApplicantView {
  kind: 'person' | 'company';
  name: string;
  /** Masked ID number, or the credit code of a company (not personal data). */
  id: string;
  identity: 'card' | 'typed' | 'none';
  cardKind?: string;
  /** Under 18: a parent or guardian may act as statutory agent. */
  minor: boolean;
}

export interface RegistrationChoiceView {
  code: string;
  name: string;
}

export interface FlowView {
  /** The first answer after the card: for myself, or for someone else; null until answered. */
  whom: 'self' | 'other' | null;
  /** Name and ID number were typed, not read from a card: the window checks the document. */
  identityTyped: boolean;
  itemCode: string | null;
  itemName: Localized | null;
  /** Someone applies for the applicant (whom = other). */
  agent: boolean;
  agentRole: 'entrusted' | 'guardian' | 'representative' | null;
  /** The card read first, recorded as the agent's. */
  agentCard: { name: string; maskedIdNumber: string } | null;
  applicant: ApplicantView | null;
  /** How the applicant may be identified for this item besides their card. */
  applicantOptions: { typed: boolean; child: boolean; company: boolean } | null;
  /** 户籍 as read from the applicant card's address (or declared). */
  registration: { label: string; source: 'latest-address' | 'address' | 'declared' } | null;
  /** Set when the address could not be matched to a district: the citizen chooses. */
  registrationChoices: {
    hallCity: RegistrationChoiceView[];
    otherCities: RegistrationChoiceView[];
    provinces: RegistrationChoiceView[];
  } | null;
  fields: FieldView[];
  materials: MaterialView[];
  /** Materials still unanswered when the review was asked for: the screen asks about them first. */
  unanswered: string[];
  result: ResultView | null;
  printed: PrintedView | null;
}
