// English texts of the public page for residents (/publik): spread into messages-en.ts; the same keys as messages-public-id.ts.
import type { PublicMessageKey } from './messages-public-id';

export const publicMessagesEn: Record<PublicMessageKey, string> = {
  "public.title": "Samarinda City Info",
  "public.intro": "Floods, air quality and official warnings per district.",
  "public.pick": "Choose a district",
  "public.show": "Show",
  "public.flood": "Flood",
  "public.air": "Air quality",
  "public.warnings": "Active warnings",
  "public.noWarnings": "No active warnings in this district.",
  "public.noGauge": "No flood gauge data near this district yet.",
  "public.noAir": "No air quality data near this district yet.",
  "public.nearby": "nearest, {km} km from the district",
  "public.updated": "Updated {time} WITA",
  "public.measured": "Measured {time} WITA",
  "public.stale": "old data",
  "public.since": "Since {time} WITA",
  "public.severity.critical": "Danger",
  "public.severity.warning": "Alert",
  "public.severity.info": "Info",
  "public.advice": "Advice",
  "public.emergency": "Emergency? Call 112.",
  "public.official": "Follow official instructions from BPBD and the Samarinda health office.",
  "public.openData": "Open data (CC BY 4.0 licence)",
  "public.unavailable": "Live data is not available right now.",
  "public.districtCount": "{count} districts"
};
