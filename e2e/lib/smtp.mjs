// An SMTP server on loopback for the recipes that send e-mail (n8n's Send Email node): nodemailer's
// smtp-server, which speaks the protocol as a real relay does (EHLO, AUTH PLAIN/LOGIN, size limit),
// with every message kept and parsed by mailparser for the checks. No TLS: loopback only.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/** Starts it on a free port; resolves {port, user, password, messages, stop}. */
export async function startSmtp({ user = 'n8n-e2e', password = 'smtp-e2e-password' } = {}) {
	const messages = [];
	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS'],
		authMethods: ['PLAIN', 'LOGIN'],
		size: 10 * 1024 * 1024,
		banner: 'wolkvox e2e SMTP',
		onAuth(auth, _session, callback) {
			if (auth.username === user && auth.password === password) callback(null, { user });
			else callback(new Error('Invalid username or password'));
		},
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((parsed) => {
					messages.push({ parsed, envelope: { from: session.envelope.mailFrom?.address, to: session.envelope.rcptTo.map((r) => r.address) }, user: session.user });
					callback();
				})
				.catch(callback);
		},
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		port: server.server.address().port,
		user,
		password,
		messages,
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}
