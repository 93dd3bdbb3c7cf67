// Test helper: a throwaway Dovecot IMAP server on a free loopback port, own config, passwd-file auth, maildir in a temp folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export const DOVECOT_BIN = '/usr/sbin/dovecot';

export interface DovecotServer {
  /** 127.0.0.1; with TLS 127.0.0.2, since Dovecot counts a client on its own address as secure and would allow plain logins. */
  host: string;
  /** The IMAP port: plain text, or STARTTLS only when started with `tls`. */
  port: number;
  /** The implicit-TLS port; 0 (no listener) unless started with `tls`. */
  tlsPort: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** True when Dovecot is installed. Absent: prints why the tests skip, or throws under CI, where it must be there. */
export function hasDovecot(): boolean {
  if (existsSync(DOVECOT_BIN)) return true;
  const reason = `${DOVECOT_BIN} is missing (apt-get install -y dovecot-imapd)`;
  if (process.env.CI) throw new Error(`Dovecot IMAP tests cannot run under CI: ${reason}`);
  console.warn(`Skipping Dovecot IMAP tests: ${reason}`);
  return false;
}

// Dovecot refuses uid 0 for mail processes and root for login processes, so as root both run as `nobody`.
function processUsers() {
  const me = userInfo();
  if (me.uid !== 0) return { internal: me.username, group: groupName(me.gid) ?? me.username, login: me.username, uid: me.uid, gid: me.gid };
  return { internal: 'root', group: 'root', login: 'nobody', uid: 65534, gid: 65534 };
}

function groupName(gid: number): string | undefined {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0];
}

// Without IDLE in the advertised capabilities the connector must fall back to polling.
const NO_IDLE_CAPABILITIES =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE ESEARCH SEARCHRES LITERAL+ MOVE';

export interface DovecotOptions {
  user?: string;
  password?: string;
  idle?: boolean;
  /** Certificate and key files: TLS on both ports, and no login before it. */
  tls?: { certFile: string; keyFile: string };
}

interface Listen {
  host: string;
  port: number;
  tlsPort: number;
  tls?: DovecotOptions['tls'];
}

// With TLS a login before STARTTLS must fail, so a successful plain-port session proves the upgrade happened.
function sslSettings(tls: Listen['tls']): string {
  if (!tls) return 'ssl = no\ndisable_plaintext_auth = no';
  return `ssl = required\nssl_cert = <${tls.certFile}\nssl_key = <${tls.keyFile}\ndisable_plaintext_auth = yes`;
}

function config(dir: string, listen: Listen, users: ReturnType<typeof processUsers>, idle: boolean): string {
  const { host, port, tlsPort } = listen;
  return `${idle ? '' : `imap_capability = ${NO_IDLE_CAPABILITIES}\n`}
protocols = imap
listen = ${host}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = ulak-test-${port}
${sslSettings(listen.tls)}
auth_mechanisms = plain login
# Tests check wrong passwords; the default 2 s penalty only slows them.
auth_failure_delay = 0
default_internal_user = ${users.internal}
default_internal_group = ${users.group}
default_login_user = ${users.login}
first_valid_uid = ${users.uid}
mail_location = maildir:${dir}/mail/%n
mail_max_userip_connections = 200
# Appends from another connection must wake IDLE quickly even where inotify is unavailable.
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${users.uid} gid=${users.gid} home=${dir}/mail/%n
}
# Chroot needs root; without it the test server runs the same as the current user.
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    address = ${host}
    port = ${port}
  }
  inet_listener imaps {
    address = ${host}
    port = ${tlsPort}
  }
}
`;
}

async function waitForGreeting(host: string, port: number, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      // The master accepts before a login process can answer; a silent socket is not ready yet.
      socket.setTimeout(1000, () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (greeted) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('dovecot did not greet in time');
}

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const user = options.user ?? 'support@shop.example';
  const password = options.password ?? crypto.randomUUID();
  const dir = await mkdtemp(join(tmpdir(), 'ulak-dovecot-'));
  const users = processUsers();
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'mail'));
  await chown(join(dir, 'mail'), users.uid, users.gid);
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  const host = options.tls ? '127.0.0.2' : '127.0.0.1';
  // A port found free can be taken by another test's process before Dovecot binds it; Dovecot then exits, and is
  // started again on new ports.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const tlsPort = options.tls ? await freePort() : 0;
    await writeFile(join(dir, 'dovecot.conf'), config(dir, { host, port, tlsPort, tls: options.tls }, users, options.idle ?? true));
    const child = spawn(DOVECOT_BIN, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      await waitForGreeting(host, port, child, Date.now() + 30_000);
    } catch (error) {
      const exitedAlone = child.exitCode !== null;
      child.kill('SIGKILL');
      process.removeListener('exit', killOnExit);
      if (exitedAlone && attempt < 3) continue;
      const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
      throw new Error(`${(error as Error).message}\n${log.slice(-2000)}`);
    }
    return running({ host, port, tlsPort, user, password }, child, killOnExit, dir);
  }
}

function running(address: Pick<DovecotServer, 'host' | 'port' | 'tlsPort' | 'user' | 'password'>, child: ChildProcess, killOnExit: () => void, dir: string): DovecotServer {
  const { host, port, tlsPort, user, password } = address;
  return {
    host,
    port,
    tlsPort,
    user,
    password,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
