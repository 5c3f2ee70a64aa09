import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The kiosk's one place on disk: database, logs, keys, configuration, device links. */
export interface DataFolder {
  root: string;
  database: string;
  logs: string;
  keys: string;
  /** Pseudo-terminal links of the emulated devices. */
  run: string;
  configFile: string;
}

export const appFolderName = 'gov-kiosk';

/** Where the data folder lives when nothing says otherwise, by platform convention. */
export function defaultDataRoot(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') return path.join(env.PROGRAMDATA ?? 'C:\\ProgramData', appFolderName);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', appFolderName);
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), appFolderName);
}

/** Creates the folder tree (owner-only: it holds personal data) and checks it can be written. */
export function prepareDataFolder(root: string): DataFolder {
  const absolute = path.resolve(root);
  const folder: DataFolder = {
    root: absolute,
    database: path.join(absolute, 'db'),
    logs: path.join(absolute, 'logs'),
    keys: path.join(absolute, 'keys'),
    run: path.join(absolute, 'run'),
    configFile: path.join(absolute, 'kiosk.config.json'),
  };
  for (const dir of [folder.root, folder.database, folder.logs, folder.keys, folder.run]) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  try {
    fs.accessSync(folder.root, fs.constants.W_OK);
  } catch {
    throw new Error(`Data folder ${folder.root} is not writable by this user.`);
  }
  return folder;
}
