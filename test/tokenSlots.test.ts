import type { INodeExecutionData } from 'n8n-workflow';

import {
	binary,
	bytesOf,
	createParameters,
	credentialsFor,
	runCaseNode,
	sha256,
	useEmulator,
	type CaseNodeRun,
} from './support/fixtures';

// Executions side by side in one process, as n8n runs a burst of webhook calls: each is its own
// WorkflowExecute run of the shared runner, all started together, sharing one token.
const emulator = useEmulator({ latencyMs: 100 });
const pdf = bytesOf(18_000, 7);

const submission = (n: number): INodeExecutionData => ({
	json: { n },
	binary: { data: binary(pdf, `form-${n}.pdf`, 'application/pdf') },
});

const createOne = (n: number, extra: Partial<Parameters<typeof runCaseNode>[0]> = {}) =>
	runCaseNode({
		emulator,
		parameters: { ...createParameters, description: `={{ "submission " + $json.n }}` },
		items: [submission(n)],
		...extra,
	});

const refusals = () => emulator.requests.filter((r) => r.status === 403).length;

function expectOneCasePerExecution(runs: CaseNodeRun[]) {
	expect(runs.map((r) => r.error?.message).filter(Boolean)).toEqual([]);
	const descriptions = emulator.cases.map((c) => c.fields.description).sort();
	expect(descriptions).toEqual(runs.map((_, n) => `submission ${n}`).sort());
	expect(emulator.cases.every((c) => c.files.length === 1 && c.files[0].sha256 === sha256(pdf))).toBe(true);
}

test.each([
	['inline', 40],
	['filesystem', 30],
] as const)('%s binaries: %i executions at once share the token\'s 2 slots: all succeed, none refused, no duplicates', async (binaryMode, n) => {
	const runs = await Promise.all(Array.from({ length: n }, (_, i) => createOne(i, { binaryMode })));
	expectOneCasePerExecution(runs);
	expect(emulator.tokenStats().maxInFlight).toBe(2);
	expect(refusals()).toBe(0);
});

test('Simultaneous Requests 1 on the credential: never more than 1 in flight', async () => {
	const credentials = credentialsFor(emulator, { simultaneousRequests: 1 });
	const runs = await Promise.all(Array.from({ length: 12 }, (_, i) => createOne(i, { credentials })));
	expectOneCasePerExecution(runs);
	expect(emulator.tokenStats().maxInFlight).toBe(1);
});

test('another client holding part of the token (a second worker): refusals are retried within the budget, 0 failures', async () => {
	// The server grants 1 at a time, as if another worker used the other of the token's 2.
	emulator.maxSimultaneous = 1;
	try {
		const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => createOne(i)));
		expectOneCasePerExecution(runs);
		expect(refusals()).toBeGreaterThan(0);
	} finally {
		emulator.maxSimultaneous = 2;
	}
});

test('waiting for a slot past the Timeout fails the item with a clear error, and sends nothing for it', async () => {
	emulator.latencyMs = 2500;
	const credentials = credentialsFor(emulator, { simultaneousRequests: 1 });
	try {
		const holder = createOne(0, { credentials });
		await new Promise((resolve) => setTimeout(resolve, 200));
		const waiter = await runCaseNode({
			emulator,
			parameters: { ...createParameters, description: 'waiter', options: { timeout: 1 } },
			items: [submission(1)],
			credentials,
		});
		expect(waiter.error?.message).toMatch(/No request slot of this token freed up within 1 s: could not create the case/);
		expect(waiter.error?.description).toMatch(/shares the token's 1 request slot .* 1 were in use and 0 more requests were waiting.*Raise the Timeout option.*Nothing was sent for this item/);
		expect((await holder).error).toBeUndefined();
		expect(emulator.cases.map((c) => c.fields.description)).toEqual(['submission 0']);
	} finally {
		emulator.latencyMs = 100;
	}
});

test('an execution cancelled while it waits leaves the queue: the next one gets the slot', async () => {
	emulator.latencyMs = 1000;
	const credentials = credentialsFor(emulator, { simultaneousRequests: 1 });
	try {
		const holder = createOne(0, { credentials });
		await new Promise((resolve) => setTimeout(resolve, 100));
		const stop = new AbortController();
		const cancelled = createOne(1, { credentials, signal: stop.signal });
		await new Promise((resolve) => setTimeout(resolve, 100));
		stop.abort();
		expect((await cancelled).run.status).toBe('canceled');
		const next = await createOne(2, { credentials });
		expect(next.error).toBeUndefined();
		expect((await holder).error).toBeUndefined();
		// The cancelled execution sent nothing; a slot it had kept would have stalled the next one.
		expect(emulator.cases.map((c) => c.fields.description).sort()).toEqual(['submission 0', 'submission 2']);
	} finally {
		emulator.latencyMs = 100;
	}
});

test('a slot is given back after every kind of failure: a refusal, a timeout, a lost connection', async () => {
	const credentials = credentialsFor(emulator, { simultaneousRequests: 1 });
	emulator.injectFault({ kind: 'quota' });
	expect((await createOne(0, { credentials })).error?.message).toMatch(/daily request quota/);
	emulator.injectFault({ kind: 'hang' });
	const hung = await createOne(1, { credentials, parameters: { ...createParameters, options: { timeout: 1 } } });
	expect(hung.error?.description).toMatch(/did not answer in time/);
	emulator.injectFault({ kind: 'resetMidUpload' });
	expect((await createOne(2, { credentials })).error?.message).toMatch(/connection to wolkvox failed/);
	// With 1 slot, a slot kept by any of these would make this one wait until its Timeout.
	const started = Date.now();
	const after = await createOne(3, { credentials, parameters: { ...createParameters, description: 'after', options: { timeout: 5 } } });
	expect(after.error).toBeUndefined();
	expect(Date.now() - started).toBeLessThan(5000);
});

test('the refusal that outlasts the Retry Budget names what shares the token and the settings that help', async () => {
	emulator.maxSimultaneous = 0; // everything else that uses the token holds all of it
	try {
		const result = await createOne(0, { parameters: { ...createParameters, options: { retryBudget: 2 } } });
		expect(result.error?.message).toMatch(/kept refusing to create the case for \d+ s: more than 2 requests at once with this token \(\d+ tries\)/);
		expect(result.error?.description).toMatch(/This n8n process had 1 of its 2 request slots in use/);
		expect(result.error?.description).toMatch(/other n8n workers or processes using the same token \(queue mode: .* 2 ÷ N rounded down, at least 1\)/);
		expect(result.error?.description).toMatch(/other applications/);
		expect(result.error?.description).toMatch(/Lowering Simultaneous Requests on this credential to 1/);
		expect(result.error?.description).toMatch(/Retry Budget option \(2 s\)/);
		// Advice that cannot apply here is left out: this process kept to its slots.
		expect(result.error?.description).not.toMatch(/Concurrency/);
		expect(emulator.requests.length).toBeGreaterThan(3);
	} finally {
		emulator.maxSimultaneous = 2;
	}
});

test('with Simultaneous Requests above 2, the refusal says this process itself sends too many', async () => {
	emulator.maxSimultaneous = 0;
	try {
		const result = await createOne(0, {
			credentials: credentialsFor(emulator, { simultaneousRequests: 4 }),
			parameters: { ...createParameters, options: { retryBudget: 1 } },
		});
		expect(result.error?.description).toMatch(/Simultaneous Requests is 4, more than the 2 wolkvox allows/);
		expect(result.error?.description).not.toMatch(/other n8n workers/);
	} finally {
		emulator.maxSimultaneous = 2;
	}
});
