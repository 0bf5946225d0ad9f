#!/usr/bin/env node
// The burst scenario (e2e/scenarios/burst.mjs) on its own, without the mailbox and editor parts:
// `node e2e/burst.mjs`. Reuses the suite's cached n8n install; ends with "N passed, N failed".
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { n8nEnv, useN8nVersion } from './lib/n8n.mjs';
import { killAllNow, stopAll } from './lib/proc.mjs';
import { cacheRoot, ensureAptPackages, ensureN8n, installCommunityPackage, packPackage } from './lib/setup.mjs';
import { createReport } from './lib/report.mjs';
import { freePort } from './lib/util.mjs';
import { BURST_VERSIONS, run } from './scenarios/burst.mjs';

// The first version the suite bursts in; it runs on this Node (2.41.1 needs Node 24: use run.mjs).
const N8N_VERSION = BURST_VERSIONS[0];
useN8nVersion(N8N_VERSION);

const E2E = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(E2E);
const report = createReport();
const { log, check, phase, fail, finish } = report;

const runDir = mkdtempSync(join(tmpdir(), 'wolkvox-burst-'));
chmodSync(runDir, 0o755);
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

try {
	log(`wolkvox burst scenario in n8n ${N8N_VERSION} (run folder ${runDir})`);
	await phase('prerequisites (Debian packages)', async () => log(`   ${await ensureAptPackages(log)}`));
	const n8n = await phase(`n8n ${N8N_VERSION} install`, async () => (await ensureN8n(cacheRoot(E2E), N8N_VERSION, log)).dir);
	const userFolder = join(runDir, 'n8n-user');
	await phase('pack and install the package', async () => {
		const packed = await packPackage(REPO, join(runDir, 'pack'), log);
		await installCommunityPackage(packed.tarball, userFolder, JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).name);
	});
	const env = n8nEnv({ userFolder, restrictTo: join(runDir, 'files'), port: await freePort(), brokerPort: await freePort() });
	await run({ n8n, env, runDir, repo: REPO, check, phase, log, n8nVersion: N8N_VERSION });
} catch (error) {
	fail(error);
} finally {
	await stopAll();
}
process.exit(
	finish(() => {
		if (report.failed > 0 || process.env.WOLKVOX_E2E_KEEP === '1') log(`\nlogs and data kept in ${runDir}`);
		else rmSync(runDir, { recursive: true, force: true });
	}),
);
