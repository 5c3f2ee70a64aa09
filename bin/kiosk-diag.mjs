#!/usr/bin/env node
// Maintenance command line. Runs the TypeScript sources through tsx so the same code the kiosk
// uses talks to the device; no separate build to fall out of step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../tools/kiosk-diag.ts');
process.exitCode = await main(process.argv.slice(2));
