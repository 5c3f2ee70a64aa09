import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { chooseBridge } from './bridge/index.ts';

const root = createRoot(document.getElementById('root')!);
const bridge = chooseBridge();

const connection =
  'onConnection' in bridge.api
    ? (bridge.api as { onConnection: (l: (up: boolean) => void) => () => void }).onConnection
    : undefined;
root.render(
  <StrictMode>
    <App api={bridge.api} connection={connection} />
  </StrictMode>,
);
