// The one way the kiosk writes a small state file (configuration, the central credential, keys):
// a temporary file in the same folder, written and fsynced, then renamed over the target and the
// folder fsynced. A crash or a full disk leaves either the old file or the new one, never half of
// one, and the rename is durable once this returns.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0600: state files are the kiosk's own). */
  mode?: number;
  /** Keep an existing file and return false instead of replacing it, so two processes creating the
   *  same file at once agree on one content. */
  exclusive?: boolean;
}

/** Writes `data` to `file` atomically. With `exclusive`, an existing file is left alone and false
 *  is returned (the caller reads the winner's). */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): boolean {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  const fd = fs.openSync(temporary, 'wx', options.mode ?? 0o600);
  try {
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.exclusive) {
      // A hard link fails when the target exists, where a rename would replace it.
      try {
        fs.linkSync(temporary, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    } else fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  syncFolder(dir);
  return true;
}

/** Makes a rename in `dir` durable. Not every platform can open a folder (Windows cannot); there
 *  the rename is as durable as the file system makes it. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
