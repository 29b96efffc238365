import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from './password';
import type { UserRole } from './roles';
import { parseUsers } from './users';

/**
 * Zero-setup `npm start`: when PANTAU_USERS is unset, the start script calls ensureDemoUsers and
 * passes the result to the web process (PANTAU_USERS, PANTAU_SESSION_SECRET, PANTAU_KIOSK_TOKENS).
 * The first run makes one user per role with random passwords; later runs reuse them, so people
 * stay logged in across restarts. Files are owner-only: they hold the demo passwords in clear, and
 * only their path is printed.
 */
export const DEMO_USERS: ReadonlyArray<{ user: string; role: UserRole }> = [
  { user: 'admin', role: 'admin' },
  { user: 'sari', role: 'responder' },
  { user: 'budi', role: 'operator' },
  { user: 'eko', role: 'engineer' }
];

export interface DemoUsers {
  usersFile: string;
  sessionSecret: string;
  kioskToken: string;
  /** `<dataDir>/auth/demo-logins.txt` (0600): user names, passwords and the kiosk link suffix. */
  loginsFile: string;
  /** Lines for the console: who can log in and where the passwords are, never a secret (logs get copied around). */
  printable: string;
}

interface DemoSecrets {
  sessionSecret: string;
  kioskToken: string;
  passwords: Record<string, string>;
}

const randomToken = (bytes: number) => randomBytes(bytes).toString('base64url');

function readSecrets(file: string, usersFile: string): DemoSecrets | null {
  if (!existsSync(file) || !existsSync(usersFile)) return null;
  try {
    const secrets = JSON.parse(readFileSync(file, 'utf8')) as DemoSecrets;
    parseUsers(readFileSync(usersFile, 'utf8'));
    const complete = secrets.sessionSecret?.length >= 32 && secrets.kioskToken?.length >= 16 && DEMO_USERS.every((u) => typeof secrets.passwords?.[u.user] === 'string');
    return complete ? secrets : null;
  } catch {
    return null; // damaged: make new ones
  }
}

export async function ensureDemoUsers(dataDir: string): Promise<DemoUsers> {
  const dir = path.join(dataDir, 'auth');
  const usersFile = path.join(dir, 'demo-users.json');
  const secretsFile = path.join(dir, 'demo-secrets.json');
  let secrets = readSecrets(secretsFile, usersFile);
  if (!secrets) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    secrets = { sessionSecret: randomToken(32), kioskToken: randomToken(18), passwords: {} };
    const records = [];
    for (const { user, role } of DEMO_USERS) {
      const password = randomToken(12);
      secrets.passwords[user] = password;
      records.push({ user, role, hash: await hashPassword(password) });
    }
    writeFileSync(usersFile, JSON.stringify(records, null, 2) + '\n', { mode: 0o600 });
    writeFileSync(secretsFile, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
  const lines = DEMO_USERS.map(({ user, role }) => `  ${user.padEnd(8)} ${role.padEnd(10)} ${secrets.passwords[user]}`);
  const loginsFile = path.join(dir, 'demo-logins.txt');
  const logins = [
    'Pantau demo users (set PANTAU_USERS to use your own):',
    '  user     role       password',
    ...lines,
    `  control-room wall (full screen, rotating, no controls): /wall/kiosk?kiosk=${secrets.kioskToken}`,
    `  the wall with the navigation, read-only: /?kiosk=${secrets.kioskToken}`,
    ''
  ];
  writeFileSync(loginsFile, logins.join('\n'), { mode: 0o600 });
  chmodSync(loginsFile, 0o600);
  const printable = [
    `Demo users ${DEMO_USERS.map((u) => `${u.user} (${u.role})`).join(', ')}: passwords and the kiosk link are in ${loginsFile} (owner-only)`,
    'Set PANTAU_USERS to use your own users.'
  ].join('\n');
  return { usersFile, sessionSecret: secrets.sessionSecret, kioskToken: secrets.kioskToken, loginsFile, printable };
}
