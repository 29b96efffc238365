import { isMergedAway, SEVERITY_RANK, type AlertEvent } from '../core/alert';
import type { Episode } from './types';

/**
 * Alert events grouped into episodes, one per alert id: the alert as last seen, the worst level it
 * reached and its timeline. An alert counts for a window when it was raised inside it.
 *
 * An alert merged into another (`mergedInto`: raised again for one condition across an ingest restart) is no episode:
 * its condition goes on in the kept alert, which the ingest already gave its acknowledgement and comments
 * (ingest/detect/alert-fold.ts carryPeople), so counting it would report a second emergency "resolved" in minutes.
 */
export function buildEpisodes(events: readonly AlertEvent[], endMs: number): Episode[] {
  const byId = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const list = byId.get(e.alert.id);
    if (list) list.push(e);
    else byId.set(e.alert.id, [e]);
  }
  const out: Episode[] = [];
  for (const list of byId.values()) {
    list.sort((a, b) => a.at - b.at);
    const last = list[list.length - 1].alert;
    if (isMergedAway(last)) continue;
    let maxLevel = -Infinity;
    let maxSeverity = last.severity;
    for (const e of list) {
      maxLevel = Math.max(maxLevel, e.alert.level);
      if (SEVERITY_RANK[e.alert.severity] > SEVERITY_RANK[maxSeverity]) maxSeverity = e.alert.severity;
    }
    const until = last.resolvedAt ?? endMs;
    out.push({
      alert: last,
      maxLevel,
      maxSeverity,
      durationMin: Math.max(0, (until - last.raisedAt) / 60_000),
      timeline: list.map((e) => ({ type: e.type, at: e.at, by: e.by, level: e.alert.level }))
    });
  }
  return out;
}

export function raisedIn(episodes: readonly Episode[], start: number, end: number): Episode[] {
  return episodes.filter((e) => e.alert.raisedAt >= start && e.alert.raisedAt < end);
}

/** The stretches of an episode during which its level was at least `minLevel`, cut at `endMs`. */
export function levelIntervals(episode: Episode, minLevel: number, endMs: number): [number, number][] {
  const out: [number, number][] = [];
  let from: number | null = null;
  for (const step of episode.timeline) {
    const at = step.type === 'resolved' ? null : step.level >= minLevel;
    if (at && from === null) from = step.at;
    if (!at && from !== null) {
      out.push([from, step.at]);
      from = null;
    }
  }
  if (from !== null) out.push([from, Math.min(endMs, episode.alert.resolvedAt ?? endMs)]);
  return out;
}

/** Worst first: severity, then level, then the longer one. */
export function compareEpisodes(a: Episode, b: Episode): number {
  return SEVERITY_RANK[b.maxSeverity] - SEVERITY_RANK[a.maxSeverity] || b.maxLevel - a.maxLevel || b.durationMin - a.durationMin || a.alert.raisedAt - b.alert.raisedAt;
}
