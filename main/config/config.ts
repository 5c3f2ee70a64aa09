import { AppError } from '../../common/errors.ts';
import fs from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import { parsePinHash } from '../staff/pin.ts';

/** The kiosks' first sync after start is spread over this many seconds (bench/central-scale
 *  simulates kiosks with the same spread). */
export const defaultStartSpreadSeconds = 5;

export const supportedBaudRates = [9600, 19200, 38400, 57600, 115200] as const;

const baudRate = z
  .number()
  .int()
  .refine((value) => (supportedBaudRates as readonly number[]).includes(value), {
    message: `must be one of ${supportedBaudRates.join(', ')}`,
  });

const hexId = z.string().regex(/^[0-9a-fA-F]{4}$/, 'must be 4 hex digits, e.g. "1a86"');

/** Where a real device is: a path (`/dev/ttyUSB0`, `COM3`, `/dev/serial/by-id/…`) or its USB ids. */
const portLocator = z
  .object({
    path: z.string().min(1).optional(),
    usb: z
      .object({ vendorId: hexId, productId: hexId, serialNumber: z.string().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict();

const deviceConfig = z
  .object({
    enabled: z.boolean().default(true),
    port: portLocator.default({}),
    baudRate: baudRate.default(115200),
  })
  .strict();

export const configSchema = z
  .object({
    kioskId: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,32}$/, 'must be 1–32 letters, digits or dashes')
      .default(
        () =>
          os
            .hostname()
            .replace(/[^A-Za-z0-9-]/g, '')
            .slice(0, 32) || 'kiosk',
      ),
    hallName: z.string().min(1).max(40).default('政务服务大厅'),
    hallPhone: z
      .string()
      .regex(/^[0-9-]{5,20}$/, 'must be a telephone number (digits and dashes)')
      .default('12345'),
    /** GB/T 2260 code of the hall's district: eligibility rules compare the card's region with it. */
    hallRegionCode: z
      .string()
      .regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 region code')
      .default('110105'),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    hardware: z
      .object({
        mode: z.enum(['emulated', 'real']).default('emulated'),
        idcard: deviceConfig
          .extend({ pollIntervalMs: z.number().int().min(20).max(5000).default(50) })
          .default({
            enabled: true,
            port: {},
            baudRate: 115200,
            pollIntervalMs: 50,
          }),
        printer: deviceConfig.default({ enabled: true, port: {}, baudRate: 115200 }),
      })
      .strict()
      .default({
        mode: 'emulated',
        idcard: { enabled: true, port: {}, baudRate: 115200, pollIntervalMs: 50 },
        printer: { enabled: true, port: {}, baudRate: 115200 },
      }),
    /** The central system. Without an address the kiosk works offline and says so on its health line. */
    sync: z
      .object({
        centralUrl: z.string().url('must be an https:// address').nullable().default(null),
        enrollmentToken: z.string().min(8).nullable().default(null),
        catalogPublicKey: z.string().min(32).nullable().default(null),
        allowInsecureHttp: z.boolean().default(false),
        /** Central's hall-wide queue older than this is not printed as the hall's figure: the
         *  ticket shows this kiosk's own count, marked as an estimate. */
        hallQueueFreshSeconds: z.number().int().min(5).max(3600).default(60),
        /** The first sync after start goes at a random moment within this many seconds, so the
         *  kiosks of a hall or a city, powered on together, do not all reach central in one instant. */
        startSpreadSeconds: z.number().int().min(0).max(300).default(defaultStartSpreadSeconds),
      })
      .strict()
      .default({
        centralUrl: null,
        enrollmentToken: null,
        catalogPublicKey: null,
        allowInsecureHttp: false,
        hallQueueFreshSeconds: 60,
        startSpreadSeconds: defaultStartSpreadSeconds,
      }),
    web: z
      .object({ port: z.number().int().min(0).max(65535).default(0) })
      .strict()
      .default({ port: 0 }),
    queue: z
      .object({
        /** This kiosk's mark in its numbers (A3-017); default: from the hall configuration's kiosk list. */
        kioskIndex: z.number().int().min(1).max(99).optional(),
        /** Hall configuration file; default resources/hall/hall.json (until the central system sends one). */
        hallConfigFile: z.string().min(1).optional(),
        /** After a restart, unfinished tickets issued this recently are printed at once (as 补打 if begun). */
        resumeWithinMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .default(30),
        staffMaxFailures: z.number().int().min(3).max(10).default(5),
        staffLockoutMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(5),
        staffIdleLogoutSeconds: z.number().int().min(30).max(3600).default(120),
      })
      .strict()
      .default({
        resumeWithinMinutes: 30,
        staffMaxFailures: 5,
        staffLockoutMinutes: 5,
        staffIdleLogoutSeconds: 120,
      }),
    /** The citizen session's idle reset (the countdown is the last part of the idle time). */
    session: z
      .object({
        idleSeconds: z.number().int().min(3).max(3600).default(90),
        elderlyIdleSeconds: z.number().int().min(3).max(3600).default(180),
        countdownSeconds: z.number().int().min(1).max(120).default(20),
        endOnCardRemoval: z.boolean().default(false),
      })
      .strict()
      .refine((session) => session.countdownSeconds < session.idleSeconds, {
        path: ['countdownSeconds'],
        message: 'must be shorter than session.idleSeconds',
      })
      .default({ idleSeconds: 90, elderlyIdleSeconds: 180, countdownSeconds: 20, endOnCardRemoval: false }),
    log: z
      .object({
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
        maxBytes: z.number().int().min(10_000).default(5_000_000),
        keep: z.number().int().min(1).max(50).default(5),
      })
      .strict()
      .default({ level: 'info', maxBytes: 5_000_000, keep: 5 }),
    /** The technician's screen: its own accounts (not the hall staff's), self-test and health reports. */
    maintenance: z
      .object({
        /** PIN hashes as `npx tsx main/staff/cli.ts hash-pin 123456` prints them. Emulated kiosks
         *  without accounts get the developer account 8001 (PIN 246810); real ones get none. */
        accounts: z
          .array(
            z
              .object({
                accountId: z.string().regex(/^[A-Za-z0-9-]{2,16}$/, 'must be 2–16 letters, digits or dashes'),
                pinHash: z
                  .string()
                  .refine(
                    (hash) => parsePinHash(hash) !== null,
                    'must be a scrypt PIN hash (main/staff/cli.ts)',
                  ),
              })
              .strict(),
          )
          .default([]),
        maxFailures: z.number().int().min(3).max(10).default(5),
        lockoutMinutes: z.number().int().min(1).max(1440).default(15),
        idleLogoutSeconds: z.number().int().min(30).max(3600).default(300),
        /** 0 = only at start-up and on demand. */
        selfTestIntervalMinutes: z.number().int().min(0).max(1440).default(60),
        /** Least time between two health records to the central system. */
        healthReportIntervalSeconds: z.number().int().min(1).max(3600).default(60),
        /** Devices without which a session in progress cannot finish: at fault, the session is ended
         *  (the reader is needed to start one, not to finish it: its card is already read). */
        requiredDevices: z.array(z.enum(['idcard', 'printer'])).default(['printer']),
        /** How long a required device may be at fault before a session in progress is ended. */
        outOfServiceGraceSeconds: z.number().int().min(0).max(300).default(5),
      })
      .strict()
      .default({
        accounts: [],
        maxFailures: 5,
        lockoutMinutes: 15,
        idleLogoutSeconds: 300,
        selfTestIntervalMinutes: 60,
        healthReportIntervalSeconds: 60,
        requiredDevices: ['printer'],
        outOfServiceGraceSeconds: 5,
      }),
  })
  .strict();

export type KioskConfig = z.output<typeof configSchema>;

export class ConfigError extends AppError {
  override name = 'ConfigError';
}

/** Environment variables that override the file, each mapped to its place in the configuration. */
export const environmentOverrides: Record<string, { path: string[]; kind: 'string' | 'number' | 'boolean' }> =
  {
    KIOSK_ID: { path: ['kioskId'], kind: 'string' },
    KIOSK_HALL_NAME: { path: ['hallName'], kind: 'string' },
    KIOSK_HALL_PHONE: { path: ['hallPhone'], kind: 'string' },
    KIOSK_HALL_REGION: { path: ['hallRegionCode'], kind: 'string' },
    KIOSK_LOCALE: { path: ['locale'], kind: 'string' },
    KIOSK_HARDWARE: { path: ['hardware', 'mode'], kind: 'string' },
    KIOSK_IDCARD_PORT: { path: ['hardware', 'idcard', 'port', 'path'], kind: 'string' },
    KIOSK_IDCARD_BAUD: { path: ['hardware', 'idcard', 'baudRate'], kind: 'number' },
    KIOSK_PRINTER_PORT: { path: ['hardware', 'printer', 'port', 'path'], kind: 'string' },
    KIOSK_PRINTER_BAUD: { path: ['hardware', 'printer', 'baudRate'], kind: 'number' },
    KIOSK_WEB_PORT: { path: ['web', 'port'], kind: 'number' },
    KIOSK_CENTRAL_URL: { path: ['sync', 'centralUrl'], kind: 'string' },
    KIOSK_ENROLLMENT_TOKEN: { path: ['sync', 'enrollmentToken'], kind: 'string' },
    KIOSK_CATALOG_PUBLIC_KEY: { path: ['sync', 'catalogPublicKey'], kind: 'string' },
    KIOSK_SYNC_START_SPREAD_SECONDS: { path: ['sync', 'startSpreadSeconds'], kind: 'number' },
    KIOSK_LOG_LEVEL: { path: ['log', 'level'], kind: 'string' },
    KIOSK_INDEX: { path: ['queue', 'kioskIndex'], kind: 'number' },
    KIOSK_HALL_CONFIG: { path: ['queue', 'hallConfigFile'], kind: 'string' },
    KIOSK_IDLE_SECONDS: { path: ['session', 'idleSeconds'], kind: 'number' },
    KIOSK_ELDERLY_IDLE_SECONDS: { path: ['session', 'elderlyIdleSeconds'], kind: 'number' },
    KIOSK_IDLE_COUNTDOWN_SECONDS: { path: ['session', 'countdownSeconds'], kind: 'number' },
    KIOSK_END_ON_CARD_REMOVAL: { path: ['session', 'endOnCardRemoval'], kind: 'boolean' },
  };

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

function getPath(source: unknown, keys: readonly PropertyKey[]): unknown {
  let node = source;
  for (const key of keys) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Reads the file (if any), lays environment overrides on top, validates; the first problem is
 *  thrown as one line naming the setting, its value and where it came from. */
export function loadConfig(options: {
  file?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: Record<string, unknown>;
}): KioskConfig {
  const env = options.env ?? process.env;
  let raw: Record<string, unknown> = {};
  const origin = new Map<string, string>();

  if (options.file && fs.existsSync(options.file)) {
    let text: string;
    try {
      text = fs.readFileSync(options.file, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `Configuration file ${options.file} cannot be read: ${(error as Error).message}`,
        { cause: error },
      );
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('the top level must be an object');
      raw = parsed as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(
        `Configuration file ${options.file} is not valid JSON: ${(error as Error).message}`,
      );
    }
  }

  for (const [variable, target] of Object.entries(environmentOverrides)) {
    const text = env[variable];
    if (text === undefined || text === '') continue;
    let value: unknown = text;
    if (target.kind === 'number') value = /^-?\d+$/.test(text.trim()) ? Number(text) : text;
    if (target.kind === 'boolean') value = text === '1' || text.toLowerCase() === 'true';
    setPath(raw, target.path, value);
    origin.set(target.path.join('.'), `environment variable ${variable}`);
  }
  for (const [dotted, value] of Object.entries(options.overrides ?? {})) {
    setPath(raw, dotted.split('.'), value);
    origin.set(dotted, 'command line');
  }

  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const where = issue.path.map(String).join('.') || '(top level)';
  const given = getPath(raw, issue.path);
  const shown = given === undefined ? '' : ` (got ${JSON.stringify(given)})`;
  const source = origin.get(where) ?? (options.file ? `file ${options.file}` : 'defaults');
  const reason =
    issue.code === 'unrecognized_keys' ? `unknown setting "${issue.keys.join('", "')}"` : issue.message;
  throw new ConfigError(`Configuration error: ${where}: ${reason}${shown} — from ${source}.`);
}
