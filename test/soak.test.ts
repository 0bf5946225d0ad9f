import { randomBytes } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import type { FaultKind, FaultPlan } from './emulator/server';
import { logLines } from './support/engine';
import {
	binary,
	bytesOf,
	closedPort,
	createParameters,
	runCaseNode,
	sha256,
	untilIdle,
	useEmulator,
	type CaseNodeRun,
} from './support/fixtures';

// 1,000 Creates through n8n's engine with two lanes (the default Concurrency), about one item in
// ten meeting a fault the emulator injects. Which item meets which fault, and on how many of its
// attempts, is drawn from a seeded PRNG and decided from the item's own description, never from
// the order in which concurrent requests happen to arrive: two runs must tally the same.

const TOKEN = randomBytes(16).toString('hex');
const emulator = useEmulator({ token: TOKEN });

const ITEM_COUNT = 1000;
const SEED = 20_240_517;
const FAULT_SHARE = 0.1;

const KINDS: readonly FaultKind[] = [
	'simultaneous',
	'quota',
	'backupHtml',
	'status5xx',
	'resetMidUpload',
	'hang',
	'malformedJson',
	'errorCodeUnder200',
	'redirect',
	'resetAfterStore',
];
/** A hang costs its item the whole 1 s timeout: fewer of them. */
const WEIGHT: Partial<Record<FaultKind, number>> = { hang: 0.5 };
/** Refusals after which the node retries by itself (nothing can have been created). */
const RETRIED: readonly FaultKind[] = ['simultaneous', 'status5xx'];

/** What the node must say for each fault, once it gave up on the item. */
const CAUSE: Record<FaultKind, { message: RegExp; description: RegExp }> = {
	simultaneous: { message: /kept refusing to create the case for 0 s: more than 2 requests at once with this token \(1 try\)/, description: /Retry Budget option \(0 s\)/ },
	quota: { message: /daily request quota is used up/, description: /resets/ },
	backupHtml: { message: /answered 403 with a page/, description: /backup windows/ },
	status5xx: { message: /HTTP 503 without its JSON envelope/, description: /\(not retried: the Retry Budget is 0 s\)$/ },
	resetMidUpload: { message: /connection to wolkvox failed while trying to create the case/, description: /the case may already exist/ },
	hang: { message: /connection to wolkvox failed while trying to create the case/, description: /did not answer in time.*the case may already exist/ },
	malformedJson: { message: /HTTP 200 without its JSON envelope/, description: /Body: "/ },
	errorCodeUnder200: { message: /required parameters are missing/, description: /Sent non-empty: operation/ },
	redirect: { message: /redirect \(HTTP 302\) that was not followed/, description: /never sent to another host/ },
	resetAfterStore: { message: /connection to wolkvox failed while trying to create the case/, description: /the case may already exist/ },
};
const MAY_EXIST = /the case may already exist/;

/** mulberry32: small, seeded, the same sequence on every platform. */
function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface SoakFile {
	name: string;
	mimeType: string;
	bytes: Buffer;
}

interface ItemPlan {
	description: string;
	files: SoakFile[];
	fault?: { kind: FaultKind; times: number; location?: string };
	/** The item runs with a Retry Budget of 0: its refusal is final. */
	noRetry?: boolean;
}

const FILE_TYPES = [
	['pdf', 'application/pdf'],
	['jpg', 'image/jpeg'],
	['png', 'image/png'],
	['csv', 'text/csv'],
	['zip', 'application/zip'],
] as const;

function weightedKind(random: () => number): FaultKind {
	const total = KINDS.reduce((sum, kind) => sum + (WEIGHT[kind] ?? 1), 0);
	let draw = random() * total;
	for (const kind of KINDS) {
		draw -= WEIGHT[kind] ?? 1;
		if (draw < 0) return kind;
	}
	return KINDS[KINDS.length - 1];
}

function planItems(seed: number, refusedPort: number): ItemPlan[] {
	const random = prng(seed);
	return Array.from({ length: ITEM_COUNT }, (_, index) => {
		const files = Array.from({ length: Math.floor(random() * 3) }, (_unused, k) => {
			const [ext, mimeType] = FILE_TYPES[Math.floor(random() * FILE_TYPES.length)];
			const size = 1 + Math.floor(random() * 4096);
			return { name: `soak-${index}-${k}.${ext}`, mimeType, bytes: bytesOf(size, index * 7 + k + 1) };
		});
		const plan: ItemPlan = { description: `soak #${index}`, files };
		if (random() < FAULT_SHARE) {
			const kind = weightedKind(random);
			// Some refusals the node would retry meet a Retry Budget of 0 and fail: both paths, and the
			// same number of attempts in both runs (a budget in seconds would vary with the machine).
			const noRetry = RETRIED.includes(kind) && random() < 0.3;
			if (noRetry) plan.noRetry = true;
			const times = 1;
			// A redirect points either at a closed port or at another loopback address.
			const location =
				kind === 'redirect' && random() < 0.5 ? `http://127.0.0.1:${refusedPort}/server/API/v2/cases/insert.php` : undefined;
			plan.fault = { kind, times, ...(location ? { location } : {}) };
		}
		return plan;
	});
}

function inputItem(plan: ItemPlan): INodeExecutionData {
	return {
		// Only an item that is meant to hang gets the 1 s timeout: a busy CI machine must not
		// turn an ordinary request into a timeout and make the two runs differ.
		json: { description: plan.description, timeout: plan.fault?.kind === 'hang' ? 1 : 30, retryBudget: plan.noRetry ? 0 : 60 },
		binary: Object.fromEntries(plan.files.map((file, k) => [`attachment_${k}`, binary(file.bytes, file.name, file.mimeType)])),
	};
}

type Row = { items: number; injected: number; retriedOk: number; failed: number; stored: number };
type Tally = Record<FaultKind | 'none', Row>;

interface SoakResult {
	run: CaseNodeRun;
	tally: Tally;
	/** Per item: 'ok' or the error message, in item order. */
	outcomes: string[];
	breakdown: { casesHeld: number; succeeded: number; mayExistAndStored: number; mayExistNotStored: number };
	/** 403 "simultaneous" answers the emulator gave on its own (not planned); they vary with timing. */
	unplannedRefusals: number;
	elapsedMs: number;
}

async function soak(plans: ItemPlan[]): Promise<SoakResult> {
	const attempts = new Map<string, number>();
	const tally = Object.fromEntries(
		['none', ...KINDS].map((kind) => [kind, { items: 0, injected: 0, retriedOk: 0, failed: 0, stored: 0 }]),
	) as Tally;
	const byDescription = new Map(plans.map((plan) => [plan.description, plan]));
	const faultPlan: FaultPlan = ({ path, fields }) => {
		const plan = byDescription.get(fields.description ?? '');
		if (!plan?.fault) return undefined;
		const attempt = (attempts.get(plan.description) ?? 0) + 1;
		attempts.set(plan.description, attempt);
		if (attempt > plan.fault.times) return undefined;
		tally[plan.fault.kind].injected += 1;
		const { kind, location } = plan.fault;
		// Retry-After: 0 keeps the soak short; that the node waits as long as asked is retries.test.ts's.
		return { kind, path, ...(location ? { location } : {}), ...(kind === 'status5xx' ? { retryAfter: '0' } : {}) };
	};

	emulator.reset();
	emulator.faultPlan = faultPlan;
	const started = Date.now();
	let run: CaseNodeRun;
	try {
		run = await runCaseNode({
			emulator,
			parameters: {
				...createParameters,
				description: '={{ $json.description }}',
				files: 'all',
				options: { timeout: '={{ $json.timeout }}', retryBudget: '={{ $json.retryBudget }}' },
			},
			items: plans.map(inputItem),
			onError: 'continueErrorOutput',
		});
	} finally {
		emulator.faultPlan = undefined;
	}
	const elapsedMs = Date.now() - started;
	await untilIdle(emulator);

	const outcomes: string[] = new Array(plans.length);
	for (const item of run.items) outcomes[itemIndexOf(item)] = 'ok';
	for (const item of run.errors) outcomes[itemIndexOf(item)] = String(item.json.error);
	const storedCount = new Map<string, number>();
	for (const stored of emulator.cases) {
		storedCount.set(stored.fields.description, (storedCount.get(stored.fields.description) ?? 0) + 1);
	}

	const breakdown = { casesHeld: emulator.cases.length, succeeded: 0, mayExistAndStored: 0, mayExistNotStored: 0 };
	plans.forEach((plan, index) => {
		const row = tally[plan.fault?.kind ?? 'none'];
		row.items += 1;
		const stored = storedCount.has(plan.description);
		if (stored) row.stored += 1;
		if (outcomes[index] === 'ok') {
			breakdown.succeeded += 1;
			if (plan.fault) row.retriedOk += 1;
			return;
		}
		row.failed += 1;
		const error = run.errors.find((item) => itemIndexOf(item) === index)?.error;
		if (MAY_EXIST.test(String(error?.description))) {
			if (stored) breakdown.mayExistAndStored += 1;
			else breakdown.mayExistNotStored += 1;
		}
	});
	const unplannedRefusals = emulator.requests.filter((request) => request.code === 403 && request.fault === undefined).length;
	return { run, tally, outcomes, breakdown, unplannedRefusals, elapsedMs };
}

function itemIndexOf(item: INodeExecutionData): number {
	const paired = item.pairedItem;
	if (typeof paired !== 'object' || paired === null || Array.isArray(paired)) throw new Error('an output item without pairedItem');
	return paired.item;
}

function printTally(label: string, result: SoakResult): void {
	const header = ['fault kind', 'items', 'injected', 'retried→ok', 'failed', 'cases stored'];
	const rows = (['none', ...KINDS] as const).map((kind) => {
		const row = result.tally[kind];
		return [kind, row.items, row.injected, row.retriedOk, row.failed, row.stored].map(String);
	});
	const total = (key: keyof Row) => String(Object.values(result.tally).reduce((sum, row) => sum + row[key], 0));
	rows.push(['total', total('items'), total('injected'), total('retriedOk'), total('failed'), total('stored')]);
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
	const { casesHeld, succeeded, mayExistAndStored, mayExistNotStored } = result.breakdown;
	process.stdout.write(
		[
			'',
			`soak ${label}: ${ITEM_COUNT} Create items, seed ${SEED}, concurrency 2, ${(result.elapsedMs / 1000).toFixed(1)} s`,
			line(header),
			...rows.map(line),
			`cases held by the emulator: ${casesHeld} = ${succeeded} succeeded + ${mayExistAndStored} failed with "the case may already exist" and stored` +
				` (${mayExistNotStored} more said it and were not stored)`,
			`unplanned "simultaneous" refusals (timing, retried by the node; not part of the tally): ${result.unplannedRefusals}`,
			'',
		].join('\n'),
	);
}

/** Everything the soak left that a user, a log or a saved execution could show. */
function everythingShown(run: CaseNodeRun): string {
	const errors = [run.error, ...run.items.map((item) => item.error), ...run.errors.map((item) => item.error)].filter(Boolean);
	return [
		JSON.stringify(run.run),
		...errors.map((error) => `${error?.message}\n${error?.description}\n${error?.stack}\n${JSON.stringify(error)}`),
		...logLines,
	].join('\n');
}

test('soak: 1,000 Creates with ~10% injected faults lose nothing, duplicate nothing, and tally the same twice', async () => {
	const plans = planItems(SEED, await closedPort());
	const planned = plans.filter((plan) => plan.fault);
	// Every kind is represented, and the faults stay near 10%.
	expect(new Set(planned.map((plan) => plan.fault!.kind))).toEqual(new Set(KINDS));
	expect(planned.length).toBeGreaterThan(ITEM_COUNT * 0.07);
	expect(planned.length).toBeLessThan(ITEM_COUNT * 0.13);

	const first = await soak(plans);
	printTally('run 1', first);
	const { run } = first;

	// Every item comes out exactly once, on the main output or on the error output.
	expect(run.error).toBeUndefined();
	expect(run.items.length + run.errors.length).toBe(ITEM_COUNT);
	expect([...run.items, ...run.errors].map(itemIndexOf).sort((a, b) => a - b)).toEqual(plans.map((_, index) => index));

	// No item has two cases.
	const descriptions = emulator.cases.map((stored) => stored.fields.description);
	expect(descriptions.filter((description, i) => descriptions.indexOf(description) !== i)).toEqual([]);

	// What the server holds is what the output says, plus the lost answers the node warned about.
	const { casesHeld, succeeded, mayExistAndStored } = first.breakdown;
	expect(casesHeld).toBe(succeeded + mayExistAndStored);
	expect(mayExistAndStored).toBe(first.tally.resetAfterStore.items);

	// Each item ends as its fault says it must.
	const byId = new Map(emulator.cases.map((stored) => [stored.wolkvoxId, stored]));
	for (const item of run.items) {
		const plan = plans[itemIndexOf(item)];
		expect(plan.fault === undefined || (RETRIED.includes(plan.fault.kind) && !plan.noRetry)).toBe(true);
		const stored = byId.get(String(item.json.wolkvox_id));
		expect(stored?.fields.description).toBe(plan.description);
		expect(stored?.files.map((file) => `${file.fileName} ${file.size} ${file.sha256}`)).toEqual(
			plan.files.map((file) => `${file.name} ${file.bytes.length} ${sha256(file.bytes)}`),
		);
	}
	for (const item of run.errors) {
		const plan = plans[itemIndexOf(item)];
		expect(plan.fault).toBeDefined();
		const cause = CAUSE[plan.fault!.kind];
		expect({ item: plan.description, message: item.json.error }).toEqual({ item: plan.description, message: expect.stringMatching(cause.message) });
		expect({ item: plan.description, description: item.error?.description }).toEqual({
			item: plan.description,
			description: expect.stringMatching(cause.description),
		});
		expect(descriptions.includes(plan.description)).toBe(plan.fault!.kind === 'resetAfterStore');
	}
	for (const kind of KINDS) {
		const row = first.tally[kind];
		expect({ kind, accounted: row.retriedOk + row.failed }).toEqual({ kind, accounted: row.items });
	}

	// The token is in nothing the soak produced (the requests did carry it).
	expect(emulator.requests.every((request) => request.tokenPresent)).toBe(true);
	const shown = everythingShown(run);
	expect(shown.length).toBeGreaterThan(100_000);
	expect(shown).not.toContain(TOKEN);

	// The same seed, again: the same tally and the same outcome for every item.
	const second = await soak(plans);
	printTally('run 2', second);
	expect(second.tally).toEqual(first.tally);
	expect(second.breakdown).toEqual(first.breakdown);
	expect(second.outcomes).toEqual(first.outcomes);
	expect(everythingShown(second.run)).not.toContain(TOKEN);
}, 180_000);
