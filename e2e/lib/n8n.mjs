// Running the real n8n: one user folder, one environment, the CLI and `n8n start`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, startProcess } from './proc.mjs';
import { N8N_VERSIONS } from './setup.mjs';

export const ENCRYPTION_KEY = 'wolkvox-e2e-fixed-encryption-key-0001';
const OUTSIDE_GUARD = join(dirname(fileURLToPath(import.meta.url)), 'outside-guard.cjs');

let version = Object.keys(N8N_VERSIONS)[0];
/** The n8n version this process runs (the runner sets it once); n8nEnv's settings follow it. */
export function useN8nVersion(v) {
	if (!N8N_VERSIONS[v]) throw new Error(`unknown n8n version ${v}`);
	version = v;
}

/** Where n8n processes started with n8nEnv({userFolder}) record attempts to reach a non-loopback host. */
export const outsideLog = (userFolder) => join(dirname(userFolder), 'outside-connections.jsonl');

/** The attempts recorded so far (see outside-guard.cjs): [{pid, kind, host, port, argv, where}]. */
export function outsideAttempts(userFolder) {
	const file = outsideLog(userFolder);
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** The environment for every n8n process of one run: loopback only, nothing phoned home. */
export function n8nEnv({ userFolder, restrictTo, port, brokerPort }) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (key.startsWith('N8N_') || key.startsWith('DB_')) delete env[key];
	delete env.WEBHOOK_URL;
	const { env: versionEnv = {} } = N8N_VERSIONS[version];
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_RESTRICT_FILE_ACCESS_TO: restrictTo,
		N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES: 'true',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		[versionEnv.webhookUrl ?? 'WEBHOOK_URL']: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_PUBLIC_API_DISABLED: 'true',
		N8N_METRICS: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		NODE_ENV: 'production',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NODE_OPTIONS: `--max-old-space-size=2048 --require "${OUTSIDE_GUARD}"`,
		WOLKVOX_E2E_OUTSIDE_LOG: outsideLog(userFolder),
		...versionEnv.extra,
	};
}

export function n8nBin(installDir) {
	return join(installDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** One CLI command (bounded); resolves {code, stdout, stderr}. */
export function cli(installDir, env, args, { timeoutMs = 180_000, logFile } = {}) {
	return run(process.execPath, [n8nBin(installDir), ...args], { env, timeoutMs, logFile });
}

/** `--rawOutput` prints log lines first: the JSON starts at the first line that is exactly `{`. */
export function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line.trim() === '{');
	if (start === -1) throw new Error(`no JSON in n8n's output:\n${stdout.slice(-2000)}`);
	// The JSON ends at the last line that is exactly `}`.
	let end = lines.length - 1;
	while (end > start && lines[end].trim() !== '}') end--;
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

/** `n8n start` in the background; resolves once the REST API answers (readiness comes earlier). */
export async function startN8n(installDir, env, { logFile, timeoutMs = 180_000 }) {
	const proc = startProcess(process.execPath, [n8nBin(installDir), 'start'], { env, logFile, name: 'n8n start' });
	const base = `http://127.0.0.1:${env.N8N_PORT}`;
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (proc.exited) throw new Error(`n8n start exited early; see ${logFile}:\n${proc.lines.slice(-20).join('\n')}`);
		try {
			const res = await fetch(`${base}/rest/settings`, { signal: AbortSignal.timeout(2000) });
			if (res.ok && (await res.json()).data) return { proc, base };
		} catch {
			/* not yet */
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await proc.stop();
	throw new Error(`n8n start: not ready within ${timeoutMs / 1000} s; see ${logFile}`);
}
