/**
 * Who may do what: the one table of roles and their permissions. Everything that checks access
 * (hooks, pages, the Socket.IO hub) asks `may(role, permission)`; nothing else lists roles.
 */
export const ROLES = ['anonymous', 'kiosk', 'link', 'operator', 'responder', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** Roles a person can be given in the users file (anonymous and kiosk are not people). */
export const USER_ROLES = ['operator', 'responder', 'engineer', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export type Permission =
  | 'view' // snapshot, live readings, alerts, pages
  | 'comment'
  | 'acknowledge'
  | 'assign'
  | 'resolve'
  | 'step' // tick a response-procedure step on an alert
  | 'engineering' // simulators, sensor catalog pages and the sensor registry (read and edit)
  | 'audit' // the audit log
  | 'people'; // the people directory: who receives alerts, their channels, teams and rotas (admins only)

const ALL: readonly Permission[] = ['view', 'comment', 'acknowledge', 'assign', 'resolve', 'step', 'engineering', 'audit', 'people'];

/** `anonymous` only counts when PANTAU_ANONYMOUS_READ allows viewing; otherwise such requests never get a role. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  anonymous: ['view'],
  kiosk: ['view'],
  // Someone in the people directory without a login, acknowledging by a message's signed link (server/ack).
  link: ['acknowledge'],
  operator: ['view', 'comment'],
  responder: ['view', 'comment', 'acknowledge', 'assign', 'resolve', 'step'],
  engineer: ['view', 'comment', 'engineering'],
  admin: ALL
});

export function may(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}
