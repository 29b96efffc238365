import type { Alert } from '../core/alert';

/**
 * Audible and desktop alarms for new critical alerts. WebAudio needs one user gesture before it may
 * play (browser autoplay rules), so the page offers an "enable sound" button that calls `enable`.
 */
export interface Alarm {
  readonly soundEnabled: boolean;
  enableSound(): Promise<boolean>;
  requestNotifications(): Promise<NotificationPermission | 'unsupported'>;
  /** Beeps and notifies once for this alert. */
  ring(alert: Alert, title: string, body: string): void;
  close(): void;
}

const BEEP_HZ = 880;
const BEEP_MS = 180;
const BEEPS = 3;
/** Never ring for the same alert twice, but remember only so many ids. */
const MAX_RUNG = 1_000;

export function createAlarm(): Alarm {
  let ctx: AudioContext | null = null;
  const rung = new Set<string>();

  function beep(): void {
    if (!ctx) return;
    const start = ctx.currentTime;
    for (let i = 0; i < BEEPS; i++) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = BEEP_HZ;
      const t0 = start + (i * 2 * BEEP_MS) / 1000;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.25, t0 + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + BEEP_MS / 1000);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + BEEP_MS / 1000 + 0.02);
    }
  }

  return {
    get soundEnabled() {
      return ctx?.state === 'running';
    },
    async enableSound() {
      try {
        ctx ??= new AudioContext();
        await ctx.resume();
        return ctx.state === 'running';
      } catch {
        return false;
      }
    },
    async requestNotifications() {
      if (typeof Notification === 'undefined') return 'unsupported';
      return Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission;
    },
    ring(alert, title, body) {
      if (rung.has(alert.id)) return;
      rung.add(alert.id);
      if (rung.size > MAX_RUNG) rung.delete(rung.values().next().value as string);
      beep();
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
        // `tag` collapses repeats of one alert into one notification; critical ones stay until seen.
        new Notification(title, { body, tag: alert.id, requireInteraction: true });
      }
    },
    close() {
      void ctx?.close();
      ctx = null;
    }
  };
}
