// The kiosk as a whole: what it is, and how its parts are.
import type { HealthSnapshot } from '../health.ts';
import { noArgs, request } from './define.ts';

export type HostKind = 'electron' | 'web';
export type HardwareMode = 'emulated' | 'real';
export type Locale = 'zh-CN' | 'en';

export interface SystemInfo {
  name: string;
  version: string;
  host: HostKind;
  hardware: HardwareMode;
  kioskId: string;
  hallName: string;
  /** The hall's public hotline, said wherever no person can be reached (at night, no desk). */
  hallPhone: string;
  dataFolder: string;
  /** Whether the developer panel (emulator controls) is served: only with emulated hardware. */
  devPanel: boolean;
  locale: Locale;
}

export const systemContract = {
  'system:getInfo': request<SystemInfo>()(noArgs, { storage: false }),
  'system:getHealth': request<HealthSnapshot>()(noArgs),
} as const;
