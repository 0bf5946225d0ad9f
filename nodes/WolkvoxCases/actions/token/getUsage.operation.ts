import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsProperty, readRetry, readTimeoutMs } from '../common/caseFields';
import { getCredentials, wolkvoxRequest } from '../../transport/request';

const properties: INodeProperties[] = [
	{
		displayName: 'This call counts against the daily quota it reports',
		name: 'quotaNotice',
		type: 'notice',
		default: '',
	},
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['token'], operation: ['getUsage'] } }, properties);

/** token/tokenInformation.php: today's quota of the credential's token. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const { operation } = credentials;
	const envelope = await wolkvoxRequest.call(this, itemIndex, {
		credentials,
		method: 'GET',
		path: 'token/tokenInformation.php',
		qs: { operation },
		context: {
			action: 'read the token usage',
			ifLost: 'nothing was changed; run the item again',
			requiredFields: ['operation'],
			sentFields: ['operation'],
		},
		timeoutMs: readTimeoutMs(this, itemIndex),
		retry: readRetry(this, itemIndex),
	});
	const data = envelope.data as IDataObject;
	const limit = Number(data.token_limit);
	const used = Number(data.token_use_today);
	return {
		...data,
		...(Number.isFinite(limit) && Number.isFinite(used) ? { remaining_today: Math.max(limit - used, 0) } : {}),
	};
}
