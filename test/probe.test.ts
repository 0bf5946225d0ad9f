/**
 * `npm run probe` against the emulator, with each behaviour the emulator can switch set both ways:
 * the probe must report what the emulator does, and never print the token.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { PROBE_DESCRIPTION, runProbe, type CaseDefaults, type ProbeReport } from '../probe/probes';
import type { WolkvoxEmulator } from './emulator/server';
import { useEmulator } from './support/fixtures';

const emulator = useEmulator();

const DEFAULTS: CaseDefaults = {
	caseType: 'Request',
	responsible: 'ADMIN_@testmodule',
	owner: 'ADMIN_@testmodule',
	contact: 'cliente@example.com',
	status: 'Abierto',
	priority: 'baja',
};

afterEach(() => {
	Object.assign(emulator, { zeroResults: 'empty', attachmentsMode: 'append', codeAsString: false, errorNull: 'string' });
});

async function probe(settings: Partial<WolkvoxEmulator>, allowWrites = true): Promise<Record<string, string>> {
	Object.assign(emulator, settings);
	const report = await runProbe(
		{ apiBaseUrl: `${emulator.url}/server/API/v2/`, operation: emulator.operation, token: emulator.token },
		{ allowWrites, defaults: DEFAULTS },
	);
	expect(JSON.stringify(report)).not.toContain(emulator.token);
	return verdicts(report);
}

const verdicts = (report: ProbeReport): Record<string, string> => Object.fromEntries(report.rows.map((row) => [row.question, row.verdict]));

const SEARCH = 'Search with no match (queryCases.php)';
const NOTES = 'Get Notes History with no match (listHistoryNote.php, needs an External token)';
const ATTACH = 'Update Attachments: add or replace';

test.each(['empty', 'missing', 'notFound'] as const)('reports zero results answered as %s', async (zeroResults) => {
	const seen = await probe({ zeroResults }, false);
	expect([seen[SEARCH], seen[NOTES]]).toEqual([zeroResults, zeroResults]);
});

test.each([
	[{ codeAsString: true, errorNull: 'string' }, 'code:string error:"null"'],
	[{ codeAsString: false, errorNull: 'null' }, 'code:number error:null'],
] as const)('reports the envelope style %j', async (style, expected) => {
	expect((await probe(style, false))['Envelope style']).toBe(expected);
});

test.each(['append', 'replace'] as const)('reports Update Attachments as %s, and what insert.php keeps', async (attachmentsMode) => {
	const seen = await probe({ attachmentsMode });
	expect(seen).toEqual({
		[SEARCH]: 'empty',
		'Envelope style': 'code:number error:"null"',
		[NOTES]: 'empty',
		'Search by a field off the vendor\'s list ("contact")': 'refused',
		'insert.php with two files as file[]': 'kept:2',
		'insert.php with two parts named file': 'kept:1',
		[ATTACH]: attachmentsMode,
		'insert.php with a contact that does not exist': 'refused',
		'insert.php with a status that does not exist': 'refused',
		'insert.php with a priority that does not exist': 'refused',
	});
	expect(emulator.cases.map((stored) => stored.fields.description)).toEqual(Array(3).fill(PROBE_DESCRIPTION));
});

test('reports an unknown status that the server accepts, and names the test case to delete', async () => {
	// A server that takes any status: the case type's statuses answer yes to every name.
	const type = emulator.directory.caseTypes.Request;
	const statuses = type.statuses;
	type.statuses = new Proxy(statuses, {
		getOwnPropertyDescriptor: (target, name) =>
			Reflect.getOwnPropertyDescriptor(target, name) ?? { value: 'Open', configurable: true, enumerable: true, writable: true },
		get: (target, name) => Reflect.get(target, name) ?? 'Open',
	});
	try {
		const report = await runProbe(
			{ apiBaseUrl: `${emulator.url}/server/API/v2/`, operation: emulator.operation, token: emulator.token },
			{ allowWrites: true, defaults: DEFAULTS },
		);
		const row = report.rows.find((r) => r.question === 'insert.php with a status that does not exist')!;
		expect(row.verdict).toBe('accepted');
		const accepted = emulator.cases.find((stored) => stored.fields.status.startsWith('n8n-probe-status-'))!;
		expect(row.observed).toContain(`ACCEPTED: test case ${accepted.wolkvoxId} was created`);
		expect(report.createdCases).toContain(accepted.wolkvoxId);
		expect(accepted.fields.description).toBe(PROBE_DESCRIPTION);
	} finally {
		type.statuses = statuses;
	}
});

test('without --allow-writes it writes nothing', async () => {
	const seen = await probe({}, false);
	expect(emulator.cases).toHaveLength(0);
	expect(emulator.requests.map((request) => request.path.split('/').pop())).toEqual(['queryCases.php', 'listHistoryNote.php', 'queryCases.php']);
	expect(seen[ATTACH]).toBe('skipped');
});

test('npm run probe: prints the table, never the token (given by env or by flag)', async () => {
	const run = promisify(execFile);
	const tsx = resolve(__dirname, '../node_modules/.bin/tsx');
	const script = resolve(__dirname, '../probe/probe.ts');
	const args = ['--server', emulator.url, '--operation', emulator.operation, '--allow-writes', '--contact', 'cliente@example.com', '--priority', 'baja'];
	const byEnv = await run(tsx, [script, ...args], { env: { ...process.env, WOLKVOX_TOKEN: emulator.token } });
	expect(byEnv.stdout).toMatch(/^\| question \| guess \| observed \|$/m);
	expect(byEnv.stdout).toMatch(/\| Update Attachments: add or replace \| .* \| case [0-9a-f]{24}: 1 file\(s\) before, 2 after one attachment was sent → added \|/);
	expect(byEnv.stdout).toMatch(/Test cases created .* safe to delete: [0-9a-f]{24}, [0-9a-f]{24}, [0-9a-f]{24}\n/);
	const byFlag = await run(tsx, [script, ...args, '--token', emulator.token, '--json'], { env: { ...process.env, WOLKVOX_TOKEN: '' } });
	expect((JSON.parse(byFlag.stdout) as ProbeReport).rows).toHaveLength(10);
	for (const output of [byEnv.stdout, byEnv.stderr, byFlag.stdout, byFlag.stderr]) expect(output).not.toContain(emulator.token);
});
