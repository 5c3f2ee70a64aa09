// "Nothing covers anything" (issue 15, item 2), measured in the page: every visible control, brought
// into view, is hit at its centre by a tap (document.elementFromPoint finds the control itself or
// something inside it), and is at least 44×44 px (64×64 in elderly mode). A radio or checkbox is
// measured by the label that wraps it, which is what a finger touches.
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

export interface ControlProblem {
  control: string;
  problem: string;
}

// Page code as a string: the Node type-check has no DOM (as in the other specs).
const measure = `(async (minimum) => {
  const problems = [];
  const selector = 'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=radio], [role=checkbox]';
  const describe = (el) => {
    const id = el.getAttribute('data-testid');
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '').trim().slice(0, 30);
    return el.tagName.toLowerCase() + (id ? '[' + id + ']' : '') + (text ? ' "' + text + '"' : '');
  };
  const controls = [...document.querySelectorAll(selector)].filter((el) => {
    // The developer panel is a tool for emulated kiosks, not a screen of the product.
    if (el.closest('.dev-panel')) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
  for (const el of controls) {
    const input = el.tagName === 'INPUT' && (el.type === 'radio' || el.type === 'checkbox');
    const target = input && el.closest('label') ? el.closest('label') : el;
    target.scrollIntoView({ block: 'center', inline: 'center' });
    await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
    const box = target.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(target === hit || target.contains(hit) || (el.labels && [...el.labels].some((l) => l.contains(hit)))))
      problems.push({ control: describe(el), problem: 'centre covered by ' + (hit ? describe(hit) + ' .' + hit.className : 'nothing') });
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5)
      problems.push({ control: describe(el), problem: 'target ' + Math.round(box.width) + '×' + Math.round(box.height) + ' < ' + minimum });
  }
  return problems;
})`;

/** Fails with every control on the screen that is covered or too small. */
export async function expectTouchable(page: Page, screen: string): Promise<void> {
  const elderly = (await page.locator('html').getAttribute('data-elderly')) === 'true';
  const problems = (await page.evaluate(`${measure}(${elderly ? 64 : 44})`)) as ControlProblem[];
  await page.evaluate('document.querySelector(".app-main")?.scrollTo(0, 0)');
  expect(problems, `controls on ${screen}`).toEqual([]);
}

// Visible text only (innerText skips folded <details>, hidden elements and the developer panel),
// less what the page marks translate="no": raw bytes and protocol fields in the technician's byte
// log are machine data, the same in every language.
const visibleText = `(() => {
  const skipped = [...document.querySelectorAll('.dev-panel, [translate="no"]')];
  const before = skipped.map((el) => el.style.display);
  for (const el of skipped) el.style.display = 'none';
  const text = document.body.innerText;
  skipped.forEach((el, index) => (el.style.display = before[index]));
  return text;
})()`;

/** In zh-CN mode no raw key (samId, cardPresent, help.screen.items) and no English sentence shows. */
export async function expectAllChinese(page: Page, screen: string): Promise<void> {
  const text = (await page.evaluate(visibleText)) as string;
  const rawKeys = [
    ...text.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b/g),
    ...text.matchAll(/\b[a-z]+(?:\.[a-zA-Z-]+)+\b/g),
  ].map((match) => match[0]);
  const english = [...text.matchAll(/[A-Za-z]{2,}(?:[ ,'’]+[A-Za-z]{2,}){2,}/g)].map((match) => match[0]);
  expect({ rawKeys, english }, `untranslated text on ${screen}`).toEqual({ rawKeys: [], english: [] });
}
