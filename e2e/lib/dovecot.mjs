// A throw-away Dovecot IMAP server on loopback: its own config, passwd-file user and Maildir
// under one folder, run in the foreground (no systemd), plaintext login allowed (loopback only).
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './proc.mjs';

function ids(name) {
	return {
		uid: Number(execFileSync('id', ['-u', name]).toString().trim()),
		gid: Number(execFileSync('id', ['-g', name]).toString().trim()),
	};
}

/**
 * @returns {Promise<{host, port, user, password, maildir, deliver: (raw: Buffer) => string, stop}>}
 */
export async function startDovecot({ dir, port, user = 'tester', password = 'e2e-secret-7' }) {
	const root = process.getuid() === 0;
	// Dovecot never gives mail access as uid 0: as root the mailbox belongs to the dovecot user.
	const owner = root ? ids('dovecot') : { uid: process.getuid(), gid: process.getgid() };
	const me = root ? undefined : execFileSync('id', ['-un']).toString().trim();
	for (const sub of ['run', 'state', `home/${user}/Maildir/new`, `home/${user}/Maildir/cur`, `home/${user}/Maildir/tmp`]) {
		mkdirSync(join(dir, sub), { recursive: true });
	}
	chmodSync(dir, 0o755); // login processes (dovenull) must reach base_dir
	const maildir = join(dir, 'home', user, 'Maildir');
	if (root) {
		for (const path of [join(dir, 'home'), join(dir, 'home', user), maildir, ...['new', 'cur', 'tmp'].map((s) => join(maildir, s))]) {
			chownSync(path, owner.uid, owner.gid);
		}
	}
	writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
	const conf = [
		`base_dir = ${join(dir, 'run')}`,
		`state_dir = ${join(dir, 'state')}`,
		`instance_name = wolkvox-e2e-${port}`,
		'protocols = imap',
		// the imap process's title names the command it serves ("dovecot-wolkvox-e2e-<port>/imap [tester 127.0.0.1 IDLE]")
		'verbose_proctitle = yes',
		'listen = 127.0.0.1',
		`log_path = ${join(dir, 'dovecot.log')}`,
		'ssl = no',
		'disable_plaintext_auth = no',
		'auth_mechanisms = plain login',
		'first_valid_uid = 1',
		'first_valid_gid = 1',
		...(me ? [`default_login_user = ${me}`, `default_internal_user = ${me}`] : []),
		'passdb {',
		'  driver = passwd-file',
		`  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}`,
		'}',
		'userdb {',
		'  driver = static',
		`  args = uid=${owner.uid} gid=${owner.gid} home=${join(dir, 'home')}/%u`,
		'}',
		'mail_location = maildir:~/Maildir',
		'service imap-login {',
		'  inet_listener imap {',
		'    address = 127.0.0.1',
		`    port = ${port}`,
		'  }',
		'  inet_listener imaps {',
		'    port = 0',
		'  }',
		'}',
		'',
	].join('\n');
	const confFile = join(dir, 'dovecot.conf');
	writeFileSync(confFile, conf);
	// TZ as n8n's: the trigger searches SINCE <activation day>, compared with Dovecot's delivery dates
	const env = { ...process.env, TZ: 'UTC' };
	const proc = startProcess('dovecot', ['-F', '-c', confFile], { name: 'dovecot', env, logFile: join(dir, 'dovecot.out') });
	await waitForGreeting(port, 15_000, proc);
	let counter = 0;
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		maildir,
		/** Maildir delivery: write under tmp/, then rename into new/ (atomic, as an MDA does). */
		deliver(raw) {
			const name = `${Date.now()}.M${++counter}P${process.pid}.${hostname()}`;
			const tmp = join(maildir, 'tmp', name);
			writeFileSync(tmp, raw, { mode: 0o600 });
			if (root) chownSync(tmp, owner.uid, owner.gid);
			renameSync(tmp, join(maildir, 'new', name));
			return name;
		},
		/**
		 * Whether a client of the user waits in IMAP IDLE on a selected mailbox, i.e. a new message
		 * will be announced to it: read from the imap processes' titles (verbose_proctitle).
		 */
		idling() {
			return readdirSync('/proc')
				.filter((pid) => /^\d+$/.test(pid))
				.some((pid) => {
					try {
						const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
						return title.includes(`wolkvox-e2e-${port}/imap [${user} `) && /\bIDLE\]/.test(title); // dovecot-<instance_name>/imap
					} catch {
						return false; // gone meanwhile
					}
				});
		},
		/** How many times a client logged in as the user so far (Dovecot logs each login). */
		logins() {
			const file = join(dir, 'dovecot.log');
			if (!existsSync(file)) return 0;
			return readFileSync(file, 'utf8').split('\n').filter((line) => /imap-login: (Info: )?Login: /.test(line) && line.includes(`user=<${user}>`)).length;
		},
		stop: () => proc.stop(),
		proc,
	};
}

/** Waits until the IMAP greeting comes (bounded). */
async function waitForGreeting(port, ms, proc) {
	const until = Date.now() + ms;
	let last = '';
	while (Date.now() < until) {
		if (proc.exited) throw new Error(`dovecot exited: ${proc.lines.join(' | ')}`);
		const greeting = await new Promise((resolve) => {
			const socket = connect({ host: '127.0.0.1', port });
			const timer = setTimeout(() => {
				socket.destroy();
				resolve('');
			}, 2000);
			socket.once('data', (data) => {
				clearTimeout(timer);
				socket.destroy();
				resolve(data.toString());
			});
			socket.once('error', (error) => {
				clearTimeout(timer);
				last = error.message;
				resolve('');
			});
		});
		if (greeting.startsWith('* OK')) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`dovecot: no IMAP greeting on 127.0.0.1:${port} within ${ms / 1000} s (${last})`);
}
