// Saves a device's port and speed chosen on the maintenance screen into the configuration file, so
// the next start uses them too. The file is validated as a whole before it replaces the old one, and
// replaced atomically (write, then rename): a power cut leaves the old file or the new, never half.
import { AppError } from '../../common/errors.ts';
import fs from 'node:fs';
import { writeFileAtomic } from '../store/atomic-file.ts';
import type { DeviceId } from '../../common/health.ts';
import type { PortLocator } from '../../hardware/serial/index.ts';
import { configSchema, environmentOverrides } from '../config/config.ts';

export class ConfigWriteError extends AppError {
  override name = 'ConfigWriteError';
}

export interface PortSetting {
  device: DeviceId;
  port: PortLocator;
  baudRate: number;
}

/** Writes the setting; returns the environment variables that will still override it at start. */
export function savePortSetting(
  file: string,
  setting: PortSetting,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  let raw: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        raw = parsed as Record<string, unknown>;
      else throw new Error('the top level is not an object');
    } catch (error) {
      throw new ConfigWriteError(`Configuration file ${file} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const hardware = (raw.hardware && typeof raw.hardware === 'object' ? raw.hardware : {}) as Record<
    string,
    unknown
  >;
  const device = (
    hardware[setting.device] && typeof hardware[setting.device] === 'object' ? hardware[setting.device] : {}
  ) as Record<string, unknown>;
  const next = {
    ...raw,
    hardware: {
      ...hardware,
      [setting.device]: { ...device, port: setting.port, baudRate: setting.baudRate },
    },
  };
  const checked = configSchema.safeParse(next);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ConfigWriteError(
      `The setting was not saved: ${issue?.path.join('.') ?? 'configuration'}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  try {
    writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
  } catch (error) {
    throw new ConfigWriteError(
      `Configuration file ${file} could not be written: ${(error as Error).message}`,
    );
  }
  const prefix = ['hardware', setting.device];
  return Object.entries(environmentOverrides)
    .filter(([, target]) => prefix.every((part, index) => target.path[index] === part))
    .filter(([variable]) => env[variable] !== undefined && env[variable] !== '')
    .map(([variable]) => variable);
}
