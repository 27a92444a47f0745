/**
 * Stand-ins for a Redis in trouble, on 127.0.0.1: one that accepts connections and never answers
 * (a hung Redis), and a proxy to the real one that holds what clients send for a settable delay
 * (a Redis slow to get to its commands).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

async function listen(server: Server): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no TCP address');
	return address.port;
}

async function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
	for (const socket of sockets) socket.destroy();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A TCP server that accepts connections and never says a word, like a hung Redis. */
export async function startSilentServer(): Promise<{
	port: number;
	connections: () => number;
	close: () => Promise<void>;
}> {
	const sockets = new Set<Socket>();
	let accepted = 0;
	const server: Server = createServer((socket) => {
		accepted += 1;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const port = await listen(server);
	return { port, connections: () => accepted, close: async () => await closeAll(server, sockets) };
}

/**
 * A TCP proxy to Redis that holds what clients send for a settable delay (in order); answers
 * come back at once.
 */
export async function startDelayingProxy(redisUrl: URL): Promise<{
	port: number;
	setDelay: (ms: number) => void;
	forwardedChunks: () => number;
	/** Cuts every open connection, as a Redis restart would; new ones are accepted. */
	cutConnections: () => void;
	close: () => Promise<void>;
}> {
	let delayMs = 0;
	let forwarded = 0;
	const sockets = new Set<Socket>();
	const server: Server = createServer((client) => {
		const upstream = connect(Number(redisUrl.port || 6379), redisUrl.hostname);
		let lastRelease = 0;
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => undefined);
		}
		client.on('data', (chunk: Buffer) => {
			// Never earlier than a chunk sent before it, so the stream keeps its order.
			const releaseAt = Math.max(Date.now() + delayMs, lastRelease);
			lastRelease = releaseAt;
			setTimeout(() => {
				forwarded += 1;
				upstream.write(chunk);
			}, releaseAt - Date.now());
		});
		upstream.on('data', (chunk: Buffer) => client.write(chunk));
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	const port = await listen(server);
	return {
		port,
		setDelay: (ms) => (delayMs = ms),
		forwardedChunks: () => forwarded,
		cutConnections: () => {
			for (const socket of sockets) socket.destroy();
		},
		close: async () => await closeAll(server, sockets),
	};
}
