// Administration of the fleet views (called from central/admin.ts):
//   add-caller         --db LOC --hall HALL --name NAME       a calling-system credential for one hall
//   add-console        --db LOC [--hall HALL] --name NAME     a console credential (no --hall: the city)
//   sweep-commitments  --db LOC --key PRIV.pem [--grace-days 15] [--months 24] [--dry-run]
//       signs and publishes a new credit-restrictions list: the entries in force, plus every applicant
//       whose commitment ran past due + grace without the materials. The signing key stays with the
//       administrator, never on the internet-facing server.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { CreditRestrictionsContent } from '../../protocol/contract.ts';
import { signDocument } from '../../protocol/signing.ts';
import type { CentralStore } from '../store/types.ts';
import { hashToken, openFleetStore, type FleetStore } from './fleet-store.ts';
import { defaultFollowUpPolicy, overdueRestrictions, type FollowUpPolicy } from './followups.ts';
import type { FleetRecord } from './model.ts';

export const fleetCommands = ['add-caller', 'add-console', 'sweep-commitments'] as const;

export interface FleetAdminContext {
  values: Record<string, string | boolean | undefined>;
  need: (name: string) => string;
  withStore: <T>(work: (store: CentralStore) => Promise<T>) => Promise<T>;
  out: (line: string) => void;
  now?: () => Date;
}

const hallIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

async function withFleet<T>(
  context: FleetAdminContext,
  work: (fleet: FleetStore, store: CentralStore) => Promise<T>,
) {
  return context.withStore(async (store) => {
    const fleet = await openFleetStore(context.need('db'));
    try {
      return await work(fleet, store);
    } finally {
      await fleet.close();
    }
  });
}

export async function runFleetAdmin(command: string, context: FleetAdminContext): Promise<void> {
  const { values, need, out } = context;
  const now = context.now ?? (() => new Date());
  switch (command) {
    case 'add-caller':
    case 'add-console': {
      const role = command === 'add-caller' ? 'caller' : 'console';
      const hall = typeof values.hall === 'string' ? values.hall : null;
      if (hall !== null && !hallIdPattern.test(hall))
        throw new Error('--hall must be 1–64 letters, digits, dashes or underscores.');
      if (role === 'caller' && hall === null)
        throw new Error('A calling system belongs to one hall: give --hall.');
      const name = need('name');
      if (name.length > 64) throw new Error('--name is at most 64 characters.');
      const token = crypto.randomBytes(24).toString('base64url');
      await withFleet(context, (fleet) =>
        fleet.addCredential(hashToken(token), { role, hallId: hall, name }),
      );
      // Shown once; central keeps only its hash.
      out(JSON.stringify({ role, hall, name, token }));
      return;
    }
    case 'sweep-commitments': {
      const policy: FollowUpPolicy = {
        ...defaultFollowUpPolicy,
        ...(values['grace-days'] ? { graceDays: Number(values['grace-days']) } : {}),
        ...(values.months ? { restrictionMonths: Number(values.months) } : {}),
      };
      if (!Number.isInteger(policy.graceDays) || policy.graceDays < 0)
        throw new Error('--grace-days must be a whole number.');
      if (!Number.isInteger(policy.restrictionMonths) || policy.restrictionMonths < 1)
        throw new Error('--months must be a whole number from 1.');
      // The day the sweep judges (default: today): a missed nightly sweep can be caught up, and with
      // --dry-run a coming day previewed. The list is still signed and issued now.
      const asOfText = typeof values['as-of'] === 'string' ? values['as-of'] : undefined;
      if (asOfText !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOfText))
        throw new Error('--as-of must be a date YYYY-MM-DD.');
      const asOf = asOfText ? new Date(`${asOfText}T12:00:00Z`) : now();
      const result = await withFleet(context, async (fleet, store) => {
        const records: FleetRecord[] = (await store.events())
          .filter((event) => event.type === 'commitment' && event.hallId)
          .map((event) => ({
            kioskId: event.kioskId,
            hallId: event.hallId!,
            type: event.type,
            occurredAt: event.occurredAt,
            payload: event.payload,
            personal: event.personal,
          }));
        const overdue = overdueRestrictions(records, await fleet.closures(), asOf, policy);
        const current = await store.latestDocument('credit-restrictions', null);
        const held: CreditRestrictionsContent = current
          ? (JSON.parse(current.document) as { content: CreditRestrictionsContent }).content
          : { entries: [] };
        const today = asOf.toISOString().slice(0, 10);
        // Entries in force stay (a court's list, earlier sweeps); expired ones drop out.
        const merged = new Map(
          held.entries
            .filter((entry) => entry.until === null || entry.until >= today)
            .map((entry) => [entry.subject, entry]),
        );
        let added = 0;
        for (const entry of overdue) {
          const existing = merged.get(entry.subject);
          if (
            existing &&
            (existing.until === null || (entry.until !== null && existing.until >= entry.until))
          )
            continue;
          merged.set(entry.subject, entry);
          added += 1;
        }
        const content: CreditRestrictionsContent = {
          entries: [...merged.values()].sort((a, b) => a.subject.localeCompare(b.subject)),
        };
        if (added === 0 || values['dry-run'] === true)
          return { added, entries: content.entries.length, version: current?.version ?? 0, published: false };
        const signed = signDocument(fs.readFileSync(need('key'), 'utf8'), {
          kind: 'credit-restrictions',
          version: (current?.version ?? 0) + 1,
          issuedAt: now().toISOString(),
          content,
        });
        await store.publishDocument(signed);
        return { added, entries: content.entries.length, version: signed.version, published: true };
      });
      out(JSON.stringify({ swept: 'commitments', ...result }));
      return;
    }
    default:
      throw new Error(`Unknown fleet command ${command}.`);
  }
}
