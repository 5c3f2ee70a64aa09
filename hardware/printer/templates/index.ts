export * from './common.ts';
export * from './ticket.ts';
export * from './notice-slip.ts';
export * from './commitment-slip.ts';
export * from './test-page.ts';
export * from './daily-summary.ts';
