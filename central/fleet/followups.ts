// Follow-ups: what a person at central must act on. A help call from a kiosk, a rating of 1 or 2
// (Weifang's 差评 handling: every bad rating gets an answer), and each commitment until its promised
// materials are in. A commitment still open past its due date plus a grace period puts the applicant
// on the credit-restriction list (Tongliang: 失信 for failing a 容缺 promise), which kiosks enforce.
import { creditSubject } from '../../protocol/contract.ts';
import { hallDate, num, str, type FleetRecord, type FollowUpClosure } from './model.ts';

/** The kiosk's evaluation reasons (common/hall.ts), as the hall reads them. */
const reasonNames: Record<string, string> = {
  'too-slow': '等候太久',
  'hard-to-use': '操作不便',
  'unclear-requirements': '要求不清楚',
  'device-fault': '设备故障',
  'not-resolved': '问题未解决',
  other: '其他',
};

export type FollowUpKind = 'help' | 'rating' | 'commitment';
export type FollowUpState = 'open' | 'due-soon' | 'overdue' | 'restricted' | 'received' | 'closed';

export interface FollowUp {
  id: string;
  kind: FollowUpKind;
  hallId: string;
  kioskId: string;
  openedAt: string;
  state: FollowUpState;
  /** What it is about, without personal data: item, screen, rating reasons, promised materials. */
  summary: string;
  itemCode: string | null;
  /** Commitments: the last promised date (hall date); null otherwise. */
  due: string | null;
  closedAt: string | null;
  note: string | null;
}

export interface FollowUpPolicy {
  /** Days after the due date before the applicant is restricted. */
  graceDays: number;
  /** How long the restriction lasts, in calendar months (Tongliang: 24). */
  restrictionMonths: number;
  /** "Due soon" this many days ahead. */
  dueSoonDays: number;
}

export const defaultFollowUpPolicy: FollowUpPolicy = { graceDays: 15, restrictionMonths: 24, dueSoonDays: 7 };

/** Calendar-month arithmetic on hall dates, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(date, lastDay))).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface CommitmentFacts {
  followUp: FollowUp;
  /** The applicant's ID number or credit code (decrypted personal field), for the credit list. */
  subjectId: string | null;
}

function commitmentFacts(
  records: readonly FleetRecord[],
  closures: ReadonlyMap<string, FollowUpClosure>,
  today: string,
  policy: FollowUpPolicy,
): CommitmentFacts[] {
  const found: CommitmentFacts[] = [];
  for (const record of records) {
    if (record.type !== 'commitment') continue;
    const p = record.payload;
    const reference = str(p.reference);
    if (!reference) continue;
    const promised = Array.isArray(p.promised) ? (p.promised as Array<Record<string, unknown>>) : [];
    const dates = promised.map((entry) => str(entry.deadline)).filter((d): d is string => d !== null);
    // 全信任 owes nothing later: no deadline, nothing to follow.
    if (dates.length === 0) continue;
    const due = dates.sort().at(-1)!;
    const id = `commitment:${reference}`;
    const closure = closures.get(id);
    let state: FollowUpState;
    if (closure) state = closure.received ? 'received' : 'closed';
    else if (today > addDays(due, policy.graceDays)) state = 'restricted';
    else if (today > due) state = 'overdue';
    else if (today >= addDays(due, -policy.dueSoonDays)) state = 'due-soon';
    else state = 'open';
    const personal = record.personal ?? {};
    found.push({
      followUp: {
        id,
        kind: 'commitment',
        hallId: record.hallId,
        kioskId: record.kioskId,
        openedAt: record.occurredAt,
        state,
        summary: promised
          .map(
            (entry) =>
              `${str(entry.materialId) ?? '?'}${str(entry.deadline) ? ` → ${str(entry.deadline)}` : ''}`,
          )
          .join('; '),
        itemCode: str(p.itemCode),
        due,
        closedAt: closure?.closedAt ?? null,
        note: closure?.note ?? null,
      },
      subjectId: applicantSubject(personal),
    });
  }
  return found;
}

/** Whom a commitment binds: the applicant as the kiosk records it (outboxPreReviewRecorder) — a
 *  company by its credit code, a person by their ID number — never the agent who signed for them. */
function applicantSubject(personal: Record<string, unknown>): string | null {
  const applicant = personal.applicant;
  if (!applicant || typeof applicant !== 'object') return null;
  const fields = applicant as Record<string, unknown>;
  return fields.kind === 'company' ? str(fields.creditCode) : str(fields.idNumber);
}

export function followUps(
  records: readonly FleetRecord[],
  closureList: readonly FollowUpClosure[],
  now: Date,
  policy: FollowUpPolicy = defaultFollowUpPolicy,
): FollowUp[] {
  const closures = new Map(closureList.map((closure) => [closure.followUpId, closure]));
  const today = hallDate(now.toISOString());
  const list: FollowUp[] = [];
  const help = new Map<string, FollowUp>();
  for (const record of records) {
    const p = record.payload;
    if (record.type === 'audit' && typeof p.action === 'string' && p.action.startsWith('help-')) {
      const detail = (p.detail ?? {}) as Record<string, unknown>;
      const callId = str(detail.callId);
      if (!callId) continue;
      const id = `help:${record.kioskId}:${callId}`;
      let entry = help.get(id);
      if (!entry) {
        entry = {
          id,
          kind: 'help',
          hallId: record.hallId,
          kioskId: record.kioskId,
          openedAt: str(detail.at) ?? record.occurredAt,
          state: 'open',
          summary: `求助时所在页面：${str(detail.screen) ?? '未知'}`,
          itemCode: null,
          due: null,
          closedAt: null,
          note: null,
        };
        help.set(id, entry);
      }
      // Closed at the kiosk's desk: the call was answered in person.
      if (p.action === 'help-closed') {
        entry.state = 'closed';
        entry.closedAt = record.occurredAt;
        entry.note = `closed at the desk by ${str(p.staffId) ?? '?'}`;
      }
    } else if (record.type === 'evaluation') {
      const rating = num(p.rating);
      const caseRef = str(p.caseRef);
      if (rating === null || rating > 2 || !caseRef) continue;
      const reasons = Array.isArray(p.reasons)
        ? p.reasons.filter((r): r is string => typeof r === 'string')
        : [];
      list.push({
        id: `rating:${caseRef}`,
        kind: 'rating',
        hallId: record.hallId,
        kioskId: record.kioskId,
        openedAt: record.occurredAt,
        state: 'open',
        summary: `评分 ${rating}：${reasons.map((reason) => reasonNames[reason] ?? reason).join('、') || '未说明'}`,
        itemCode: str(p.itemCode),
        due: null,
        closedAt: null,
        note: null,
      });
    }
  }
  list.push(...help.values());
  for (const entry of list) {
    const closure = closures.get(entry.id);
    if (closure) {
      entry.state = 'closed';
      entry.closedAt = closure.closedAt;
      entry.note = closure.note;
    }
  }
  list.push(...commitmentFacts(records, closures, today, policy).map((facts) => facts.followUp));
  return list.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
}

export interface CreditEntry {
  subject: string;
  until: string | null;
  basis: string;
}

/** The applicants whose commitments ran past due + grace without the materials: each restricted
 *  for the policy's term from the day the grace ended. Plain IDs are hashed here and go no further. */
export function overdueRestrictions(
  records: readonly FleetRecord[],
  closureList: readonly FollowUpClosure[],
  now: Date,
  policy: FollowUpPolicy = defaultFollowUpPolicy,
): CreditEntry[] {
  const closures = new Map(closureList.map((closure) => [closure.followUpId, closure]));
  const today = hallDate(now.toISOString());
  const bySubject = new Map<string, CreditEntry>();
  for (const facts of commitmentFacts(records, closures, today, policy)) {
    if (facts.followUp.state !== 'restricted' || !facts.subjectId || !facts.followUp.due) continue;
    const from = addDays(facts.followUp.due, policy.graceDays + 1);
    const entry: CreditEntry = {
      subject: creditSubject(facts.subjectId),
      until: addMonths(from, policy.restrictionMonths),
      basis: `逾期未补交承诺材料（${facts.followUp.itemCode ?? '事项'}，应于 ${facts.followUp.due} 前补交）`,
    };
    const held = bySubject.get(entry.subject);
    if (!held || (held.until !== null && entry.until !== null && entry.until > held.until))
      bySubject.set(entry.subject, entry);
  }
  return [...bySubject.values()].sort((a, b) => a.subject.localeCompare(b.subject));
}

/** Reminders for applicants whose commitments are due soon or overdue (no personal data: the
 *  hall's staff look the person up by reference in their own system). */
export function reminderCsv(list: readonly FollowUp[]): string {
  const rows = [['reference', 'item', 'due', 'state', 'kiosk', 'hall']];
  for (const entry of list) {
    if (entry.kind !== 'commitment') continue;
    if (!['due-soon', 'overdue', 'restricted'].includes(entry.state)) continue;
    rows.push([
      entry.id.slice('commitment:'.length),
      entry.itemCode ?? '',
      entry.due ?? '',
      entry.state,
      entry.kioskId,
      entry.hallId,
    ]);
  }
  return `${rows.map((row) => row.join(',')).join('\n')}\n`;
}
