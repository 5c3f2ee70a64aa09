// The design tokens in styles.css: every custom property a rule reads is defined, and none is
// defined through itself. A token defined as `--overlay: var(--overlay)` is invalid at computed
// time, so the dialog scrim and the shadows silently vanished (found in review: the idle
// countdown no longer dimmed the screen behind it).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const css = fs.readFileSync(path.resolve(import.meta.dirname, '../../../renderer/src/styles.css'), 'utf8');
const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
const definitions = [...withoutComments.matchAll(/(--[\w-]+)\s*:\s*([^;{}]+);/g)].map(([, name, value]) => ({
  name: name!,
  value: value!.trim(),
}));
const defined = new Set(definitions.map((definition) => definition.name));
const readsOf = (value: string) => [...value.matchAll(/var\(\s*(--[\w-]+)/g)].map(([, name]) => name!);

describe('design tokens', () => {
  it('are defined somewhere for every var() a rule or token reads', () => {
    const read = new Set(readsOf(withoutComments));
    expect([...read].filter((name) => !defined.has(name))).toEqual([]);
  });

  it('never refer to themselves (invalid at computed time: the property silently drops)', () => {
    // Per declaration: a token whose own value reads it is a cycle whatever the other sets say.
    expect(definitions.filter(({ name, value }) => readsOf(value).includes(name)).map((d) => d.name)).toEqual(
      [],
    );
  });

  it('give the dialog scrim and the shadows a colour', () => {
    for (const token of ['--overlay', '--shadow', '--shadow-soft'])
      expect(definitions.find((definition) => definition.name === token)?.value).toMatch(/^rgb\(/);
  });
});
