#!/usr/bin/env node
// Runs a command under Node 22.12+ with native addons built for that Node. Written for the
// oldest Node this project meets (the machine's Node 20): builtins only, no dependencies.
//
//   node scripts/node22.mjs <command> [args...]   run it (`node` means that Node 22's binary)
//   node scripts/node22.mjs --env                 print `export PATH=... npm_config_nodedir=...`
//                                                 for a shell (.ci/run evals it before npm ci)
//
// Which Node: the running one when it is 22.12 or newer; otherwise node-<os>-<cpu>@22 from the
// npm registry, installed once into NODE22_HOME (default ~/.cache/retention-ci/node22). That
// Node's folder also holds its C headers, so native addons build offline against it
// (npm_config_nodedir). Addons built for another Node (another NODE_MODULE_VERSION) are
// rebuilt before the command runs: npm builds them with whatever Node runs `npm install`.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const MIN_NODE = "22.12.0";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** [major, minor, patch] from "v22.23.5" / "22.23.5", or null. */
export function parseVersion(text) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(text ?? "").trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** True when version (text) is at least min (text). */
export function versionAtLeast(version, min) {
  const a = parseVersion(version);
  const b = parseVersion(min);
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** NODE_MODULE_VERSION (the addon ABI) from a Node's include/node/node_version.h. */
export function moduleVersionFromHeader(text) {
  const m = /^#define\s+NODE_MODULE_VERSION\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * The ABI a compiled addon was built for, read from its bytes: a context-aware addon exports
 * `node_register_module_v<ABI>`; a Node-API addon `napi_register_module_v1` and runs on any
 * Node ("napi"). null when neither symbol is there (a legacy addon, or not an addon at all).
 */
export function addonAbi(bytes) {
  const text = Buffer.from(bytes).toString("latin1");
  const m = /node_register_module_v(\d+)/.exec(text);
  if (m) return Number(m[1]);
  return text.includes("napi_register_module_v") ? "napi" : null;
}

/** The ABI named in Node's load error for an addon built for another Node, or null. */
export function abiFromLoadError(message) {
  const m = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}

/**
 * Addons whose ABI is known and differs from the target's: the packages to rebuild.
 * @template {{ abi: number | string | null }} T
 * @param {T[]} addons
 * @param {number} targetAbi
 * @returns {T[]}
 */
export function staleAddons(addons, targetAbi) {
  return addons.filter((a) => typeof a.abi === "number" && a.abi !== targetAbi);
}

/**
 * Compiled addons of packages that node-gyp builds (binding.gyp).
 * @param {string} nodeModules
 * @returns {{ pkg: string, name: string, file: string }[]}
 */
export function findBuiltAddons(nodeModules) {
  const found = [];
  const visit = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith(".")) continue;
      const pkg = path.join(dir, e.name);
      if (e.name.startsWith("@")) {
        visit(pkg);
        continue;
      }
      const release = path.join(pkg, "build", "Release");
      if (fs.existsSync(path.join(pkg, "binding.gyp")) && fs.existsSync(release)) {
        let name = e.name;
        try {
          name = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).name ?? name;
        } catch {
          // no readable package.json: npm rebuild by the folder's name
        }
        for (const f of fs.readdirSync(release)) {
          if (f.endsWith(".node")) found.push({ pkg, name, file: path.join(release, f) });
        }
      }
      visit(path.join(pkg, "node_modules"));
    }
  };
  visit(nodeModules);
  return found;
}

function fail(line) {
  // One line, with its fix: what a newcomer needs to see.
  console.error(`\n${line}\n`);
  process.exit(1);
}

function onPath(cmd, envPath = process.env.PATH ?? "") {
  return envPath.split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, cmd)));
}

/** The folder of a Node install that holds include/node (for node-gyp's nodedir), or undefined. */
function nodeDirOf(bin) {
  const dir = path.resolve(path.dirname(bin), "..");
  return fs.existsSync(path.join(dir, "include", "node", "common.gypi")) ? dir : undefined;
}

function describe(bin, version) {
  const dir = nodeDirOf(bin);
  const header = dir && path.join(dir, "include", "node", "node_version.h");
  let abi = header && fs.existsSync(header) ? moduleVersionFromHeader(fs.readFileSync(header, "utf8")) : null;
  if (bin === process.execPath) abi = Number(process.versions.modules);
  if (!abi) abi = Number(spawnSync(bin, ["-p", "process.versions.modules"], { encoding: "utf8" }).stdout);
  return { bin, version, abi, dir };
}

// npm run sets npm_execpath to the npm that runs the scripts; outside npm, `npm` on PATH.
function npmCommand(nodeBin) {
  const cli = process.env.npm_execpath;
  if (cli && /\.c?js$/.test(cli) && fs.existsSync(cli)) return [nodeBin, [cli]];
  return ["npm", []];
}

/** The env for a nested npm: the calling npm's per-project settings would retarget it. */
function nestedNpmEnv(base = process.env) {
  const env = { ...base };
  for (const k of Object.keys(env)) {
    if (/^npm_(lifecycle|package)_/.test(k) || /^npm_config_(prefix|local_prefix|global|save|omit|include)/i.test(k)) {
      delete env[k];
    }
  }
  return env;
}

export function node22Home() {
  return path.resolve(process.env.NODE22_HOME || path.join(os.homedir(), ".cache", "retention-ci", "node22"));
}

function installedNode(home, pkgName) {
  const pkgDir = path.join(home, "node_modules", pkgName);
  const bin = path.join(pkgDir, "bin", "node");
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
    if (fs.existsSync(bin) && versionAtLeast(version, MIN_NODE)) return { bin, version };
  } catch {
    // not installed (or half installed): install below
  }
  return undefined;
}

function sleepMs(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// A lock left by a process that is gone (killed mid-install). The pid file is written just
// after the lock folder is made, so a lock without one is stale only once it is old.
function lockIsStale(lock) {
  let holder;
  try {
    holder = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
  } catch {
    holder = NaN;
  }
  if (!(holder > 0)) {
    try {
      return Date.now() - fs.statSync(lock).mtimeMs > 30_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(holder, 0);
    return false;
  } catch (e) {
    return e.code === "ESRCH";
  }
}

// Two runs may start at once on a fresh machine: one installs, the other waits for it.
function withInstallLock(home, fn) {
  fs.mkdirSync(home, { recursive: true });
  const lock = path.join(home, ".install-lock");
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      if (lockIsStale(lock) || Date.now() > deadline) fs.rmSync(lock, { recursive: true, force: true });
      else sleepMs(500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The Node to run under: the current one if new enough, else Node 22 from the npm registry. */
export function ensureNode22() {
  if (versionAtLeast(process.versions.node, MIN_NODE)) return describe(process.execPath, process.versions.node);
  const home = node22Home();
  const pkgName = `node-${process.platform}-${process.arch}`;
  let node = installedNode(home, pkgName);
  if (!node) {
    node = withInstallLock(home, () => {
      const ready = installedNode(home, pkgName);
      if (ready) return ready;
      console.error(`Node ${process.versions.node} is older than ${MIN_NODE}: fetching ${pkgName}@22 into ${home}`);
      const [cmd, pre] = npmCommand(process.execPath);
      const args = [
        ...pre,
        "install",
        "--prefix",
        home,
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `${pkgName}@22`,
      ];
      const r = spawnSync(cmd, args, { env: nestedNpmEnv(), stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
      const got = installedNode(home, pkgName);
      if (r.status !== 0 || !got) {
        const why = `${r.error?.message ?? ""}${r.stderr ?? ""}`.trim().split("\n").pop();
        fail(
          `Node ${MIN_NODE}+ is needed (this is ${process.versions.node}) and fetching ${pkgName}@22 from the npm registry failed (${why || `exit ${r.status}`}). Fix: make the npm registry reachable, or install Node 22.12+ and put it first on PATH.`,
        );
      }
      return got;
    });
  }
  return describe(node.bin, node.version);
}

/** Rebuilds, against `node`, the addons that were built for another Node. */
export function ensureAddonsMatch(node, nodeModules = path.join(root, "node_modules")) {
  const addons = findBuiltAddons(nodeModules).map((a) => ({ ...a, abi: addonAbi(fs.readFileSync(a.file)) }));
  // An addon without a readable ABI symbol: ask the target Node to load it.
  for (const a of addons.filter((x) => x.abi === null)) {
    const probe = spawnSync(node.bin, ["-e", "process.dlopen({ exports: {} }, process.argv[1])", a.file], {
      encoding: "utf8",
    });
    a.abi = abiFromLoadError(probe.stderr ?? "") ?? "unknown";
  }
  const stale = staleAddons(addons, node.abi);
  if (stale.length === 0) return;
  const names = [...new Set(stale.map((a) => a.name))];
  const from = [...new Set(stale.map((a) => a.abi))].join(", ");
  const missing = ["make", "c++", "python3"].filter((c) => !onPath(c));
  if (missing.length > 0) {
    fail(
      `${names.join(", ")} must be rebuilt for Node ${node.version} (built for NODE_MODULE_VERSION ${from}, needs ${node.abi}) but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} missing. Fix: sudo apt-get install build-essential python3`,
    );
  }
  if (!node.dir) {
    fail(
      `${names.join(", ")} must be rebuilt for Node ${node.version}, whose C headers (include/node) are not beside ${node.bin}. Fix: install Node's headers, or remove that Node from PATH so that Node 22 comes from the npm registry.`,
    );
  }
  console.error(
    `Rebuilding ${names.join(", ")} for Node ${node.version} (NODE_MODULE_VERSION ${node.abi}; it was built for ${from})`,
  );
  const [cmd, pre] = npmCommand(node.bin);
  const r = spawnSync(cmd, [...pre, "rebuild", "--no-audit", "--no-fund", ...names], {
    cwd: path.dirname(nodeModules),
    stdio: ["ignore", "inherit", "inherit"],
    env: nestedNpmEnv(envFor(node)),
  });
  const still = staleAddons(
    findBuiltAddons(nodeModules).map((a) => ({ ...a, abi: addonAbi(fs.readFileSync(a.file)) })),
    node.abi,
  );
  if (r.status !== 0 || still.length > 0) {
    fail(
      `Rebuilding ${names.join(", ")} for Node ${node.version} failed (npm rebuild exit ${r.status}). Fix: see the compiler output above; then run npm rebuild ${names.join(" ")} with Node 22 first on PATH.`,
    );
  }
}

/** The environment a command gets: this Node first on PATH, and addons built against it. */
export function envFor(node, base = process.env) {
  const bin = path.dirname(node.bin);
  const rest = (base.PATH ?? "").split(path.delimiter).filter((d) => d && d !== bin);
  const env = { ...base, PATH: [bin, ...rest].join(path.delimiter) };
  if (node.dir) env.npm_config_nodedir = node.dir;
  // npm's own hint for tools that start `node` (node-gyp, some CLIs).
  env.npm_node_execpath = node.bin;
  env.NODE = node.bin;
  return env;
}

function shellQuote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

function main(argv) {
  if (argv.length === 0) {
    console.error("usage: node scripts/node22.mjs <command> [args...] | --env");
    process.exit(2);
  }
  const node = ensureNode22();
  if (argv[0] === "--env") {
    const env = envFor(node);
    console.log(`export PATH=${shellQuote(env.PATH)}`);
    if (env.npm_config_nodedir) console.log(`export npm_config_nodedir=${shellQuote(env.npm_config_nodedir)}`);
    return;
  }
  ensureAddonsMatch(node);
  const [cmd, ...args] = argv;
  const child = spawn(cmd === "node" ? node.bin : cmd, args, { stdio: "inherit", env: envFor(node) });
  // The wrapper stays in between (Node 20 has no exec): pass signals on, exit as the child did.
  const forward = (sig) => child.kill(sig);
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const sig of signals) process.on(sig, forward);
  child.on("error", (e) => fail(`Could not start ${cmd}: ${e.message}. Fix: run npm install first.`));
  child.on("exit", (code, signal) => {
    for (const sig of signals) process.off(sig, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
