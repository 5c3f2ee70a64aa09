import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../hardware/printer/layout.ts';

describe('layout formatting', () => {
  it('prints times in the hall time zone', () => {
    expect(formatDateTime(new Date('2024-05-06T16:30:00Z'), 'Asia/Shanghai')).toBe('2024-05-07 00:30');
  });
});
