import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { wolkvoxApiTest } from '../WolkvoxCases/transport/credentialTest';
import { getCredentials } from '../WolkvoxCases/transport/request';
import { CASE_STATES, type CaseStatusState, pollCaseReachedStatus, type PollResult } from './poll/caseReachedStatus';
import { costText } from './poll/cost';
import { type NewContactState, pollNewContact } from './poll/newContact';
import { unlessAlreadyPolling } from './poll/singlePoll';

/** Where each event keeps its state in the workflow's static data (node scope). */
const STATE_KEYS = { caseReachedStatus: 'casesInStatus', newContact: 'contactWindow' } as const;
type TriggerEvent = keyof typeof STATE_KEYS;

export class WolkvoxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wolkvox Trigger',
		name: 'wolkvoxTrigger',
		icon: { light: 'file:../WolkvoxCases/wolkvox.svg', dark: 'file:../WolkvoxCases/wolkvox.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when a wolkvox CRM case reaches a status or a contact is created (polls the API)',
		defaults: { name: 'Wolkvox Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wolkvoxApi', required: true, testedBy: 'wolkvoxApiTest' }],
		properties: [
			{
				displayName: `Every poll spends requests of the token's daily quota (4,800 in wolkvox's example), shared with every workflow that uses the token: one per chosen status for Case Reached Status, one for New Contact. Polling every minute costs 1,440 requests a day per request of a poll; every 5 minutes 288; every 15 minutes 96; every hour 24.`,
				name: 'costNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Case Reached Status',
						value: 'caseReachedStatus',
						description: 'A case is found in one of the chosen statuses for the first time',
					},
					{
						name: 'New Contact',
						value: 'newContact',
						description: 'A contact was created since the last poll',
					},
				],
				default: 'caseReachedStatus',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: CASE_STATES.map((state) => ({ name: state, value: state })),
				default: ['Solucionado'],
				required: true,
				description: 'The statuses to watch; each one costs one request per poll',
				displayOptions: { show: { event: ['caseReachedStatus'] } },
			},
			{
				displayName: `New contacts are found with custom/queryDates.php. Which date it filters (creation or last change) is not documented, and its times are read in the workflow's time zone: set the workflow's time zone (Settings) to the CRM's.`,
				name: 'newContactNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['newContact'] } },
			},
		],
	};

	methods = { credentialTest: { wolkvoxApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// A manual run (Fetch Test Event) reads no state and writes none: it may overlap anything.
		if (this.getMode() === 'manual') return await pollOnce(this, true);
		const emitted = await unlessAlreadyPolling(String(this.getWorkflow().id ?? ''), this.getNode().id, async () => await pollOnce(this, false));
		if (emitted !== undefined) return emitted;
		this.logger.debug('Wolkvox Trigger: the previous poll of this node is still running; this one sends nothing', { node: this.getNode().name });
		return null;
	}
}

/** One poll: its requests, the records to emit, and (unless it is a manual run) the new state. */
async function pollOnce(ctx: IPollFunctions, manual: boolean): Promise<INodeExecutionData[][] | null> {
	if (!manual) assertStateIsSaved(ctx);
	const event = ctx.getNodeParameter('event') as TriggerEvent;
	const staticData = ctx.getWorkflowStaticData('node');
	const credentials = await getCredentials(ctx, 0);
	const key = STATE_KEYS[event];

	let result: PollResult<CaseStatusState | NewContactState>;
	let requestsPerPoll = 1;
	try {
		if (event === 'caseReachedStatus') {
			const statuses = ctx.getNodeParameter('statuses', []) as string[];
			if (statuses.length === 0) {
				throw new NodeOperationError(ctx.getNode(), 'No status is chosen', { description: 'Choose at least one status under Statuses.' });
			}
			requestsPerPoll = statuses.length;
			result = await pollCaseReachedStatus(ctx, credentials, statuses, staticData[key] as CaseStatusState | undefined, manual);
		} else {
			result = await pollNewContact(ctx, credentials, staticData[key] as NewContactState | undefined, manual);
		}
	} catch (error) {
		// Nothing is emitted and the state is untouched, so the next poll finds the same events.
		const described = error as NodeOperationError;
		described.description = `${described.description ?? ''} ${costText(ctx.getNodeParameter('pollTimes', {}) as IDataObject, requestsPerPoll)}`.trim();
		throw described;
	}

	// Saved only now that every request of the poll succeeded; the other event's state is dropped.
	if (result.state) {
		staticData[key] = result.state as unknown as IDataObject;
		for (const other of Object.values(STATE_KEYS)) if (other !== key) delete staticData[other];
	}
	return result.records.length ? [ctx.helpers.returnJsonArray(result.records)] : null;
}

/**
 * n8n saves a workflow's static data only when its id has at most 21 characters (16 in n8n 1.85):
 * `isWorkflowIdValid` in n8n's utils. n8n makes 16-character ids, but an imported workflow keeps
 * the id its file gives. With a longer one, the trigger's state would silently never be saved, and
 * each restart would take a new baseline, losing what happened meanwhile: refuse to poll instead.
 */
const MAX_SAVED_WORKFLOW_ID = 21;

function assertStateIsSaved(ctx: IPollFunctions): void {
	const id = String(ctx.getWorkflow().id ?? '');
	if (id.length <= MAX_SAVED_WORKFLOW_ID) return;
	throw new NodeOperationError(ctx.getNode(), `n8n would not save this trigger's state: the workflow's id "${id}" has more than ${MAX_SAVED_WORKFLOW_ID} characters`, {
		description:
			'n8n keeps a polling trigger\'s state only for workflow ids of up to 21 characters (16 in n8n 1.x); without it every restart starts over and events in between are lost. Duplicate the workflow (the copy gets an id made by n8n), or import it with an "id" of at most 16 characters.',
	});
}
