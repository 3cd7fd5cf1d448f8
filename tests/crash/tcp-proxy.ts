// A TCP proxy the test controls, between the app and a service (PostgreSQL, Redis), to take the
// service away without touching the machine's own: `cut()` drops every connection and refuses
// new ones (a restart, a network cut), `blackhole()` accepts connections and never answers (a
// hung server), `freeze()` keeps the open connections but passes nothing more through them (a
// silent network partition: the client still believes it is connected), `restore()` forwards
// again on the same port.
import net from "node:net";

export interface TcpProxy {
  port: number;
  url(template: string): string;
  cut(): Promise<void>;
  blackhole(): void;
  freeze(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Sees every chunk the client sends before it is forwarded; "drop" keeps it from the service. */
  inspect?: (chunk: Buffer) => "drop" | void;
}

export async function startTcpProxy(
  target: { host: string; port: number },
  options: TcpProxyOptions = {},
): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  let mode: "forward" | "blackhole" = "forward";
  let frozen = false;
  let server: net.Server | null = null;
  let port = 0;

  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  const onConnection = (client: net.Socket) => {
    track(client);
    if (mode === "blackhole") return; // accepted, never answered
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    if (options.inspect) {
      const inspect = options.inspect;
      client.on("data", (chunk: Buffer) => {
        if (inspect(chunk) !== "drop") upstream.write(chunk);
      });
    } else client.pipe(upstream);
    upstream.pipe(client);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.on("close", () => (upstream.destroy(), pairs.delete(pair)));
    upstream.on("close", () => client.destroy());
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer(onConnection);
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    pairs.clear();
  };
  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await listen();
  return {
    get port() {
      return port;
    },
    url: (template) => template.replace("{port}", String(port)),
    async cut() {
      const closed = stopListening();
      dropAll();
      await closed;
    },
    blackhole() {
      mode = "blackhole";
      dropAll();
    },
    freeze() {
      mode = "blackhole";
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async restore() {
      mode = "forward";
      // Frozen connections never recover by themselves: drop them so the clients reconnect.
      if (frozen) dropAll();
      frozen = false;
      if (!server) await listen();
    },
    async close() {
      const closed = stopListening();
      dropAll();
      await closed;
    },
  };
}
