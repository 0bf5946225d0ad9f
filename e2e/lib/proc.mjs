// Child processes with bounded waits; every process started here is stopped by stopAll().
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

const started = new Set();

/**
 * Starts a long-running process in its own process group; output goes to logFile.
 * @returns {{child, lines: string[], waitFor: (test: (line: string) => any, ms: number, what: string) => Promise<any>, stop: () => Promise<void>}}
 */
export function startProcess(command, args, { cwd, env, logFile, name }) {
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const log = logFile ? createWriteStream(logFile) : undefined;
	const lines = [];
	const waiters = new Set();
	let exited = false;
	const onLine = (line) => {
		lines.push(line);
		for (const waiter of waiters) waiter.check(line);
	};
	for (const stream of [child.stdout, child.stderr]) {
		let rest = '';
		stream.on('data', (chunk) => {
			log?.write(chunk);
			rest += chunk.toString('utf8');
			const parts = rest.split('\n');
			rest = parts.pop();
			for (const part of parts) onLine(part);
		});
		stream.on('end', () => rest && onLine(rest));
	}
	const handle = {
		name,
		child,
		lines,
		get exited() {
			return exited;
		},
		waitFor(test, ms, what) {
			for (const line of lines) {
				const hit = test(line);
				if (hit) return Promise.resolve(hit);
			}
			return new Promise((resolve, reject) => {
				const waiter = {
					check(line) {
						const hit = test(line);
						if (hit) done(() => resolve(hit));
					},
					exit(code) {
						done(() => reject(new Error(`${name} exited (${code}) before ${what}; see ${logFile ?? 'its output'}`)));
					},
				};
				const timer = setTimeout(
					() => done(() => reject(new Error(`${name}: no ${what} within ${Math.round(ms / 1000)} s; see ${logFile ?? 'its output'}`))),
					ms,
				);
				function done(settle) {
					clearTimeout(timer);
					waiters.delete(waiter);
					settle();
				}
				waiters.add(waiter);
			});
		},
		async stop(graceMs = 10_000) {
			if (exited) return;
			const gone = new Promise((resolve) => child.once('exit', resolve));
			signal('SIGTERM');
			const timer = setTimeout(() => signal('SIGKILL'), graceMs);
			await gone;
			clearTimeout(timer);
		},
	};
	function signal(sig) {
		try {
			process.kill(-child.pid, sig);
		} catch {
			/* already gone */
		}
	}
	child.on('exit', (code) => {
		exited = true;
		started.delete(handle);
		log?.end();
		for (const waiter of [...waiters]) waiter.exit(code);
	});
	child.on('error', (error) => {
		exited = true;
		started.delete(handle);
		for (const waiter of [...waiters]) waiter.exit(error.message);
	});
	started.add(handle);
	return handle;
}

/** Runs a command to its end (bounded); resolves {code, stdout, stderr}. */
export function run(command, args, { cwd, env, timeoutMs = 120_000, input, logFile } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
		const out = [];
		const err = [];
		const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
		child.stdout.on('data', (c) => {
			out.push(c);
			log?.write(c);
		});
		child.stderr.on('data', (c) => {
			err.push(c);
			log?.write(c);
		});
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			reject(new Error(`${command} ${args.join(' ')}: timed out after ${Math.round(timeoutMs / 1000)} s`));
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			log?.end();
			resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		});
		child.stdin.end(input ?? '');
	});
}

export async function stopAll() {
	await Promise.all([...started].map((handle) => handle.stop().catch(() => {})));
}

/** Kills what is left synchronously (for process 'exit'). */
export function killAllNow() {
	for (const handle of started) {
		try {
			process.kill(-handle.child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	}
}
