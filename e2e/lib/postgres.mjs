// A throw-away PostgreSQL server (Debian's) on loopback for n8n's queue mode: its own cluster in
// one folder, password login over TCP only, run in the foreground (no systemd, no pg_ctlcluster).
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { run, startProcess } from './proc.mjs';

/** The newest /usr/lib/postgresql/<major>/bin holding initdb, or undefined. */
export function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((major) => existsSync(join(root, major, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? join(root, majors[0], 'bin') : undefined;
}

/**
 * initdb + postgres as the `postgres` system user when we are root (the server refuses to run as
 * root), as ourselves otherwise.
 * @returns {Promise<{host, port, user, password, database, env, psql: (sql: string) => Promise<string>, stop, proc}>}
 */
export async function startPostgres({ dir, port, user = 'n8n', password = 'e2e-pg-secret-3', database = 'n8n' }) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL server not found under /usr/lib/postgresql (Debian package postgresql)');
	const asRoot = process.getuid() === 0;
	const as = (command, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
	const data = join(dir, 'data');
	const sockets = join(dir, 'run');
	mkdirSync(data, { recursive: true, mode: 0o700 });
	mkdirSync(sockets, { recursive: true });
	const pwFile = join(dir, 'pwfile');
	writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		for (const path of [dir, data, sockets, pwFile]) chownSync(path, uid, gid);
	}
	const init = await run(
		...as(join(bin, 'initdb'), ['-D', data, '-U', user, `--pwfile=${pwFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']),
		{ timeoutMs: 120_000, logFile: join(dir, 'initdb.log') },
	);
	if (init.code !== 0) throw new Error(`initdb failed (${init.code}):\n${init.stderr.slice(-2000)}`);
	const server = as(join(bin, 'postgres'), [
		'-D', data,
		'-p', String(port),
		'-c', 'listen_addresses=127.0.0.1',
		'-c', `unix_socket_directories=${sockets}`,
		'-c', 'fsync=off', // a test database: nothing to keep after a crash
		'-c', 'max_connections=100',
	]);
	const proc = startProcess(...server, { name: 'postgres', logFile: join(dir, 'postgres.log') });
	const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: user, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' };
	const until = Date.now() + 60_000;
	for (;;) {
		if (proc.exited) throw new Error(`postgres exited: ${proc.lines.slice(-10).join(' | ')}`);
		const ready = await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { env, timeoutMs: 10_000 });
		if (ready.code === 0) break;
		if (Date.now() > until) throw new Error(`postgres: not ready on 127.0.0.1:${port} within 60 s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	const created = await run(join(bin, 'createdb'), [database], { env, timeoutMs: 30_000 });
	if (created.code !== 0) throw new Error(`createdb ${database} failed:\n${created.stderr}`);
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		database,
		/** One statement through psql; its rows as unaligned text, fields separated by "|". */
		async psql(sql) {
			const res = await run('psql', ['-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql], { env, timeoutMs: 30_000 });
			if (res.code !== 0) throw new Error(`psql failed: ${res.stderr}`);
			return res.stdout;
		},
		stop: () => proc.stop(20_000),
		proc,
	};
}
