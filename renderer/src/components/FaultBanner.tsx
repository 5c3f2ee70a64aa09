import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';

const visibleMs = 8000;

/** A reader fault reaches the person as one plain sentence in their language, never a code. */
export function FaultBanner() {
  const { api } = useKiosk();
  const { tk } = useI18n();
  const [fault, setFault] = useState<{ key: string; at: number } | null>(null);

  useEffect(() => {
    const offFault = api.on('idcard:fault', ({ key }) => setFault({ key, at: Date.now() }));
    const offRead = api.on('idcard:read', () => setFault(null));
    return () => {
      offFault();
      offRead();
    };
  }, [api]);

  useEffect(() => {
    if (!fault) return;
    const timer = window.setTimeout(() => setFault(null), visibleMs);
    return () => window.clearTimeout(timer);
  }, [fault]);

  if (!fault) return null;
  return (
    <p className="banner banner-fault" role="alert" data-testid="idcard-fault">
      {tk(fault.key)}
    </p>
  );
}
