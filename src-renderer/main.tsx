import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App, viewFromHash } from './App.tsx';
import { BridgeContext, getBridge } from './bridge.ts';

const container = document.getElementById('root');
if (container === null) {
  throw new Error('index.html has no #root element.');
}

createRoot(container).render(
  <StrictMode>
    <BridgeContext value={getBridge()}>
      <App content={viewFromHash(location.hash)} />
    </BridgeContext>
  </StrictMode>,
);
