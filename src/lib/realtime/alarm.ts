import { SEVERITY_RANK, type Alert } from '../core/alert';

/**
 * Audible and desktop alarms for new critical alerts. WebAudio needs one user gesture before it may
 * play (browser autoplay rules), so the page offers an "enable sound" button that calls `enable`.
 */
export interface Alarm {
  readonly soundEnabled: boolean;
  enableSound(): Promise<boolean>;
  requestNotifications(): Promise<NotificationPermission | 'unsupported'>;
  /** Beeps and notifies once for this alert, and again each time it gets worse (an escalation). */
  ring(alert: Alert, title: string, body: string): void;
  close(): void;
}

const BEEP_HZ = 880;
const BEEP_MS = 180;
const BEEPS = 3;
/** Never ring for the same alert twice at the same stage, but remember only so many ids. */
const MAX_RUNG = 1_000;

/** How bad an alert was when it last rang: a later ring needs it to be worse than this. */
export interface RungMark {
  severity: number;
  level: number;
  worsenedAt: number;
}

export function rungMark(alert: Alert): RungMark {
  // `level` comes over the wire; an alert without one compares as the lowest level.
  return { severity: SEVERITY_RANK[alert.severity] ?? 0, level: alert.level ?? 0, worsenedAt: alert.worsenedAt ?? -Infinity };
}

/**
 * Whether an alert should ring: never rung before, or worse than when it last rang (higher
 * severity or level, or re-opened by a later worsening: it then needs a new acknowledgement).
 */
export function shouldRing(last: RungMark | undefined, alert: Alert): boolean {
  if (!last) return true;
  const now = rungMark(alert);
  return now.severity > last.severity || now.level > last.level || now.worsenedAt > last.worsenedAt;
}

export function createAlarm(): Alarm {
  let ctx: AudioContext | null = null;
  const rung = new Map<string, RungMark>();

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
      if (!shouldRing(rung.get(alert.id), alert)) return;
      // Delete first so the id moves to the end: the oldest rung id is dropped when full.
      rung.delete(alert.id);
      rung.set(alert.id, rungMark(alert));
      if (rung.size > MAX_RUNG) rung.delete(rung.keys().next().value as string);
      beep();
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
        // `tag` collapses repeats of one alert into one notification; critical ones stay until seen.
        // `renotify` (not in TypeScript's DOM types): an escalation replacing it alerts again.
        const options: NotificationOptions & { renotify?: boolean } = { body, tag: alert.id, requireInteraction: true, renotify: true };
        new Notification(title, options);
      }
    },
    close() {
      void ctx?.close();
      ctx = null;
    }
  };
}
