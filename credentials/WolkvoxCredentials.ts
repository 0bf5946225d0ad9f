/** The data of a `wolkvoxApi` credential, as n8n hands it to the node. */
export interface WolkvoxCredentials {
	/** One of the known CRM hosts, or `custom` to use `customServer`. */
	server: string;
	customServer?: string;
	/** The CRM operation (account) name the token was generated for. */
	operation: string;
	token: string;
	/** The token's simultaneous requests this n8n process may use (default 2); absent in credentials saved before it existed. */
	simultaneousRequests?: number;
}

export const CUSTOM_SERVER = 'custom';
