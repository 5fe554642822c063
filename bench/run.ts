// `npm run bench`: prints each figure beside a baseline measured in the same run, since these
// machines are too noisy for absolute numbers to mean much. Needs root (it mounts volumes).
import { benchActivityLog } from './activity-log.ts';
import { benchArming } from './arming.ts';
import { benchClassify } from './classify.ts';
import { benchFingerprint } from './fingerprint.ts';
import { benchForward } from './forward.ts';
import { benchHoldWindow } from './hold-window.ts';
import { benchWatchLatency } from './watch-latency.ts';

if (process.getuid?.() !== 0) {
  console.error(
    'npm run bench needs root: it mounts loop volumes to measure on a real filesystem.',
  );
  process.exit(1);
}

await benchWatchLatency();
await benchHoldWindow();
await benchArming();
await benchActivityLog();
await benchForward();
await benchClassify();
await benchFingerprint();
