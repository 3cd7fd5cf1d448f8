// A real WordPress + WooCommerce (+ WP Consent API) for the plugin's tests, started from
// ../shared/wordpress/setup.sh in a private work folder, on free ports, with a fresh database;
// plus the few things the tests do with it: run PHP inside WordPress, and browse as a user with
// a cookie jar. Kept small and local on purpose: tests/helpers/wordpress.ts (being written by
// another helper) will replace start/stop; the rest only needs a base URL and a site folder.
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");
/** Where setup.sh and the tarballs are: ../shared/wordpress beside the checkout, or WORDPRESS_STACK_DIR. */
export const STACK_DIR = process.env.WORDPRESS_STACK_DIR ?? path.resolve(root, "..", "shared", "wordpress");

export interface WpStack {
  url: string;
  workDir: string;
  site: string;
  adminUser: string;
  adminPassword: string;
  customerPassword: string;
  /** Runs PHP with WordPress loaded (as the admin user) and returns what it echoes. */
  php(code: string): Promise<string>;
  /** Like php() but the code returns a value, which comes back JSON-decoded. */
  phpJson<T>(code: string): Promise<T>;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Starts a fresh stack (6-20 s on this machine, depending on load). While developing, set
 * WP_STACK_REUSE to the WORK_DIR of a stack already started with setup.sh: it is used as it is
 * and left running.
 */
export async function startWordPress(): Promise<WpStack> {
  if (!fs.existsSync(path.join(STACK_DIR, "setup.sh")))
    throw new Error(`No WordPress stack at ${STACK_DIR} (set WORDPRESS_STACK_DIR to the folder with setup.sh)`);
  const reuse = process.env.WP_STACK_REUSE;
  if (reuse) {
    const wpUrl = fs.readFileSync(path.join(reuse, "wpstack.env"), "utf8").match(/^WP_URL=(.*)$/m)![1];
    return stackAt(reuse, wpUrl, () => undefined);
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "wpplugin-"));
  const [wpPort, dbPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    WORK_DIR: workDir,
    WP_PORT: String(wpPort),
    DB_PRIVATE_PORT: String(dbPort),
    DB_MODE: "private",
    FRESH: "1",
    PHP_WORKERS: "3",
  };
  const stop = () => {
    try {
      execFileSync("bash", [path.join(STACK_DIR, "stop.sh")], { env, stdio: "ignore" });
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  };
  try {
    await new Promise<void>((resolve, reject) =>
      execFile("bash", [path.join(STACK_DIR, "setup.sh")], { env, maxBuffer: 16 << 20 }, (err, _out, errOut) =>
        err ? reject(new Error(`setup.sh failed: ${err.message}\n${errOut}`)) : resolve(),
      ),
    );
  } catch (e) {
    stop();
    throw e;
  }
  return stackAt(workDir, `http://127.0.0.1:${wpPort}`, stop);
}

function stackAt(workDir: string, url: string, stop: () => void): WpStack {
  const site = path.join(workDir, "site");
  const runner = path.join(__dirname, "php", "wp-run.php");
  const opcacheDir = path.join(workDir, "opcache-cli");
  fs.mkdirSync(opcacheDir, { recursive: true });
  const php = (code: string) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(
        "php",
        // opcache's file cache lets each short PHP process reuse the compiled WordPress and WooCommerce.
        ["-d", "display_errors=stderr", "-d", "error_reporting=E_ALL&~E_DEPRECATED", "-d", "opcache.enable_cli=1"]
          .concat(["-d", `opcache.file_cache=${opcacheDir}`, "-d", "opcache.file_cache_only=1"])
          .concat([runner, site, url]),
        { maxBuffer: 16 << 20 },
        (err, out, errOut) => (err ? reject(new Error(`PHP failed: ${err.message}\n${errOut}\n${out}`)) : resolve(out)),
      );
      child.stdin!.end(code);
    });
  return {
    url,
    workDir,
    site,
    adminUser: "admin",
    adminPassword: "admin-password",
    customerPassword: "customer-password",
    php,
    phpJson: async <T>(code: string) => JSON.parse(await php(`echo wp_json_encode((function () { ${code} })());`)) as T,
    stop,
  };
}

/** A browser-like client: keeps cookies, never follows redirects by itself. */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  async request(
    pathOrUrl: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; body?: string } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let body = init.body;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : this.base + pathOrUrl;
    const res = await fetch(url, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const i = pair.indexOf("=");
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1)];
      if (/expires=[^;]*19[0-9]{2}|max-age=0/i.test(cookie) || value === "" || value === "deleted")
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, location: res.headers.get("location"), text: await res.text() };
  }

  /** Signs in through wp-login.php. */
  async login(user: string, password: string) {
    this.cookies.set("wordpress_test_cookie", "WP%20Cookie%20check");
    const res = await this.request("/wp-login.php", {
      form: { log: user, pwd: password, "wp-submit": "Log In", testcookie: "1", redirect_to: `${this.base}/` },
    });
    if (res.status !== 302 || ![...this.cookies.keys()].some((k) => k.startsWith("wordpress_logged_in_")))
      throw new Error(`login as ${user} failed: HTTP ${res.status}`);
    return this;
  }

  /** Cookies in Playwright's format, to carry this session into Chromium. */
  playwrightCookies() {
    const { hostname, port } = new URL(this.base);
    return [...this.cookies].map(([name, value]) => ({ name, value, url: `http://${hostname}:${port}/` }));
  }
}

/** The value of an HTML attribute on the first element that has `marker`, decoded. */
export function attributeOf(html: string, marker: string, attribute: string): string | null {
  const tag = html.match(new RegExp(`<[^>]*\\s${marker}[\\s>=][^>]*>`))?.[0];
  const value = tag?.match(new RegExp(`\\s${attribute}="([^"]*)"`))?.[1];
  return value === undefined ? null : decodeHtml(value);
}

export function decodeHtml(s: string): string {
  return s
    .replace(/&#0?38;|&amp;/g, "&")
    .replace(/&quot;|&#0?34;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
