import { randomBytes } from 'node:crypto';

import { logLines } from './support/engine';
import { binary, createParameters, credentialsFor, runCaseNode, updateParameters, useEmulator, type CaseNodeRun } from './support/fixtures';
import type { FaultSpec } from './emulator/faults';

// Random, so the scan cannot pass by luck, and long enough that a hit is never a coincidence.
const TOKEN = randomBytes(16).toString('hex');
const emulator = useEmulator({ token: TOKEN });

/** Everything a run leaves behind that a user, a log or a saved execution could show. */
function everythingShown(run: CaseNodeRun): string {
	const errors = [run.error, ...run.items.map((i) => i.error), ...run.errors.map((i) => i.error)].filter(Boolean);
	return [
		JSON.stringify(run.run),
		...errors.map((e) => `${e?.message}\n${e?.description}\n${e?.stack}\n${JSON.stringify(e)}`),
	].join('\n');
}

const faults: Array<FaultSpec['kind'] | undefined> = [undefined, 'quota', 'simultaneous', 'backupHtml', 'status5xx', 'malformedJson', 'resetMidUpload', 'redirect', 'errorCodeUnder200'];

test.each(faults)('the token appears in no output, error or log (fault: %s)', async (kind) => {
	const shown: string[] = [];
	for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
		if (kind) emulator.injectFault({ kind });
		const created = await runCaseNode({
			emulator,
			parameters: createParameters,
			items: [{ json: {}, binary: { data: binary('%PDF', 'a.pdf', 'application/pdf') } }],
			onError,
		});
		shown.push(everythingShown(created));
		if (kind) emulator.injectFault({ kind });
		const updated = await runCaseNode({
			emulator,
			parameters: { ...updateParameters, wolkvoxId: 'abc' },
			items: [{ json: {}, binary: { data: binary('x', 'b.pdf', 'application/pdf') } }],
			onError,
		});
		shown.push(everythingShown(updated));
	}
	// The token really was used: requests carried it.
	expect(emulator.requests.every((r) => r.tokenPresent)).toBe(true);
	const all = [...shown, ...logLines].join('\n');
	expect(all.length).toBeGreaterThan(1000);
	expect(all).not.toContain(TOKEN);
});

test('a wrong token is not echoed back either', async () => {
	const wrong = `wrong-${randomBytes(12).toString('hex')}`;
	const run = await runCaseNode({ emulator, parameters: createParameters, items: [{ json: {} }], credentials: credentialsFor(emulator, { token: wrong }) });
	expect(run.error?.message).toMatch(/did not accept the token/);
	expect([everythingShown(run), ...logLines].join('\n')).not.toContain(wrong);
});
