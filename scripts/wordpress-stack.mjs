#!/usr/bin/env node
// The real WordPress + WooCommerce store (../shared/wordpress: setup.sh, stop.sh and three
// tarballs) in a folder of its own, on loopback ports of its own, with a MariaDB of its own.
// Used by the test helper (tests/helpers/wordpress.ts) and by developers:
//
//   npm run wp:start [-- --fresh]   start (or converge) the store in .tmp/wordpress/dev; prints WP_URL and keys
//   npm run wp:stop                 stop it (the files stay; --fresh starts over)
//
// Settings: WPSTACK_DIR (the folder holding setup.sh; default ../shared/wordpress beside the
// project), WP_PORT / DB_PRIVATE_PORT (default: free ports, kept for the folder's later starts).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The Debian packages the store needs (its README's list; mariadb-server only for its binaries). */
export const APT_INSTALL =
  "sudo apt-get install -y --no-install-recommends php-cli php-mysql php-xml php-mbstring php-curl php-gd php-zip php-intl php-bcmath mariadb-server curl";

export function wpstackDir() {
  return path.resolve(process.env.WPSTACK_DIR || path.join(root, "..", "shared", "wordpress"));
}

function which(cmd, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), ...extraDirs];
  for (const d of dirs) {
    const f = d && path.join(d, cmd);
    if (f && fs.existsSync(f)) return f;
  }
  return undefined;
}

/**
 * What is missing to start the store, as one line with its fix, or null when nothing is.
 * @returns {string | null}
 */
export function missingPrerequisites() {
  const dir = wpstackDir();
  const inputs = ["setup.sh", "stop.sh", "wordpress.tar.gz", "woocommerce.tar.gz", "wp-consent-api.tar.gz"];
  const absent = inputs.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (absent.length > 0) {
    return `The real WordPress store needs ${absent.join(", ")} in ${dir}: set WPSTACK_DIR to the folder with setup.sh and its tarballs (the project's shared/wordpress).`;
  }
  const missing = [];
  if (!which("php")) missing.push("php");
  else {
    // Each extension setup.sh checks, with the Debian package that brings it.
    const exts = {
      mysqli: "mysql",
      xml: "xml",
      mbstring: "mbstring",
      curl: "curl",
      gd: "gd",
      zip: "zip",
      intl: "intl",
      bcmath: "bcmath",
    };
    const list = Object.entries(exts)
      .map(([e, p]) => `"${e}" => "php-${p}"`)
      .join(", ");
    const r = spawnSync("php", ["-r", `foreach ([${list}] as $e => $p) if (!extension_loaded($e)) echo "$p ";`], {
      encoding: "utf8",
    });
    const lacking = (r.stdout ?? "").trim();
    if (r.status !== 0) missing.push("a working php");
    else if (lacking) missing.push(...lacking.split(/\s+/));
  }
  // Debian puts mariadbd in /usr/sbin, which is not on a normal user's PATH (setup.sh looks there too).
  if (!which("mariadbd", ["/usr/sbin"]) || !which("mariadb-install-db") || !which("mariadb")) {
    missing.push("MariaDB (mariadbd, mariadb-install-db, mariadb)");
  }
  if (!which("curl")) missing.push("curl");
  if (missing.length === 0) return null;
  return `The real WordPress store needs ${missing.join(", ")} (not installed): ${APT_INSTALL}`;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The settings setup.sh wrote for a started store ($WORK_DIR/wpstack.env), or null.
 * @param {string} workDir
 * @returns {Record<string, string> | null}
 */
export function readStackEnv(workDir) {
  const file = path.join(workDir, "wpstack.env");
  if (!fs.existsSync(file)) return null;
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

/**
 * Starts (or converges) the store in workDir and resolves with its settings once WooCommerce's
 * REST API answers. The ports are chosen once per folder and kept: the site's URL and its
 * database address are written into the site.
 * @param {{ workDir: string, fresh?: boolean, env?: Record<string, string> }} options
 */
export async function startStack({ workDir: dir0, fresh = false, env = {} }) {
  const workDir = path.resolve(dir0);
  const problem = missingPrerequisites();
  if (problem) throw new Error(problem);
  fs.mkdirSync(workDir, { recursive: true });
  const portsFile = path.join(workDir, "ports.json");
  let ports = fresh || !fs.existsSync(portsFile) ? null : JSON.parse(fs.readFileSync(portsFile, "utf8"));
  if (!ports) {
    ports = {
      wp: Number(process.env.WP_PORT) || (await freePort()),
      db: Number(process.env.DB_PRIVATE_PORT) || (await freePort()),
    };
    fs.writeFileSync(portsFile, JSON.stringify(ports));
  }
  // Every short PHP process the tests start (wp.php()) loads WordPress and WooCommerce anew: a
  // bytecode file cache of their own (file_cache_only, never shared with the server) lets them reuse
  // one compile. The store's server and setup.sh's steps do not get it: php -S workers that read a
  // file cache other processes wrote crash in opcache.so (PHP 8.2.36: a segfault on every
  // POST /wc/v3/customers, each one a request answered with a closed socket).
  const phpIni = path.join(workDir, "php.d");
  fs.mkdirSync(path.join(workDir, "opcache-cli"), { recursive: true });
  fs.mkdirSync(phpIni, { recursive: true });
  fs.rmSync(path.join(phpIni, "zz-harness-opcache.ini"), { force: true });
  fs.writeFileSync(
    path.join(phpIni, "zz-harness-cli-opcache.ini"),
    `opcache.enable_cli=1\nopcache.file_cache=${path.join(workDir, "opcache-cli")}\nopcache.file_cache_only=1\n`,
  );
  const dir = wpstackDir();
  const log = path.join(workDir, "setup.log");
  const started = Date.now();
  const child = spawn("bash", [path.join(dir, "setup.sh")], {
    cwd: workDir,
    stdio: ["ignore", fs.openSync(log, "w"), "pipe"],
    env: {
      ...process.env,
      ...env,
      WORK_DIR: workDir,
      TARBALL_DIR: dir,
      WP_PORT: String(ports.wp),
      DB_MODE: "private",
      DB_PRIVATE_PORT: String(ports.db),
      FRESH: fresh ? "1" : "0",
    },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on("close", resolve));
  const settings = readStackEnv(workDir);
  if (code !== 0 || !settings) {
    const why = stderr.trim().split("\n").pop() || `exit ${code}`;
    throw new Error(`The real WordPress store did not start (${why}); see ${log} and ${path.join(workDir, "logs")}`);
  }
  return {
    ...settings,
    PHP_INI_SCAN_DIR: `${path.delimiter}${phpIni}`,
    WORK_DIR: workDir,
    SITE_DIR: path.join(workDir, "site"),
    WP_PORT: String(ports.wp),
    DB_PRIVATE_PORT: String(ports.db),
    START_MS: String(Date.now() - started),
  };
}

/** Stops the store's php -S and private mariadbd (stop.sh, by their recorded PIDs). */
export function stopStack(dir0, { verbose = false } = {}) {
  const workDir = path.resolve(dir0);
  if (!fs.existsSync(path.join(workDir, "run"))) return;
  spawnSync("bash", [path.join(wpstackDir(), "stop.sh")], {
    env: { ...process.env, WORK_DIR: workDir },
    stdio: ["ignore", verbose ? "inherit" : "ignore", "inherit"],
  });
}

// A Unix socket path must stay under ~107 bytes; mariadbd's socket lives in $WORK_DIR/run.
export function workDirFor(name) {
  const inProject = path.join(root, ".tmp", "wordpress", name);
  return Buffer.byteLength(path.join(inProject, "run", "mysqld.sock")) < 100
    ? inProject
    : path.join(os.tmpdir(), `retention-wordpress-${name}`);
}

async function main(argv) {
  const [cmd, ...flags] = argv;
  const workDir = workDirFor("dev");
  if (cmd === "start") {
    const fresh = flags.includes("--fresh") || process.env.FRESH === "1";
    const s = await startStack({ workDir, fresh });
    console.log(`WordPress + WooCommerce started in ${(Number(s.START_MS) / 1000).toFixed(1)} s (${workDir})`);
    for (const k of ["WP_URL", "WC_CONSUMER_KEY", "WC_CONSUMER_SECRET", "WP_ADMIN_USER", "WP_ADMIN_PASSWORD"]) {
      console.log(`${k}=${s[k]}`);
    }
    console.log(`customers ${s.WP_CUSTOMER_USERS} / ${s.WP_CUSTOMER_PASSWORD}; mail log ${s.WPSTACK_MAIL_LOG}`);
    console.log(
      `(all in ${path.join(workDir, "wpstack.env")}; WPSTACK_ENV=<that file> makes the tests use this store)`,
    );
  } else if (cmd === "stop") {
    stopStack(workDir, { verbose: true });
  } else {
    console.error("usage: node scripts/wordpress-stack.mjs start [--fresh] | stop");
    process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
