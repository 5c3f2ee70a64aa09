// Finding 10 of issue #14, developer panel: it showed the last receipts, names and all, to anyone
// at the screen of an emulated kiosk. Now its copy of the paper masks what is personal; and the
// panel exists only on emulated kiosks — the screen is told not to show it, and the services refuse
// every dev: request on real hardware, whatever the screen does.
import { afterEach, expect, it } from 'vitest';
import { requestChannels } from '../../common/channels.ts';
import { citizenTo, makeDataRoot, receipts, startFaultKiosk, type FaultKiosk } from '../faults/helpers.ts';

const running: FaultKiosk[] = [];
afterEach(async () => {
  for (const fk of running.splice(0)) await fk.stop();
});

const zhangSan = { name: '张三', idNumber: '110101198503120017' };

it("the panel's copy of the paper has no name and no ID number", async () => {
  const fk = await startFaultKiosk();
  running.push(fk);
  await citizenTo(fk, 'outcome', { missing: true });
  await fk.must('flow:confirm', {});
  const state = await fk.must('dev:getState', {});
  // The panel's deck lists the emulator's made-up test cards by name; the receipts are real paper.
  const shown = JSON.stringify(state.printer?.receipts);
  expect(state.printer?.receipts.length).toBeGreaterThan(0);
  const paper = (await receipts(fk)).flatMap((receipt) => receipt.lines).join('\n');
  expect(paper).toContain('一次性告知单');
  expect(paper).toMatch(/申请人\S*\s*张\*/);
  for (const value of Object.values(zhangSan)) expect(shown.includes(value), value).toBe(false);
});

it('on real hardware: no panel on the screen, and every dev: request refused by the services', async () => {
  // Real devices on ports where nothing answers: the kiosk starts, its devices are in fault.
  const fk = await startFaultKiosk({
    dataRoot: makeDataRoot(),
    env: {
      KIOSK_HARDWARE: 'real',
      KIOSK_IDCARD_PORT: '/dev/kiosk-test-no-reader',
      KIOSK_PRINTER_PORT: '/dev/kiosk-test-no-printer',
    },
  });
  running.push(fk);
  const info = await fk.must('system:getInfo', {});
  expect(info.devPanel).toBe(false);
  const dev = requestChannels.filter((channel) => channel.startsWith('dev:'));
  expect(dev.length).toBeGreaterThan(5);
  for (const channel of dev) {
    const args =
      channel === 'dev:placeCard'
        ? { cardId: 'resident-zhang-san' }
        : channel.endsWith('Fault')
          ? { fault: null }
          : {};
    const reply = await fk.kiosk.dispatch(channel, args);
    expect(reply.ok, channel).toBe(false);
    if (!reply.ok) expect(reply.error.code, channel).toBe('forbidden');
  }
});
