import { useCallback, useState } from 'react';
import type { ApiError, Result } from '../../../common/result.ts';
import { HelpCalls } from '../components/HelpCalls.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useRequest } from '../use-request.ts';
import { BundleSection } from './BundleSection.tsx';
import { DeviceSection } from './DeviceSection.tsx';
import { DocumentsSection } from './DocumentsSection.tsx';
import { PortsSection } from './PortsSection.tsx';
import type { Invoke } from './section.ts';
import { SelfTestSection } from './SelfTestSection.tsx';
import { StoreSection } from './StoreSection.tsx';

/** The overview is asked again this often: badges show the current state, not the state at sign-in. */
export const overviewPollMs = 2000;

/** The signed-in technician's screen: help calls, self-test, each device, store and sync, ports, bundle. */
export function MaintenancePanel({
  token,
  onExpired,
}: {
  token: string;
  onExpired: (error: ApiError) => boolean;
}) {
  const { api } = useKiosk();
  const { tk } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);

  const failed = useCallback(
    (error: ApiError) => {
      if (!onExpired(error)) setProblem(tk(error.key ?? 'error.generic'));
    },
    [onExpired, tk],
  );

  const call: Invoke = useCallback(
    async <T,>(request: () => Promise<Result<T>>): Promise<T | null> => {
      const reply = await request();
      if (reply.ok) return reply.value;
      failed(reply.error);
      return null;
    },
    [failed],
  );

  const overview = useRequest(() => api.invoke('maint:getOverview', { token }), [token], {
    pollMs: overviewPollMs,
    onError: failed,
  });
  const onDone = overview.reload;

  if (!overview.value) return null;
  return (
    <div className="maint-panel">
      {problem && (
        <p className="maint-error" role="alert" data-testid="maint-problem">
          {problem}
        </p>
      )}
      <HelpCalls token={token} role="maintenance" onError={failed} />
      <SelfTestSection overview={overview.value} token={token} call={call} onDone={onDone} />
      <section className="maint-devices">
        {overview.value.devices.map((device) => (
          <DeviceSection key={device.health.id} device={device} token={token} call={call} onDone={onDone} />
        ))}
      </section>
      <StoreSection overview={overview.value} token={token} call={call} onDone={onDone} />
      <DocumentsSection overview={overview.value} token={token} call={call} onDone={onDone} />
      <PortsSection overview={overview.value} token={token} call={call} onDone={onDone} />
      <BundleSection token={token} call={call} />
    </div>
  );
}
