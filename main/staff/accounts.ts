// Staff accounts: seeded from resources/hall/staff.json on emulated/dev kiosks only, and replaced
// by the signed 'staff' document from the central system in production.
import fs from 'node:fs';
import { z } from 'zod';
import { parsePinHash } from './pin.ts';

export const staffRoles = ['desk', 'supervisor'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffAccountSchema = z.strictObject({
  /** The login id (工号), printed on summaries; never a name. */
  staffId: z.string().regex(/^[A-Za-z0-9-]{2,16}$/, 'must be 2–16 letters, digits or dashes'),
  pinHash: z
    .string()
    .refine((hash) => parsePinHash(hash) !== null, 'must be a scrypt PIN hash (see main/staff/cli.ts)'),
  roles: z.array(z.enum(staffRoles)).min(1),
  active: z.boolean().default(true),
});
export type StaffAccount = z.output<typeof staffAccountSchema>;

export const staffFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  accounts: z.array(staffAccountSchema),
});

// The file's location is always given by the caller (the kiosk's resources folder): a default
// found through import.meta would break in the Electron bundle, where import.meta is empty.
export function loadStaffFile(file: string): StaffAccount[] {
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = staffFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`Staff accounts ${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}.`);
  }
  return result.data.accounts;
}
