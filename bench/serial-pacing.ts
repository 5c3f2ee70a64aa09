import { wireTimeMs } from '../hardware/serial/index.ts';
import {
  numberedBytes,
  openPacingLink,
  pacedTransfer,
  worstScheduleError,
} from '../test/integration/serial/pacing-probe.ts';

// `npm run bench:serial-pacing [-- runs]`: writePaced sends 4 KiB across a real pseudo-terminal at
// 9600 and 115200 baud; the receiving end times each chunk. Prints the last byte's arrival ÷ the wire
// time (8N1) and how far behind the ideal UART schedule the receiver ever fell. Target: within 3 % of
// wire time (0.97–1.03). A timing figure, so it depends on the machine's load: that is why it is a
// bench and not a test (test/integration/serial/pacing.test.ts keeps what always holds).

const runs = Number(process.argv[2] ?? 5);
const BYTES = 4096;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const link = await openPacingLink('bench-pacing');
let met = true;
try {
  for (const baudRate of [9600, 115200]) {
    const ratios: number[] = [];
    const behind: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const sent = numberedBytes(BYTES);
      const { arrivals, received, error } = await pacedTransfer(link, sent, baudRate);
      if (error || !received.equals(sent)) throw new Error(`transfer at ${baudRate} baud failed`);
      ratios.push(arrivals.at(-1)!.atMs / wireTimeMs(BYTES, baudRate));
      behind.push(worstScheduleError(arrivals, baudRate).behindMs);
    }
    const worst = ratios.reduce((a, b) => (Math.abs(b - 1) > Math.abs(a - 1) ? b : a));
    const ok = Math.abs(worst - 1) <= 0.03;
    met &&= ok;
    console.log(
      `${String(baudRate).padStart(6)} baud, ${BYTES} bytes × ${runs}: last byte ÷ wire time ` +
        `median ${median(ratios).toFixed(4)}, worst ${worst.toFixed(4)}; ` +
        `behind the UART schedule at most ${Math.max(...behind).toFixed(1)} ms ` +
        `— target within 3 %: ${ok ? 'met' : 'NOT met'}`,
    );
  }
} finally {
  await link.close();
}
if (!met) process.exitCode = 1;
