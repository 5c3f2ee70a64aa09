// Prints "locale<TAB>key<TAB>sentence" for every recorded prompt, from the renderer's own
// dictionaries, so the recordings always say what the screen says. Used by generate.sh.
import { en } from '../../renderer/src/i18n/en.ts';
import { zhCN } from '../../renderer/src/i18n/zh-CN.ts';
import { promptKeys } from '../../renderer/src/speech/prompt-keys.ts';

const dictionaries = { 'zh-CN': zhCN, en } as const;

for (const locale of ['zh-CN', 'en'] as const) {
  for (const key of promptKeys) {
    const text = dictionaries[locale][key].replace(/\s+/g, ' ');
    process.stdout.write(`${locale}\t${key}\t${text}\n`);
  }
}
