// Numbered schema steps. A step, once released, never changes: add a new one. The database's
// `user_version` records the last step applied.
import { initialSchema } from './0001-initial.ts';
import { outboxSchema } from './0002-outbox.ts';
import { queueSchema } from './0003-queue.ts';
import { evaluationsSchema } from './0004-evaluations.ts';
import { authLockoutSchema } from './0005-auth-lockout.ts';
import { paperAndUsageSchema } from './0006-paper-and-usage.ts';
import { peopleAheadBasisSchema } from './0007-people-ahead-basis.ts';
import { ticketLocaleSchema } from './0008-ticket-locale.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  initialSchema,
  outboxSchema,
  queueSchema,
  evaluationsSchema,
  authLockoutSchema,
  paperAndUsageSchema,
  peopleAheadBasisSchema,
  ticketLocaleSchema,
];
