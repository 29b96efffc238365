/**
 * Prints a password hash for the PANTAU_USERS file: `npm run hash-password` (asks, without echo)
 * or `echo -n 'secret' | npm run hash-password` (reads stdin). Never takes the password as an
 * argument: arguments end up in shell history and `ps`.
 */
import { hashPassword } from '../src/lib/server/auth/password';

const MIN_PASSWORD_CHARS = 10;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write('Password: ');
  process.stdin.setRawMode(true);
  // Raw mode shows nothing; the line ends at Enter.
  let password = '';
  for await (const chunk of process.stdin) {
    const text = (chunk as Buffer).toString('utf8');
    if (text === '\u0003') process.exit(130);
    const end = text.search(/[\r\n]/);
    password += end >= 0 ? text.slice(0, end) : text;
    if (end >= 0) break;
  }
  process.stdin.setRawMode(false);
  process.stderr.write('\n');
  return password;
}

async function main(): Promise<void> {
  const password = await readPassword();
  if (password.length < MIN_PASSWORD_CHARS) {
    console.error(`password must have at least ${MIN_PASSWORD_CHARS} characters`);
    process.exit(1);
  }
  console.log(await hashPassword(password));
}

main().catch((err) => {
  console.error(`hash-password failed: ${(err as Error).message}`);
  process.exit(1);
});
