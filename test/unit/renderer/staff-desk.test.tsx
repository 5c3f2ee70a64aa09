// @vitest-environment happy-dom
// The staff desk never strands the kiosk (issue 15 item 3): a card placed while nobody is signed
// in closes the sign-in page (the citizen's screen shows), and so does an untouched sign-in page.
// And the help message never claims staff were told unless a desk has the call (item 1).
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskApi, SystemInfo } from '../../../common/contract.ts';
import type { HelpCallReply } from '../../../common/help.ts';
import { helpMessage } from '../../../renderer/src/components/HelpButton.tsx';
import { I18nProvider, translate } from '../../../renderer/src/i18n/index.tsx';
import { KioskContext } from '../../../renderer/src/kiosk-context.tsx';
import { loginIdleMs, StaffDesk } from '../../../renderer/src/staff/StaffDesk.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const info = { kioskId: 'K-1', locale: 'zh-CN', devPanel: false } as unknown as SystemInfo;
// The services, as far as the sign-in page asks them: the desk is not locked.
const api = {
  invoke: vi.fn(async (channel: string) =>
    channel === 'staff:getDesk'
      ? { ok: true, value: { locked: false, lockedUntil: null, failuresLeft: 5 } }
      : { ok: false, error: { code: 'not-found', message: channel } },
  ),
  on: () => () => {},
} as unknown as KioskApi;

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  vi.useFakeTimers();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

function desk(citizenSessionId: string | null, onClose: () => void) {
  return (
    <KioskContext.Provider value={{ api, info }}>
      <I18nProvider initial="zh-CN">
        <StaffDesk onClose={onClose} citizenSessionId={citizenSessionId} />
      </I18nProvider>
    </KioskContext.Provider>
  );
}

describe('StaffDesk', () => {
  it('gives the kiosk back when a card starts a session while nobody is signed in', async () => {
    const onClose = vi.fn();
    await act(async () => root.render(desk(null, onClose)));
    expect(container.querySelector('[data-testid="staff-login"]')).not.toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    await act(async () => root.render(desk('session-1', onClose)));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('keeps a session that was there when the desk was opened (the person is still at the kiosk)', async () => {
    const onClose = vi.fn();
    await act(async () => root.render(desk('session-1', onClose)));
    await act(async () => root.render(desk('session-1', onClose)));
    expect(onClose).not.toHaveBeenCalled();
  });

  it('an untouched sign-in page closes after its idle time, a touched one later', async () => {
    const onClose = vi.fn();
    await act(async () => root.render(desk(null, onClose)));
    await act(async () => vi.advanceTimersByTime(loginIdleMs - 1000));
    window.dispatchEvent(new Event('pointerdown'));
    await act(async () => vi.advanceTimersByTime(2000));
    expect(onClose).not.toHaveBeenCalled();
    await act(async () => vi.advanceTimersByTime(loginIdleMs));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('helpMessage', () => {
  const t = (key: string, params?: Record<string, string | number>) =>
    translate('zh-CN', key as never, params);
  const reply = (over: Partial<HelpCallReply>): HelpCallReply => ({
    call: {
      id: 'c1',
      kioskId: 'K-1',
      at: '2026-11-30T02:00:00Z',
      screen: 'items',
      status: 'open',
      answeredAt: null,
      answeredBy: null,
      closedAt: null,
    },
    reached: false,
    reason: 'no-desk',
    hotline: '12345',
    nextOpening: null,
    ...over,
  });
  it('says staff are coming only when a desk has the call', () => {
    expect(helpMessage(reply({ reached: true, reason: 'reached' }), 'open', t)).toContain('服务台已收到');
    for (const unreached of [
      reply({}),
      reply({ reason: 'after-hours', nextOpening: { day: '2026-12-01', from: '08:30' } }),
    ]) {
      const said = helpMessage(unreached, 'open', t);
      expect(said).toContain('12345');
      expect(said).not.toMatch(/已通知|已收到|马上过来/);
    }
    expect(
      helpMessage(
        reply({ reason: 'after-hours', nextOpening: { day: '2026-12-01', from: '08:30' } }),
        'open',
        t,
      ),
    ).toContain('2026-12-01 08:30');
  });
});
