/** The data of a `wolkvoxApi` credential, as n8n hands it to the node. */
export interface WolkvoxCredentials {
	/** One of the known CRM hosts, or `custom` to use `customServer`. */
	server: string;
	customServer?: string;
	/** The CRM operation (account) name the token was generated for. */
	operation: string;
	token: string;
}

export const CUSTOM_SERVER = 'custom';
