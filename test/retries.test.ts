import { runWorkflow, WOLKVOX_NODE_TYPE } from './support/engine';
import { binary, bytesOf, createParameters, credentialsFor, NODE_NAME, runCaseNode, sha256, useEmulator } from './support/fixtures';

const emulator = useEmulator();
const pdf = bytesOf(200_000, 31);
const withFile = () => ({ json: {}, binary: { data: binary(pdf, 'contrato.pdf', 'application/pdf') } });

test('a "simultaneous requests" refusal is retried, with the file sent whole again', async () => {
	emulator.injectFault({ kind: 'simultaneous', path: 'cases/insert.php' });
	const result = await runCaseNode({ emulator, parameters: createParameters, items: [withFile()], binaryMode: 'filesystem' });
	expect(result.error).toBeUndefined();
	expect(emulator.requests.map((r) => r.status)).toEqual([403, 200]);
	expect(emulator.cases).toHaveLength(1);
	expect(emulator.cases[0].files.map((f) => f.sha256)).toEqual([sha256(pdf)]);
});

test.each([503, 429])('HTTP %i with Retry-After is retried after the time the server asked for', async (status) => {
	emulator.injectFault({ kind: 'status5xx', status });
	const started = Date.now();
	const result = await runCaseNode({ emulator, parameters: createParameters, items: [withFile()] });
	expect(result.error).toBeUndefined();
	expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // the emulator sends Retry-After: 1
	expect(emulator.cases).toHaveLength(1);
});

test('safe refusals are retried many times within the Retry Budget, with short pauses', async () => {
	emulator.injectFault({ kind: 'simultaneous', times: 6 });
	const started = Date.now();
	const result = await runCaseNode({ emulator, parameters: createParameters, items: [{ json: {} }] });
	expect(result.error).toBeUndefined();
	expect(emulator.requests.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 200]);
	// Six pauses of at most 0.2, 0.4, 0.8, 1.6, 3, 3 s: far below the old 30 s backoff ceiling.
	expect(Date.now() - started).toBeLessThan(15_000);
});

test('Retry-After beyond the Retry Budget: sent once, and the error says why it was not retried', async () => {
	emulator.injectFault({ kind: 'status5xx', status: 503, times: 5 });
	const result = await runCaseNode({ emulator, parameters: { ...createParameters, options: { retryBudget: 0.5 } }, items: [{ json: {} }] });
	expect(result.error?.description).toMatch(/wolkvox asked to wait 1 s more, beyond the Retry Budget of 0.5 s/);
	expect(emulator.requests).toHaveLength(1);
});

test('a refusal that would fail again (daily quota) is not retried', async () => {
	emulator.injectFault({ kind: 'quota' });
	await runCaseNode({ emulator, parameters: createParameters, items: [{ json: {} }] });
	expect(emulator.requests).toHaveLength(1);
});

describe('when the answer is lost after the request went out', () => {
	test('a Create is not retried, and its error says the case may exist', async () => {
		emulator.injectFault({ kind: 'resetAfterStore' });
		const result = await runCaseNode({ emulator, parameters: createParameters, items: [withFile()] });
		expect(result.error?.message).toMatch(/The connection to wolkvox failed while trying to create the case/);
		expect(result.error?.description).toMatch(/the case may already exist/);
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.cases).toHaveLength(1); // it did exist: a retry would have made two
	});

	test('an Update is not retried either: the files may already be attached', async () => {
		const created = await runCaseNode({ emulator, parameters: { ...createParameters, files: 'none' }, items: [{ json: {} }] });
		emulator.injectFault({ kind: 'resetMidUpload', path: 'cases/updateCaseAttachment.php' });
		const result = await runCaseNode({
			emulator,
			parameters: { resource: 'case', operation: 'updateAttachments', wolkvoxId: created.items[0].json.wolkvox_id as string, responsible: 'ADMIN_@testmodule', status: 'open' },
			items: [withFile()],
		});
		expect(result.error?.description).toMatch(/the files may already be attached/);
	});

	test('with "Retry When the Outcome Is Unknown", it is retried (at the risk the option names)', async () => {
		emulator.injectFault({ kind: 'resetMidUpload' });
		const result = await runCaseNode({ emulator, parameters: { ...createParameters, options: { retryUncertain: true } }, items: [withFile()] });
		expect(result.error).toBeUndefined();
		expect(emulator.cases).toHaveLength(1);
		expect(emulator.cases[0].files.map((f) => f.sha256)).toEqual([sha256(pdf)]);
	});
});

test("n8n's Retry On Fail reruns the node without opening the finished items' cases again", async () => {
	// Items 0 and 1 succeed; item 2 meets a refusal the node does not retry itself, so the node
	// fails and n8n runs it again as a whole.
	const items = ['cliente@example.com', 'ops@example.com', 'maría.núñez@example.com'].map((contact) => ({ json: { contact } }));
	let requestsSeen = 0;
	emulator.onRequest = () => {
		if (++requestsSeen === 2) emulator.injectFault({ kind: 'quota', times: 1 });
	};
	const run = await runWorkflow({
		workflow: {
			nodes: [
				{
					id: 'w',
					name: NODE_NAME,
					type: WOLKVOX_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { ...createParameters, contact: '={{ $json.contact }}', options: { concurrency: 1 } },
					credentials: { wolkvoxApi: { id: '1', name: 'Wolkvox test' } },
					retryOnFail: true,
					maxTries: 2,
					waitBetweenTries: 0,
				},
			],
			connections: {},
		},
		startAt: NODE_NAME,
		items,
		credentials: credentialsFor(emulator),
		binaryMode: 'inline',
	});
	emulator.onRequest = undefined;
	expect(run.error).toBeUndefined();
	// Without the node remembering items 0 and 1, the rerun would have opened their cases again.
	expect(emulator.cases.map((c) => c.fields.contact)).toEqual(items.map((i) => i.json.contact));
	expect(run.output(NODE_NAME).map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(requestsSeen).toBe(4);
});
