import type {
	IAuthenticateGeneric,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { CUSTOM_SERVER } from './WolkvoxCredentials';

export class WolkvoxApi implements ICredentialType {
	name = 'wolkvoxApi';

	displayName = 'Wolkvox API';

	icon: Icon = { light: 'file:../nodes/WolkvoxCases/wolkvox.svg', dark: 'file:../nodes/WolkvoxCases/wolkvox.dark.svg' };

	documentationUrl = 'https://wolkvox.helpjuice.com/en_US/wvx-crm/como-gestionar-y-entender-los-tokens-en-wolkvox-crm';

	properties: INodeProperties[] = [
		{
			displayName: 'Server',
			name: 'server',
			type: 'options',
			default: 'crm0001.wolkvox.com',
			description:
				'The CRM server of your operation: log in at crm.wolkvox.com and read the host name in the address bar',
			options: [
				{ name: 'crm0001.wolkvox.com', value: 'crm0001.wolkvox.com' },
				{ name: 'crm0000.wolkvox.com', value: 'crm0000.wolkvox.com' },
				{ name: 'crm.wolkvox.com', value: 'crm.wolkvox.com' },
				{ name: 'crm01.wolkvox.com', value: 'crm01.wolkvox.com' },
				{ name: 'Other', value: CUSTOM_SERVER, description: 'Another CRM host, or a test server such as npm run emulator' },
			],
		},
		{
			displayName: 'Server Host or URL',
			name: 'customServer',
			type: 'string',
			default: '',
			placeholder: 'crm0001.wolkvox.com',
			hint: 'A CRM host such as crm0001.wolkvox.com (always https), or a test server on this machine such as http://127.0.0.1:5680 (http only for 127.0.0.1, localhost and host.docker.internal)',
			displayOptions: { show: { server: [CUSTOM_SERVER] } },
		},
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description: 'The name of your wolkvox operation (account); the token belongs to it',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API token generated in the CRM module of your operation',
		},
		{
			displayName: 'Simultaneous Requests',
			name: 'simultaneousRequests',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 2,
			description:
				'How many requests with this token this n8n process sends at once. wolkvox allows 2 per token, shared by everything that uses it; every execution in this n8n process shares these, and items wait their turn instead of being refused.',
			hint: 'Queue mode with N workers sharing the token: 2 ÷ N rounded down, at least 1. Lower it if other applications use the same token.',
		},
	];

	// Tested by the node's `wolkvoxApiTest` (testedBy): it normalises the server first and tells
	// which of server, token or operation is wrong, which a declarative test request cannot.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'Wolkvox-Token': '={{$credentials.token.trim()}}' },
		},
	};
}
