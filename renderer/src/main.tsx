import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { chooseBridge } from './bridge/index.ts';
import { translate } from './i18n/index.tsx';

const root = createRoot(document.getElementById('root')!);
const bridge = chooseBridge();

if ('error' in bridge) {
  root.render(
    <main className="fatal" role="alert">
      <p>{translate('zh-CN', 'app.noToken')}</p>
      <p lang="en">{translate('en', 'app.noToken')}</p>
    </main>,
  );
} else {
  const connection =
    'onConnection' in bridge.api
      ? (bridge.api as { onConnection: (l: (up: boolean) => void) => () => void }).onConnection
      : undefined;
  root.render(
    <StrictMode>
      <App api={bridge.api} connection={connection} />
    </StrictMode>,
  );
}
