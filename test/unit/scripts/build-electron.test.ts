// The Electron shell cannot run on these machines, but its bundle can be built: a main process
// that needs import.meta (empty in CommonJS) or a missing module would only fail in the packaged app.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs build script without type declarations
import { electronBuildOptions } from '../../../scripts/build-electron.mjs';

describe('Electron bundle', () => {
  it('builds main and preload without errors or warnings', async () => {
    const result = await build({ ...electronBuildOptions, write: false, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((warning) => warning.text)).toEqual([]);
    const preload = (result.outputFiles ?? []).find((file) => file.path.endsWith('preload.cjs'))!;
    // A sandboxed preload is one small file: no schemas or libraries dragged in.
    expect(preload.contents.length).toBeLessThan(20_000);
  }, 60_000);
});
