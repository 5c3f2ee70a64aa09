// The fleet at a glance: each kiosk with its devices, paper, last contact, sync backlog and the
// signed documents it runs — from the newest device-health record it sent and the kiosk register.
import type { KioskRow } from '../store/types.ts';
import { num, str, type FleetRecord } from './model.ts';

export interface KioskOverview {
  kioskId: string;
  hallId: string | null;
  registered: boolean;
  revoked: boolean;
  lastSeenAt: string | null;
  /** Minutes since the kiosk last reached central; null when never. */
  silentMinutes: number | null;
  overall: string | null;
  devices: Array<{ id: string; level: string; key: string }>;
  paper: 'ok' | 'near-end' | 'out' | 'unknown';
  backlog: number | null;
  syncLevel: string | null;
  documents: Record<string, number>;
  softwareVersion: string | null;
  healthAt: string | null;
}

export function fleetOverview(
  kiosks: readonly KioskRow[],
  records: readonly FleetRecord[],
  scope: string | null,
  now: Date,
): { kiosks: KioskOverview[] } {
  const newest = new Map<string, FleetRecord>();
  for (const record of records) {
    if (record.type !== 'device-health') continue;
    const held = newest.get(record.kioskId);
    if (!held || held.occurredAt <= record.occurredAt) newest.set(record.kioskId, record);
  }
  const out: KioskOverview[] = [];
  for (const kiosk of kiosks) {
    const hallId = kiosk.hallId;
    if (scope !== null && hallId !== scope) continue;
    const health = newest.get(kiosk.kioskId)?.payload ?? null;
    const devices = Array.isArray(health?.devices)
      ? (health.devices as Array<Record<string, unknown>>).map((device) => ({
          id: str(device.id) ?? '?',
          level: str(device.level) ?? '?',
          key: str(device.key) ?? '',
        }))
      : [];
    const printer = devices.find((device) => device.id === 'printer');
    const paper: KioskOverview['paper'] = !printer
      ? 'unknown'
      : printer.key.includes('paperOut') || printer.key.includes('paper.out')
        ? 'out'
        : health?.paperNearEnd === true
          ? 'near-end'
          : printer.level === 'ok'
            ? 'ok'
            : 'unknown';
    const sync = (health?.sync ?? null) as Record<string, unknown> | null;
    const documents = (health?.documents ?? {}) as Record<string, unknown>;
    out.push({
      kioskId: kiosk.kioskId,
      hallId,
      registered: kiosk.registeredAt !== null,
      revoked: kiosk.revokedAt !== null,
      lastSeenAt: kiosk.lastSeenAt,
      silentMinutes:
        kiosk.lastSeenAt === null
          ? null
          : Math.round((now.getTime() - Date.parse(kiosk.lastSeenAt)) / 60_000),
      overall: str(health?.overall),
      devices,
      paper,
      backlog: sync ? num(sync.backlog) : null,
      syncLevel: sync ? str(sync.level) : null,
      documents: Object.fromEntries(
        Object.entries(documents).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
      ),
      softwareVersion: str(health?.version),
      healthAt: str(health?.at),
    });
  }
  return {
    kiosks: out.sort(
      (a, b) => (a.hallId ?? '').localeCompare(b.hallId ?? '') || a.kioskId.localeCompare(b.kioskId),
    ),
  };
}
