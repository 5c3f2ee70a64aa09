// A short two-tone chime for a help call, made with Web Audio (nothing to ship, works offline).
// Counted on the document so a test can see that the desk sounded without hearing it.

let context: AudioContext | null = null;

export function chime(): void {
  const root = document.documentElement;
  root.dataset.chimes = String(Number(root.dataset.chimes ?? '0') + 1);
  try {
    context ??= new AudioContext();
    const now = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.22, 660],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, now + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.2);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(now + offset);
      oscillator.stop(now + offset + 0.21);
    }
  } catch {
    // No audio output (a headless test, a kiosk without speakers): the list on screen still shows it.
    root.dataset.chimeFailed = 'true';
  }
}
