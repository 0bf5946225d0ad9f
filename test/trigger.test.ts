// The Wolkvox Trigger polled as n8n polls it (test/support/engine.ts: PollingWorkflow), against
// the emulator over real HTTP: baseline on activation, each case emitted once, refused polls
// that lose and double nothing, restarts without replay, manual runs, bounded state.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { testClient, VALID } from './emulator/testClient';
import type { StoredCase } from './emulator/server';
import { PollingWorkflow, type PollOutcome } from './support/engine';
import { createParameters, credentialsFor, runCaseNode, useEmulator } from './support/fixtures';

const emulator = useEmulator();
const client = testClient(emulator);

const EVERY_MINUTE = { item: [{ mode: 'everyMinute' }] };

function caseTrigger(statuses: string[], saved?: IDataObject): PollingWorkflow {
	const parameters: INodeParameters = { event: 'caseReachedStatus', statuses, pollTimes: EVERY_MINUTE };
	return new PollingWorkflow({ parameters, credentials: credentialsFor(emulator), savedStaticData: saved });
}

/** The ids of the cases a poll emitted, in order. */
const emittedIds = (outcome: PollOutcome): string[] => {
	if (outcome.error) throw outcome.error;
	return (outcome.emitted?.[0] ?? []).map((item) => String(item.json.wolkvox_id));
};

/** The trigger node's own static data ("node:<name>" in the workflow's). */
const nodeState = (staticData: IDataObject): unknown => staticData['node:Wolkvox Trigger'];

const queryRequests = () => emulator.requests.filter((request) => request.path.endsWith('cases/queryCases.php')).length;

async function caseIn(status: string): Promise<string> {
	const id = await client.createCase(VALID);
	if (status !== VALID.status) emulator.setCaseStatus(id, status, 'Done.');
	return id;
}

describe('Case Reached Status', () => {
	it('takes the cases already in the status as its baseline on activation and replays none', async () => {
		await caseIn('Solucionado');
		await caseIn('Solucionado');
		await caseIn('open');
		const trigger = caseTrigger(['Solucionado']);

		expect(emittedIds(await trigger.activate())).toEqual([]);
		expect(emittedIds(await trigger.poll())).toEqual([]);
		// One request per status per poll, nothing else.
		expect(queryRequests()).toBe(2);
		expect(emulator.tokenStats().usedToday).toBe(3 + 2);
	});

	it('emits a case moved to Solucionado once, with its fields; the next polls emit nothing', async () => {
		const waiting = await caseIn('open');
		await caseIn('Solucionado');
		const trigger = caseTrigger(['Solucionado']);
		await trigger.activate();

		emulator.setCaseStatus(waiting, 'Solucionado', 'Replaced the router.');
		const outcome = await trigger.poll();
		expect(emittedIds(outcome)).toEqual([waiting]);
		expect(outcome.emitted![0][0].json).toMatchObject({ status: 'Solucionado', solution: 'Replaced the router.', contact: VALID.contact });

		for (let i = 0; i < 3; i++) expect(emittedIds(await trigger.poll())).toEqual([]);
	});

	it('replays nothing after n8n restarts, and still emits what happens afterwards', async () => {
		const first = await caseIn('open');
		const second = await caseIn('open');
		const trigger = caseTrigger(['Solucionado']);
		await trigger.activate();
		emulator.setCaseStatus(first, 'Solucionado');
		expect(emittedIds(await trigger.poll())).toEqual([first]);
		expect(emittedIds(await trigger.poll())).toEqual([]);

		expect(emittedIds(await trigger.restart())).toEqual([]);
		expect(emittedIds(await trigger.poll())).toEqual([]);
		emulator.setCaseStatus(second, 'Solucionado');
		expect(emittedIds(await trigger.poll())).toEqual([second]);
	});

	it('watches several statuses with one request each per poll', async () => {
		const toSolve = await caseIn('open');
		const toClose = await caseIn('open');
		const trigger = caseTrigger(['Solucionado', 'Cerrado']);
		await trigger.activate();
		expect(queryRequests()).toBe(2);

		emulator.setCaseStatus(toSolve, 'Solucionado');
		emulator.setCaseStatus(toClose, 'Cerrado');
		expect(emittedIds(await trigger.poll()).sort()).toEqual([toSolve, toClose].sort());
		expect(queryRequests()).toBe(4);
		// Solved, then closed: it reached Cerrado, a status it was not in.
		emulator.setCaseStatus(toSolve, 'Cerrado');
		expect(emittedIds(await trigger.poll())).toEqual([toSolve]);
	});

	it.each([
		['the simultaneous-requests refusal', 'simultaneous', /more than 2 requests at once/],
		['an exhausted daily quota', 'quota', /daily request quota is used up/],
	] as const)('loses no event and doubles none when a poll meets %s', async (_name, kind, message) => {
		const solved = await caseIn('open');
		const closed = await caseIn('open');
		const trigger = caseTrigger(['Solucionado', 'Cerrado']);
		await trigger.activate();
		const before = trigger.liveStaticData;
		emulator.setCaseStatus(solved, 'Solucionado');
		emulator.setCaseStatus(closed, 'Cerrado');

		// The Solucionado query succeeds, every try of the Cerrado one is refused.
		emulator.faultPlan = (request) => (request.fields.value === 'Cerrado' ? { kind } : undefined);
		const refused = await trigger.poll();
		expect(refused.emitted).toBeNull();
		expect(refused.error?.message).toMatch(message);
		expect((refused.error as Error & { description?: string }).description).toMatch(
			/about 2,880 requests a day \(1,440 polls × 2 requests per poll\)/,
		);
		expect(trigger.liveStaticData).toEqual(before);

		emulator.faultPlan = undefined;
		expect(emittedIds(await trigger.poll()).sort()).toEqual([solved, closed].sort());
		expect(emittedIds(await trigger.poll())).toEqual([]);
	});

	it("shares the token's 2 slots with the action node (each node is its own bundle), and two overlapping polls emit a case once", async () => {
		const solved = await caseIn('open');
		const trigger = caseTrigger(['Solucionado', 'Cerrado']);
		await trigger.activate();
		emulator.setCaseStatus(solved, 'Solucionado', 'Done.');
		emulator.latencyMs = 100;
		try {
			// One process, as in n8n: 20 executions of Wolkvox Cases and two polls, all at once (n8n
			// starts a poll at every tick, even while the previous one still waits for a slot).
			const creates = Array.from({ length: 20 }, (_, n) =>
				runCaseNode({ emulator, parameters: { ...createParameters, description: `burst ${n}` }, items: [{ json: {} }] }),
			);
			const polls = [trigger.poll(), trigger.poll()];
			const [runs, outcomes] = await Promise.all([Promise.all(creates), Promise.all(polls)]);
			expect(runs.map((run) => run.error?.message).filter(Boolean)).toEqual([]);
			expect(outcomes.flatMap((outcome) => emittedIds(outcome))).toEqual([solved]);
		} finally {
			emulator.latencyMs = 0;
		}
		expect(emulator.tokenStats()).toMatchObject({ maxInFlight: 2, simultaneousRefusals: 0 });
		expect(emulator.requests.filter((request) => request.status !== 200)).toEqual([]);
	});

	it("refuses to poll in a workflow whose id is too long for n8n to save its state (an imported file's id)", async () => {
		const parameters: INodeParameters = { event: 'caseReachedStatus', statuses: ['Solucionado'], pollTimes: EVERY_MINUTE };
		const imported = new PollingWorkflow({ parameters, credentials: credentialsFor(emulator), workflowId: 'wolkvoxCaseSolvedNotify' });
		const outcome = await imported.activate();
		expect(outcome.error?.message).toBe('n8n would not save this trigger\'s state: the workflow\'s id "wolkvoxCaseSolvedNotify" has more than 21 characters');
		expect(queryRequests()).toBe(0);
		// A manual run keeps no state: it works in any workflow.
		expect((await imported.testRun()).error).toBeUndefined();
	});

	it('fails its activation when the first poll is refused, and takes its baseline at the next one', async () => {
		await caseIn('Solucionado');
		emulator.injectFault({ kind: 'quota', path: 'cases/queryCases.php' });
		const trigger = caseTrigger(['Solucionado']);
		expect((await trigger.activate()).error?.message).toMatch(/quota/);
		expect(trigger.savedStaticData).toEqual({});

		expect(emittedIds(await trigger.activate())).toEqual([]);
		expect(emittedIds(await trigger.poll())).toEqual([]);
	});

	it('a manual run returns the latest case in the chosen statuses and does not move the trigger on', async () => {
		await caseIn('Solucionado');
		const latest = await caseIn('Solucionado');
		const trigger = caseTrigger(['Solucionado']);
		expect(emittedIds(await trigger.testRun())).toEqual([latest]);
		expect(trigger.savedStaticData).toEqual({});

		const empty = caseTrigger(['En espera']);
		expect((await empty.testRun()).emitted).toBeNull();
	});

	it('keeps only the ids of the cases still in each watched status', async () => {
		const ids = await Promise.all([1, 2, 3].map(async () => await caseIn('open')));
		const trigger = caseTrigger(['Solucionado']);
		await trigger.activate();
		for (const id of ids) emulator.setCaseStatus(id, 'Solucionado');
		expect(emittedIds(await trigger.poll())).toHaveLength(3);
		expect(nodeState(trigger.savedStaticData)).toEqual({ casesInStatus: { Solucionado: ids } });

		// Two reopened: forgotten. One of them solved again later fires again (it reached the status again).
		emulator.setCaseStatus(ids[0], 'open');
		emulator.setCaseStatus(ids[1], 'open');
		expect(emittedIds(await trigger.poll())).toEqual([]);
		expect(nodeState(trigger.liveStaticData)).toEqual({ casesInStatus: { Solucionado: [ids[2]] } });
		emulator.setCaseStatus(ids[0], 'Solucionado');
		expect(emittedIds(await trigger.poll())).toEqual([ids[0]]);
	});

	it('refuses an answer longer than the state may keep instead of trimming it, and keeps its state', async () => {
		const trigger = caseTrigger(['Cerrado']);
		await trigger.activate();
		const stored = (index: number): StoredCase => ({
			wolkvoxId: `closed${String(index).padStart(18, '0')}`,
			idPrefijo: '',
			operation: emulator.operation,
			fields: { ...VALID, status: 'Cerrado' },
			form: {},
			files: [],
			updates: 0,
			createdVia: 'insert',
		});
		emulator.cases.push(...Array.from({ length: 5001 }, (_, index) => stored(index)));
		const outcome = await trigger.poll();
		expect(outcome.emitted).toBeNull();
		expect(outcome.error?.message).toMatch(/5001 cases in status "Cerrado": more than the 5000/);
		expect(nodeState(trigger.liveStaticData)).toEqual({ casesInStatus: { Cerrado: [] } });
	});
});

describe('New Contact', () => {
	function contactTrigger(): PollingWorkflow {
		const parameters: INodeParameters = { event: 'newContact', pollTimes: EVERY_MINUTE };
		return new PollingWorkflow({ parameters, credentials: credentialsFor(emulator), timezone: 'UTC' });
	}
	async function newContact(name: string): Promise<string> {
		const reply = await client.postJson('custom/insert.php', { operation: emulator.operation, module: 'contacts', fields: { namecontact: name } });
		return (reply.body!.data as { wolkvox_id: string }).wolkvox_id;
	}
	const datesRequests = () => emulator.requests.filter((request) => request.path.endsWith('custom/queryDates.php')).length;

	it('takes the contacts of the activation minute as its baseline, then emits each new contact once', async () => {
		await newContact('Antes de activar');
		const trigger = contactTrigger();
		expect(emittedIds(await trigger.activate())).toEqual([]);

		const created = await newContact('Nueva Cliente');
		const outcome = await trigger.poll();
		expect(emittedIds(outcome)).toEqual([created]);
		expect(outcome.emitted![0][0].json).toMatchObject({ namecontact: 'Nueva Cliente' });
		expect(emittedIds(await trigger.poll())).toEqual([]);
		expect(emittedIds(await trigger.restart())).toEqual([]);
		expect(emittedIds(await trigger.poll())).toEqual([]);
		// One request per poll.
		expect(datesRequests()).toBe(5);
	});

	it('sends the documented body: module contacts, date true, from and to as YYYY-MM-DD HH:MM', async () => {
		const bodies: Array<Record<string, string>> = [];
		emulator.faultPlan = (request) => {
			if (request.path === 'custom/queryDates.php') bodies.push(request.fields);
			return undefined;
		};
		const trigger = contactTrigger();
		await trigger.activate();
		await trigger.poll();
		emulator.faultPlan = undefined;
		expect(bodies).toHaveLength(2);
		expect(bodies[0]).toMatchObject({ operation: emulator.operation, module: 'contacts' });
		expect(bodies[1].from).toBe(bodies[0].to);
		for (const body of bodies) expect(body.to).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
	});

	it.each(['simultaneous', 'quota'] as const)('loses no contact and doubles none when a poll is refused (%s)', async (kind) => {
		const trigger = contactTrigger();
		await trigger.activate();
		const created = await newContact('Durante el rechazo');
		// Every try of this poll is refused (simultaneous refusals are retried until the poll's budget runs out).
		emulator.faultPlan = (request) => (request.path === 'custom/queryDates.php' ? { kind } : undefined);
		const refused = await trigger.poll();
		expect(refused.emitted).toBeNull();
		expect(refused.error).toBeDefined();
		emulator.faultPlan = undefined;
		expect(emittedIds(await trigger.poll())).toEqual([created]);
		expect(emittedIds(await trigger.poll())).toEqual([]);
	});

	it('a manual run returns the latest contact', async () => {
		await newContact('Primera');
		const latest = await newContact('Última');
		expect(emittedIds(await contactTrigger().testRun())).toEqual([latest]);
	});
});
