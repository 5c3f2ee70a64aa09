import { describe, expect, it } from 'vitest';
import { storageProblemOf } from '../../../main/maintenance/store-tools.ts';

describe('storage failures', () => {
  it('classifies SQLite and file system errors', () => {
    expect(storageProblemOf({ code: 'SQLITE_FULL' })).toBe('full');
    expect(storageProblemOf({ code: 'SQLITE_IOERR_WRITE' })).toBe('io');
    expect(storageProblemOf({ code: 'SQLITE_BUSY' })).toBe('locked');
    expect(storageProblemOf({ code: 'SQLITE_CORRUPT_INDEX' })).toBe('corrupt');
    expect(storageProblemOf({ code: 'ENOSPC' })).toBe('full');
    expect(storageProblemOf({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBeUndefined();
    expect(storageProblemOf(new Error('x'))).toBeUndefined();
  });
});
