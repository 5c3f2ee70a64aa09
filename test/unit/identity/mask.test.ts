import { describe, expect, it } from 'vitest';
import { ensureMasked, maskIdNumber } from '../../../domain/identity/mask.ts';

describe('masking on paper', () => {
  it('masks ID numbers, also when a caller forgot to', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110***********1234');
    expect(ensureMasked('110101199003071234')).toBe('110***********1234');
    expect(ensureMasked('110***********1234')).toBe('110***********1234');
  });
});
