import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FaultSpec } from './emulator/faults';
import {
	binary,
	closedPort,
	createParameters,
	credentialsFor,
	runCaseNode,
	untilIdle,
	updateParameters,
	useEmulator,
} from './support/fixtures';

const emulator = useEmulator();
let freePort = 0;
beforeAll(async () => {
	freePort = await closedPort();
});

interface Scenario {
	name: string;
	parameters?: INodeParameters;
	item?: { json: IDataObject; binary?: Record<string, ReturnType<typeof binary>> };
	fault?: FaultSpec;
	setup?: () => void;
	credentials?: () => Record<string, string>;
	message: RegExp;
	description?: RegExp;
	/** Errors found before sending must not reach the server at all. */
	sendsNothing?: boolean;
}

const pdfItem = { json: {}, binary: { data: binary('%PDF-1.4', 'a.pdf', 'application/pdf') } };

// Hostile input (blank fields, files and file names, custom fields, tokens, servers, redirects)
// lives in one table, hostile.test.ts; these are the server's and the network's failures.
const scenarios: Scenario[] = [
	{ name: 'daily quota used up', fault: { kind: 'quota' }, message: /daily request quota is used up/, description: /resets/ },
	{
		name: 'more than 2 simultaneous requests, still when the Retry Budget runs out',
		fault: { kind: 'simultaneous', times: 1000 },
		parameters: { options: { retryBudget: 1 } },
		message: /kept refusing to create the case for \d+ s: more than 2 requests at once with this token \(\d+ tries\)/,
		description: /had 1 of its 2 request slots in use .* other n8n workers or processes using the same token .* other applications .*Retry Budget option \(1 s\)/,
	},
	{ name: 'invalid token', credentials: () => ({ token: 'not-the-token' }), message: /did not accept the token for the operation "testmodule"/ },
	{ name: 'token of another operation', credentials: () => ({ operation: 'otra' }), message: /did not accept the token for the operation "otra"/ },
	{
		name: 'required parameters missing, under HTTP 200',
		fault: { kind: 'errorCodeUnder200' },
		message: /required parameters are missing/,
		description: /Sent non-empty: operation, case-type, responsible, owner, contact, description, status, priority, form/,
	},
	{ name: 'a user that does not exist', parameters: { responsible: 'NOBODY_@testmodule' }, message: /wolkvox refused to create the case: .*NOBODY_@testmodule|wolkvox refused to create the case/ },
	{ name: 'closed status without solution', parameters: { status: 'closed' }, message: /SOLUTION IS REQUIRED/ },
	{
		name: 'backup window (403 with an HTML page)',
		fault: { kind: 'backupHtml' },
		message: /answered 403 with a page/,
		description: /backup windows/,
	},
	{
		name: 'server error 503 with Retry-After, still when the Retry Budget runs out',
		fault: { kind: 'status5xx', times: 1000 },
		parameters: { options: { retryBudget: 2.5 } },
		message: /HTTP 503 without its JSON envelope/,
		description: /after \d+ tries in \d+ s; wolkvox asked to wait 1 s more, beyond the Retry Budget of 2.5 s/,
	},
	{ name: 'server error 500', fault: { kind: 'status5xx', status: 500 }, message: /HTTP 500 without its JSON envelope/ },
	{ name: 'malformed JSON under HTTP 200', fault: { kind: 'malformedJson' }, message: /HTTP 200 without its JSON envelope/, description: /Body: "/ },
	{
		name: 'error code in the body while HTTP says 200',
		setup: () => {
			emulator.statusMode = 'always200';
		},
		parameters: { contact: 'nadie@example.com' },
		message: /wolkvox refused to create the case/,
	},
	{
		name: 'connection reset mid-upload',
		fault: { kind: 'resetMidUpload' },
		item: pdfItem,
		message: /The connection to wolkvox failed while trying to create the case/,
		description: /the case may already exist: check the CRM/,
	},
	{
		name: 'no answer within the timeout',
		fault: { kind: 'hang' },
		parameters: { options: { timeout: 1 } },
		message: /The connection to wolkvox failed while trying to create the case/,
		description: /did not answer in time.*the case may already exist/,
	},
	{ name: 'nothing listening', credentials: () => ({ customServer: `http://127.0.0.1:${freePort}` }), message: /Could not reach wolkvox/, description: /Nothing answered at http:\/\/127.0.0.1:\d+\/.*ECONNREFUSED/, sendsNothing: true },
];

describe.each([
	['stops the workflow', undefined],
	['continues with the error as output', 'continueRegularOutput'],
	['routes the item to the error output', 'continueErrorOutput'],
] as const)('on error, the node %s', (_label, onError) => {
	test.each(scenarios)('$name', async (scenario) => {
		scenario.setup?.();
		if (scenario.fault) emulator.injectFault(scenario.fault);
		const result = await runCaseNode({
			emulator,
			parameters: { ...createParameters, files: 'all', ...scenario.parameters },
			items: [scenario.item ?? { json: {} }],
			onError,
			credentials: credentialsFor(emulator, scenario.credentials?.()),
		});
		emulator.statusMode = 'mirror';

		expect(emulator.cases).toHaveLength(scenario.fault?.kind === 'resetAfterStore' ? 1 : 0);
		if (scenario.sendsNothing) expect(emulator.requests).toHaveLength(0);

		if (onError === undefined) {
			expect(result.error?.message).toMatch(scenario.message);
			if (scenario.description) expect(result.error?.description).toMatch(scenario.description);
			expect(['NodeApiError', 'NodeOperationError']).toContain(result.error?.name);
			expect(result.items).toEqual([]);
			return;
		}
		expect(result.error).toBeUndefined();
		const [main, errors] = onError === 'continueRegularOutput' ? [result.items, result.errors] : [result.errors, result.items];
		expect(errors).toEqual([]);
		expect(main).toHaveLength(1);
		expect(main[0].pairedItem).toEqual({ item: 0 });
		expect(main[0].json.error).toMatch(scenario.message);
		// n8n's engine keeps only `error` in the json of a failed item; the whole error rides along.
		if (scenario.description) expect(main[0].error?.description).toMatch(scenario.description);
	});
});

test('with continueOnFail, one failing item among good ones keeps its place and the others succeed', async () => {
	const result = await runCaseNode({
		emulator,
		parameters: { ...createParameters, contact: '={{ $json.contact }}' },
		items: ['cliente@example.com', 'nadie@example.com', 'ops@example.com', 'cliente@example.com'].map((contact) => ({ json: { contact } })),
		onError: 'continueRegularOutput',
	});
	expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	expect(result.items.map((i) => ('error' in i.json ? 'error' : 'case'))).toEqual(['case', 'error', 'case', 'case']);
	expect(emulator.cases).toHaveLength(3);
});

test('a code sent as the string "200" with error null is a success', async () => {
	emulator.codeAsString = true;
	emulator.errorNull = 'null';
	const result = await runCaseNode({ emulator, parameters: { ...updateParameters, wolkvoxId: 'x' }, items: [{ json: {} }] });
	emulator.codeAsString = false;
	emulator.errorNull = 'string';
	// The case does not exist, so this must fail: what matters is that it fails on the body's words.
	expect(result.error?.message).toMatch(/wolkvox refused to update the case: RECORD NOT FOUND/);
	const created = await runCaseNode({ emulator, parameters: createParameters, items: [{ json: {} }] });
	expect(created.error).toBeUndefined();
});

test('a request that timed out frees its slot: its connection is closed, not left hanging', async () => {
	emulator.injectFault({ kind: 'hang' });
	const result = await runCaseNode({ emulator, parameters: { ...createParameters, options: { timeout: 1 } }, items: [{ json: {} }] });
	expect(result.error?.description).toMatch(/did not answer in time/);
	// Otherwise the server would count it against the token's 2 simultaneous requests for good.
	await untilIdle(emulator);
	expect(emulator.tokenStats().inFlight).toBe(0);
});
