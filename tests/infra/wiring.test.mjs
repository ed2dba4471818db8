// C5-C10: module wiring, variable/reference resolution, tfvars consistency.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TF_ROOT, ENVS, tfDirs, loadDir, rel, moduleSourceDir, dirReferences, dynamicLabels, loadTfvars } from './lib/hcl.mjs';

const META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
const IGNORED_ROOTS = new Set(['count', 'each', 'path', 'self', 'terraform', 'aws', 'random']);
const MODULES = ['networking', 'security', 'database', 'cache', 'compute', 'monitoring', 'storage', 'cdn'];

async function moduleCalls() {
  const out = [];
  for (const dir of tfDirs()) {
    const m = await loadDir(dir);
    for (const [name, arr] of Object.entries(m.module)) out.push({ dir, name, call: arr[0], child: moduleSourceDir(dir, arr[0].source) });
  }
  return out;
}

test('C5 the root calls the eight modules and every local source holds .tf files', async () => {
  const root = await loadDir(TF_ROOT);
  const called = Object.values(root.module).map((a) => path.basename(String(a[0].source)));
  for (const name of MODULES) assert.ok(called.includes(name), `root does not call modules/${name}`);
  for (const { dir, name, call, child } of await moduleCalls()) {
    assert.ok(child, `${rel(dir)}: module.${name} source "${call.source}" is not a local path`);
    assert.ok(fs.existsSync(child), `${rel(dir)}: module.${name} source ${call.source} does not exist`);
    assert.ok(fs.readdirSync(child).some((f) => f.endsWith('.tf')), `${rel(dir)}: module.${name} source has no .tf files`);
  }
});

test('C6 module arguments are declared child variables and required child variables are passed', async () => {
  for (const { dir, name, call, child } of await moduleCalls()) {
    const cm = await loadDir(child);
    for (const arg of Object.keys(call)) {
      if (META.has(arg)) continue;
      assert.ok(cm.variable[arg], `${rel(dir)}: module.${name} passes "${arg}", not a variable of ${rel(child)}`);
    }
    for (const [v, arr] of Object.entries(cm.variable)) {
      if (!('default' in arr[0])) assert.ok(v in call, `${rel(dir)}: module.${name} does not pass required variable "${v}" of ${rel(child)}`);
    }
  }
});

test('C7 every module.<m>.<o> reference names a module call and one of its outputs', async () => {
  for (const dir of tfDirs()) {
    const m = await loadDir(dir);
    for (const { ref, file } of await dirReferences(m)) {
      const parts = ref.split('.');
      if (parts[0] !== 'module') continue;
      const call = m.module[parts[1]]?.[0];
      assert.ok(call, `${rel(file)}: ${ref} -> no module "${parts[1]}" in ${rel(dir)}`);
      if (parts.length >= 3 && !/^\d+$/.test(parts[2])) {
        const cm = await loadDir(moduleSourceDir(dir, call.source));
        assert.ok(cm.output[parts[2]], `${rel(file)}: ${ref} -> ${rel(cm.dir)} has no output "${parts[2]}"`);
      }
    }
  }
});

test('C8 every var.X is declared in its module (unused variables are warnings)', async (t) => {
  for (const dir of tfDirs()) {
    const m = await loadDir(dir);
    const used = new Set();
    for (const { ref, file } of await dirReferences(m)) {
      const [kind, name] = ref.split('.');
      if (kind !== 'var') continue;
      used.add(name);
      assert.ok(m.variable[name], `${rel(file)}: var.${name} is not declared in ${rel(dir)}`);
    }
    for (const v of Object.keys(m.variable)) {
      if (!used.has(v)) t.diagnostic(`warning: ${rel(dir)} declares unused variable "${v}"`);
    }
  }
});

test('C9 every resource, data and local reference resolves in the same directory', async () => {
  for (const dir of tfDirs()) {
    const m = await loadDir(dir);
    const iterators = new Set(m.files.flatMap((f) => [...dynamicLabels(f.json)]));
    for (const { ref, file, where } of await dirReferences(m)) {
      const parts = ref.split('.');
      const [head] = parts;
      if (parts.length < 2 || IGNORED_ROOTS.has(head) || iterators.has(head) || head === 'var' || head === 'module') continue;
      const msg = `${rel(file)} (${where}): ${ref} does not resolve in ${rel(dir)}`;
      if (head === 'local') assert.ok(parts[1] in m.locals, msg);
      else if (head === 'data') assert.ok(m.data[parts[1]]?.[parts[2]], msg);
      else assert.ok(m.resource[head]?.[parts[1]], msg);
    }
  }
});

test('C10 tfvars: keys are root variables, required ones set everywhere, same key sets, environment = folder, connection budget', async () => {
  const root = await loadDir(TF_ROOT);
  const keySets = [];
  for (const env of ENVS) {
    const tv = await loadTfvars(env);
    const keys = Object.keys(tv).sort();
    keySets.push(keys.join(','));
    for (const k of keys) assert.ok(root.variable[k], `${env}/terraform.tfvars: "${k}" is not a root variable`);
    for (const [v, arr] of Object.entries(root.variable)) {
      if (!('default' in arr[0])) assert.ok(v in tv, `${env}/terraform.tfvars: required root variable "${v}" not set`);
      assert.ok(arr[0].type, `root variable "${v}" has no type`);
      assert.ok(arr[0].description, `root variable "${v}" has no description`);
    }
    assert.equal(tv.environment, env, `${env}/terraform.tfvars: environment must be "${env}"`);
    const budget = tv.rds_max_connections - 20;
    assert.ok(tv.ecs_max_tasks * tv.app_db_pool_size <= budget,
      `${env}: ecs_max_tasks x app_db_pool_size = ${tv.ecs_max_tasks * tv.app_db_pool_size} > rds_max_connections - 20 = ${budget}`);
  }
  assert.equal(new Set(keySets).size, 1, 'the three tfvars files must have the same key set');
  // environment has a validation block restricting it to the three environments.
  const envVar = root.variable.environment[0];
  assert.ok(JSON.stringify(envVar.validation || []).includes('production'), 'var.environment needs a validation block');
});
